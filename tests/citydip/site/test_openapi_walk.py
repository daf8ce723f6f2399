"""The API description says exactly what the server does: each request it allows is answered with a status and a
content type it lists (and JSON that matches its schema), and each request it forbids — a number out of its
range, a value off its list, a text too long, too many values — is a 400."""

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate

from citydip.site.api import CONTENT_TYPES, openapi_document

pytestmark = pytest.mark.django_db

DOCUMENT = openapi_document("http://testserver")
OPERATIONS = [
    pytest.param(path, operation, id=f"{path}")
    for path, item in sorted(DOCUMENT["paths"].items())
    for operation in item.values()
]


def test_the_description_is_valid_openapi_3_1():
    validate(DOCUMENT)


def test_the_description_served_is_the_one_walked(client):
    assert client.get("/api/openapi.json").json() == DOCUMENT


def address(path: str, operation: dict) -> str:
    for parameter in operation["parameters"]:
        if parameter["in"] == "path":
            path = path.replace(f"{{{parameter['name']}}}", parameter["example"])
    return path


def query_parameters(operation: dict) -> list[dict]:
    return [parameter for parameter in operation["parameters"] if parameter["in"] == "query"]


def allowed(schema: dict, example=None) -> list:
    """Values the schema allows: each of its list, its smallest and largest number, its example."""
    if schema.get("type") == "array":
        one = allowed(schema["items"], example[0] if example else None)
        return [[value] for value in one] + [[one[0]] * schema["maxItems"]]
    if "enum" in schema:
        return list(schema["enum"])
    if schema.get("type") == "integer":
        return [schema["minimum"], schema["maximum"]]
    return [example] if example is not None else []


def forbidden(schema: dict, example=None) -> list:
    """Values the schema forbids: off its list, out of its range, not a number, too long, too many."""
    if schema.get("type") == "array":
        one = allowed(schema["items"], example[0] if example else None)
        return [[value] for value in forbidden(schema["items"])] + [[one[0]] * (schema["maxItems"] + 1)]
    if "enum" in schema:
        return ["not-one-of-them"]
    if schema.get("type") == "integer":
        return [schema["minimum"] - 1, schema["maximum"] + 1, "two"]
    if "maxLength" in schema:
        return ["x" * (schema["maxLength"] + 1)]
    return []


def answers_json(operation: dict) -> bool:
    return any(p["name"] == "format" and "json" in p["schema"]["enum"] for p in query_parameters(operation))


def assert_as_described(response, operation: dict, requested_format: str):
    if response.streaming:  # a CSV export, read to its end as a reader would
        b"".join(response.streaming_content)
    status = str(response.status_code)
    assert status in operation["responses"], f"{status} is not described: {response.content[:300]}"
    described = operation["responses"][status].get("content", {})
    content_type = response["Content-Type"].split(";")[0]
    assert content_type in described, f"{content_type} is not described for {status}"
    assert content_type == CONTENT_TYPES[requested_format], "the format asked for is the one answered"
    schema = described[content_type].get("schema", {})
    if "$ref" in schema:
        validator = Draft202012Validator({**schema, "components": DOCUMENT["components"]}, format_checker=FormatChecker())
        errors = list(validator.iter_errors(response.json()))
        assert not errors, errors[0].message


@pytest.mark.parametrize("path, operation", OPERATIONS)
def test_every_request_the_description_allows_is_answered_as_described(client, path, operation):
    url = address(path, operation)
    requested_format = "json" if answers_json(operation) else "html"
    tried = 0
    for parameter in query_parameters(operation):
        for value in allowed(parameter["schema"], parameter.get("example")):
            fmt = value if parameter["name"] == "format" else requested_format
            query = {"format": fmt, parameter["name"]: value}
            response = client.get(url, query)
            assert_as_described(response, operation, fmt)
            # The last page of a listing is far from the largest page number a request may ask for.
            past_the_last = parameter["name"] == "page" and value == parameter["schema"]["maximum"]
            assert response.status_code == (404 if past_the_last else 200), (parameter["name"], value)
            tried += 1
    assert tried


@pytest.mark.parametrize("path, operation", OPERATIONS)
def test_every_request_the_description_forbids_is_a_400(client, path, operation):
    url = address(path, operation)
    requested_format = "json" if answers_json(operation) else "html"
    for parameter in query_parameters(operation):
        for value in forbidden(parameter["schema"], parameter.get("example")):
            fmt = "html" if parameter["name"] == "format" else requested_format
            response = client.get(url, {"format": fmt, parameter["name"]: value} if fmt != "html" else {parameter["name"]: value})
            assert response.status_code == 400, (parameter["name"], value)
            assert_as_described(response, operation, fmt)


@pytest.mark.parametrize("path, operation", OPERATIONS)
def test_a_parameter_the_operation_does_not_read_is_a_described_redirect(client, path, operation):
    url = address(path, operation)
    response = client.get(url, {"surprise": "1"})
    assert response.status_code == 301 and "301" in operation["responses"]
    assert response["Location"] == url


@pytest.mark.parametrize("path, operation", [p for p in OPERATIONS if "{" in p.values[0]])
def test_an_unknown_path_value_is_a_json_404(client, path, operation):
    response = client.get(path.split("{")[0] + "nowhere/", {"format": "json"})
    assert response.status_code == 404
    assert_as_described(response, operation, "json")


def test_the_two_closing_questions_of_issue_15_are_one_url_each(client):
    """"Initiatives about migration in US cities, 2018–2020" and "cities in both C40 and the Urban 20"."""
    migration = client.get("/initiatives/?topic=migration&country=United+States&year_from=2018&year_to=2020")
    assert migration.status_code == 200
    assert "<title>Initiatives — topic Migration, country United States, 2018–2020" in migration.content.decode()
    both = client.get("/cities/?network=c40-cities&network=urban-20&network_match=all&format=json").json()
    assert [city["name"] for city in both["results"]] == ["Los Angeles"]
