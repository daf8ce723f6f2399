"""/reconcile/: the W3C Entity Reconciliation API as OpenRefine speaks it — a manifest, batches of queries by GET
and POST, previews and suggestions — checked against the specification's own JSON Schemas (vendored beside this
file, see its README) and against what a researcher matching a column of names expects."""

import json
import re
from pathlib import Path

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator
from referencing import Registry, Resource

from articles.models import Article
from initiatives import gazetteer
from initiatives.models import City, Initiative

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "reconciliation_schemas"


def schema_validator(name: str) -> Draft7Validator:
    schemas = {path.stem: json.loads(path.read_text()) for path in SCHEMAS.glob("*.json")}
    registry = Registry().with_resources((schema["$id"], Resource.opaque(schema)) for schema in schemas.values())
    return Draft7Validator(schemas[name], registry=registry)


def assert_valid(name: str, data) -> None:
    errors = list(schema_validator(name).iter_errors(data))
    assert not errors, [f"{list(error.path)}: {error.message}" for error in errors[:5]]


def reconcile(client, queries: dict, method: str = "post", **extra):
    """The result batch for `queries`, which must be a valid query batch themselves."""
    assert_valid("reconciliation-query-batch", queries)
    response = getattr(client, method)("/reconcile/", {"queries": json.dumps(queries), **extra})
    assert response.status_code == 200, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    assert_valid("reconciliation-result-batch", response.json())
    return response.json()


def ask(client, text: str, **query) -> list[dict]:
    return reconcile(client, {"q0": {"query": text, **query}})["q0"]["result"]


def names(result: list[dict]) -> list[tuple[str, int, bool]]:
    return [(candidate["name"], candidate["score"], candidate["match"]) for candidate in result]


@pytest.fixture(scope="module", autouse=True)
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        gazetteer.ensure_loaded()


@pytest.fixture
def geonames_ids(db):
    """The curated cities with their GeoNames places, as the seed gives them."""
    assert not City.objects.filter(geonames_id=None).exists()


@pytest.fixture
def chilean_los_angeles(db):
    return City.objects.create(name="Los Angeles", slug="los-angeles-chile", country="Chile", region="latin-america")


# The manifest


def test_the_manifest_describes_the_service(client):
    response = client.get("/reconcile/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    manifest = response.json()
    assert_valid("manifest", manifest)
    assert manifest["versions"] == ["0.1", "0.2"]
    assert manifest["name"] == "citydip"
    assert manifest["identifierSpace"] == "http://127.0.0.1:8000/"
    assert manifest["schemaSpace"] == "http://127.0.0.1:8000/about/#reconciliation"
    assert [kind["id"] for kind in manifest["defaultTypes"]] == ["city", "network", "body", "initiative"]
    assert manifest["view"] == {"url": "http://testserver/{{id}}/"}
    assert manifest["preview"] == {"url": "http://testserver/reconcile/preview/?id={{id}}", "width": 400, "height": 200}
    assert manifest["suggest"] == {
        "entity": {"service_url": "http://testserver", "service_path": "/reconcile/suggest/entity/"}
    }
    assert manifest["batchSize"] == 100


def test_the_view_template_gives_each_candidate_its_page(client):
    view = client.get("/reconcile/").json()["view"]["url"]
    for text in ["Los Angeles", "C40 Cities", "United Nations", "C40 virtual assembly of mayors on COVID-19"]:
        candidate = ask(client, text)[0]
        page = client.get(view.replace("{{id}}", candidate["id"]).removeprefix("http://testserver"))
        assert page.status_code == 200
        assert f"<h1>{candidate['name']}" in page.content.decode()


def test_the_manifest_answers_jsonp_with_a_callback(client):
    response = client.get("/reconcile/?callback=jQuery36001_1712")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("/**/jQuery36001_1712(") and body.endswith(");")
    assert_valid("manifest", json.loads(body.removeprefix("/**/jQuery36001_1712(").removesuffix(");")))


@pytest.mark.parametrize("callback", ["alert(1)", "a b", "x;y", "1abc", "a" * 101, "<script>", "a..b", "é"])
def test_a_callback_that_is_not_a_plain_function_name_is_refused(client, callback):
    response = client.get("/reconcile/", {"callback": callback})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "callback must be a JavaScript function name" in response.json()["error"]
    assert callback not in response.content.decode()


# Queries


def test_an_exact_name_is_a_sure_match_and_comes_first(client):
    result = ask(client, "Los Angeles")
    assert names(result)[0] == ("Los Angeles", 100, True)
    assert result[0]["id"] == "cities/los-angeles"
    assert result[0]["type"] == [{"id": "city", "name": "City"}]
    assert result[0]["description"] == "United States"
    assert {"id": "name_exact", "value": True} in result[0]["features"]
    assert [candidate["match"] for candidate in result[1:]] == [False] * (len(result) - 1)
    assert [candidate["score"] for candidate in result] == sorted((c["score"] for c in result), reverse=True)


def test_case_accents_and_punctuation_do_not_matter(client):
    assert names(ask(client, "  los ANGELES ", type="city"))[0] == ("Los Angeles", 100, True)
    assert names(ask(client, "Ho-Chi-Minh city", type="city"))[0] == ("Ho Chi Minh City", 100, True)
    City.objects.filter(name="Bratislava").update(name="Bratislavá", slug="bratislava")
    assert names(ask(client, "Bratislava", type="city"))[0] == ("Bratislavá", 100, True)


def test_two_cities_of_one_name_are_told_apart_by_their_country(client, chilean_los_angeles):
    both = ask(client, "Los Angeles", type="city")
    assert names(both)[:2] == [("Los Angeles", 100, False), ("Los Angeles", 100, False)]
    for country in ["United States", "USA", "US", {"id": "Q30", "name": "United States of America"}]:
        result = ask(client, "Los Angeles", type="city", properties=[{"pid": "country", "v": country}])
        assert [(c["id"], c["score"], c["match"]) for c in result[:2]] == [
            ("cities/los-angeles", 100, True), ("cities/los-angeles-chile", 60, False)
        ], country
        assert {"id": "country_match", "value": True} in result[0]["features"]
    chile = ask(client, "Los Angeles", type="city", properties=[{"pid": "country", "v": "Chile"}])
    assert [(c["id"], c["match"]) for c in chile[:2]] == [("cities/los-angeles-chile", True), ("cities/los-angeles", False)]


def test_a_country_after_a_comma_counts_as_the_country(client, chilean_los_angeles):
    result = ask(client, "Los Angeles, United States", type="city")
    assert [(c["id"], c["score"], c["match"]) for c in result[:2]] == [
        ("cities/los-angeles", 100, True), ("cities/los-angeles-chile", 60, False)
    ]
    assert names(ask(client, "Paris, France"))[0] == ("Paris", 100, True)


def test_aliases_and_acronyms_score_90_and_are_never_sure(client):
    assert names(ask(client, "LA", type="city"))[0] == ("Los Angeles", 90, False)
    assert names(ask(client, "L.A.", type="city"))[0] == ("Los Angeles", 90, False)
    assert names(ask(client, "C40", type="network"))[0] == ("C40 Cities", 90, False)
    assert names(ask(client, "MMC", type="network"))[0] == ("Mayors Migration Council", 90, False)


def test_geonames_alternate_names_find_the_city(client, geonames_ids):
    for text, city in [("Saigon", "Ho Chi Minh City"), ("Calcutta", "Kolkata"), ("Marrakesh", "Marrakech"), ("saigon", "Ho Chi Minh City")]:
        result = ask(client, text, type="city")
        assert names(result)[0] == (city, 85, False), text
        assert {"id": "geonames_name", "value": True} in result[0]["features"]


def test_without_its_geonames_id_a_city_is_not_found_by_geonames_names(client):
    City.objects.filter(slug="ho-chi-minh-city").update(geonames_id=None)
    assert ask(client, "Saigon", type="city") == []


def test_near_names_rank_by_likeness_below_the_sure_ones(client):
    result = ask(client, "Los Angelos", type="city")
    assert names(result)[0][:2] == ("Los Angeles", 73)
    assert not result[0]["match"]
    assert names(ask(client, "Mayors Migration", type="network"))[0] == ("Mayors Migration Council", 67, False)
    assert names(ask(client, "New York City", type="city"))[0][0] == "New York"


def test_an_identifier_or_address_as_the_query_finds_its_record(client):
    for text in ["cities/los-angeles", "http://testserver/cities/los-angeles/", "https://citydip.example.org/cities/los-angeles"]:
        assert names(ask(client, text))[0] == ("Los Angeles", 100, True), text
    assert names(ask(client, "networks/c40-cities"))[0] == ("C40 Cities", 100, True)


def test_a_wikidata_id_is_a_sure_match_and_a_different_one_counts_against(client, chilean_los_angeles):
    result = ask(client, "Los Angeles", type="city", properties=[{"pid": "wikidata", "v": "http://www.wikidata.org/entity/Q65"}])
    assert [(c["id"], c["match"]) for c in result[:2]] == [("cities/los-angeles", True), ("cities/los-angeles-chile", False)]
    other = ask(client, "Los Angeles", type="city", properties=[{"pid": "wikidata", "v": "Q1234567"}])
    assert [(c["id"], c["score"], c["match"]) for c in other[:2]] == [
        ("cities/los-angeles-chile", 100, True), ("cities/los-angeles", 60, False)  # the Chilean one has no Wikidata id
    ]
    paris = ask(client, "Los Angeles", type="city", properties=[{"pid": "wikidata", "v": "Q90"}])
    assert names(paris)[0] == ("Paris", 100, True)  # the id names Paris; the name, two other cities


def test_types_keep_the_candidates_to_those_kinds(client):
    assert {c["type"][0]["id"] for c in ask(client, "Los Angeles", type="initiative", limit=20)} == {"initiative"}
    both = ask(client, "Paris", type=["city", "body"], limit=10)
    assert {c["type"][0]["id"] for c in both} == {"city", "body"}
    assert names(ask(client, "Paris", type="network")) == []


def test_limit_caps_the_candidates(client):
    assert len(ask(client, "Los Angeles", limit=2)) == 2
    assert len(ask(client, "Los Angeles")) == 5
    assert len(ask(client, "Los Angeles", limit=50)) > 5


def test_only_public_initiatives_are_candidates(client):
    quoted = Initiative.objects.get(slug="c40-virtual-assembly-of-mayors-2020")
    assert ask(client, quoted.name, type="initiative")[0]["id"] == "initiatives/c40-virtual-assembly-of-mayors-2020"
    Article.objects.update(status=Article.Status.DRAFT)
    assert ask(client, quoted.name, type="initiative") == []
    assert client.get("/reconcile/preview/?id=initiatives/c40-virtual-assembly-of-mayors-2020").status_code == 404
    assert client.get("/reconcile/suggest/entity/?prefix=C40 virtual").json() == {"result": []}


def test_get_and_post_and_a_single_query_answer_alike(client):
    queries = {"a": {"query": "Seoul"}, "b": {"query": "Urban 20", "type": "network"}}
    by_post = reconcile(client, queries)
    assert reconcile(client, queries, method="get") == by_post
    assert names(by_post["a"]["result"])[0] == ("Seoul", 100, True)
    assert names(by_post["b"]["result"])[0] == ("Urban 20", 100, True)
    single = client.get("/reconcile/", {"query": "Seoul"})
    assert single.status_code == 200 and single.json() == by_post["a"]
    as_object = client.get("/reconcile/", {"query": json.dumps({"query": "Urban 20", "type": "network"})})
    assert as_object.json() == by_post["b"]


def test_a_post_needs_no_csrf_token_and_changes_nothing(db):
    client = Client(enforce_csrf_checks=True)
    cities = list(City.objects.values_list("pk", "name", "aliases"))
    response = client.post("/reconcile/", {"queries": json.dumps({"q": {"query": "Seoul"}})})
    assert response.status_code == 200
    assert list(City.objects.values_list("pk", "name", "aliases")) == cities
    assert client.post("/cities/seoul/").status_code == 405  # the rest of the site still only reads
    assert client.post("/reconcile/preview/?id=cities/seoul").status_code == 405


def test_the_spec_example_batch_is_answered(client):
    example = {"q1": {"query": "Hans-Eberhard Urbaniak"}, "q2": {"query": "Ernst Schwanhold"}}
    assert reconcile(client, example) == {"q1": {"result": []}, "q2": {"result": []}}


def test_the_batch_keys_are_the_clients(client):
    keys = {"q0": {"query": "Seoul"}, "row 12": {"query": "Tokyo"}, "": {"query": "Paris"}, "ß✓": {"query": "Berlin"}}
    assert list(reconcile(client, keys)) == list(keys)


BAD = [
    ("{not json", "queries is not valid JSON"),
    ("[]", "queries must be a JSON object of queries by key"),
    ('"Seoul"', "queries must be a JSON object"),
    ('{"q0": "Seoul"}', "Query 'q0' must be a JSON object with a \"query\""),
    ('{"q0": {}}', "Query 'q0' needs a \"query\""),
    ('{"q0": {"query": "  "}}', "Query 'q0' needs a \"query\""),
    ('{"q0": {"query": 5}}', "Query 'q0' needs a \"query\""),
    ('{"q0": {"query": "' + "a" * 301 + '"}}', "longer than 300 characters"),
    ('{"q0": {"query": "x", "type": "person"}}', "no type 'person' here; the types are city, network, body, initiative"),
    ('{"q0": {"query": "x", "type": []}}', "type is a type identifier or a list"),
    ('{"q0": {"query": "x", "type": 3}}', "type is a type identifier or a list"),
    ('{"q0": {"query": "x", "limit": 0}}', "limit is a whole number from 1 to 50"),
    ('{"q0": {"query": "x", "limit": 51}}', "limit is a whole number from 1 to 50"),
    ('{"q0": {"query": "x", "limit": 2.5}}', "limit is a whole number"),
    ('{"q0": {"query": "x", "limit": "5"}}', "limit is a whole number"),
    ('{"q0": {"query": "x", "limit": true}}', "limit is a whole number"),
    ('{"q0": {"query": "x", "limit": NaN}}', "limit is a whole number"),
    ('{"q0": {"query": "x", "limit": 1e400}}', "limit is a whole number"),
    ('{"q0": {"query": "x", "type_strict": "maybe"}}', "type_strict is one of"),
    ('{"q0": {"query": "x", "props": []}}', "fields this service does not know: props"),
    ('{"q0": {"query": "x", "properties": {}}}', "properties is a list"),
    ('{"q0": {"query": "x", "properties": [{"pid": "mayor", "v": "Karen Bass"}]}}', "no property 'mayor' here; the properties are country"),
    ('{"q0": {"query": "x", "properties": [{"pid": "country"}]}}', 'each property is an object {"pid": …, "v": …}'),
    ('{"q0": {"query": "x", "properties": [{"pid": "country", "v": null}]}}', "a property value is a string"),
    ('{"q0": {"query": "x", "properties": [{"pid": "country", "v": [{}]}]}}', "a property value is a string"),
    ('{"q0": {"query": "x", "properties": [{"pid": "wikidata", "v": "Los Angeles"}]}}', "is not a Wikidata identifier"),
    ("[" * 100_000 + "]" * 100_000, "queries is nested too deeply"),
]


@pytest.mark.parametrize("queries, message", BAD)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_batch_is_a_400_that_says_why(client, queries, message, method):
    if method == "get" and len(queries) > 10_000:
        pytest.skip("an address that long is the web server's to refuse")
    response = getattr(client, method)("/reconcile/", {"queries": queries})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert message in response.json()["error"]


def test_a_batch_of_more_than_100_queries_is_refused(client):
    queries = {f"q{i}": {"query": "Seoul"} for i in range(101)}
    response = client.post("/reconcile/", {"queries": json.dumps(queries)})
    assert response.status_code == 400
    assert response.json() == {"error": "A batch holds at most 100 queries; this one holds 101."}
    assert client.post("/reconcile/", {"queries": json.dumps(dict(list(queries.items())[:100]))}).status_code == 200


@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.one_of(
    st.text(max_size=200),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(["query", "type", "limit", "properties", "pid", "v", "q0", "type_strict"]), children, max_size=4),
        max_leaves=12,
    ).map(json.dumps),
))
def test_no_batch_makes_a_500(client, queries):
    response = client.post("/reconcile/", {"queries": queries})
    assert response.status_code in (200, 400), (queries, response.content)
    assert_valid("reconciliation-result-batch", response.json()) if response.status_code == 200 else None


# What a batch costs. A GET costs one query more than a POST: the page cache reads the content version first,
# whatever the page (citydip.core.caching), though it never keeps these answers.


@pytest.mark.parametrize("size", [1, 10, 100])
def test_a_batch_costs_the_same_few_queries_whatever_its_size(client, django_assert_num_queries, size):
    """One query for the GeoNames names of the batch's texts, then one per kind of record: 5, for 1 query or 100."""
    texts = ["Los Angeles", "Saigon", "C40", "United Nations", "Paris, France", "Strong Cities", "LA", "cities/seoul", "Calcuta", "Urban 20"]
    queries = {f"q{i}": {"query": texts[i % len(texts)]} for i in range(size)}
    with django_assert_num_queries(5):
        response = client.post("/reconcile/", {"queries": json.dumps(queries)})
    assert len(response.json()) == size


def test_a_batch_asks_only_for_the_kinds_it_names(client, django_assert_num_queries):
    with django_assert_num_queries(2):  # the GeoNames names, the cities
        client.post("/reconcile/", {"queries": json.dumps({f"q{i}": {"query": "Seoul", "type": "city"} for i in range(20)})})
    with django_assert_num_queries(1):  # networks only: no GeoNames names to look up
        client.post("/reconcile/", {"queries": json.dumps({"q": {"query": "C40", "type": "network"}})})
    with django_assert_num_queries(1):  # the content version only
        client.get("/reconcile/")


# Suggestions


def suggest(client, **parameters) -> list[dict]:
    response = client.get("/reconcile/suggest/entity/", parameters)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert_valid("suggest-entities-response", response.json())
    return response.json()["result"]


def test_suggestions_complete_a_name_as_it_is_typed(client):
    result = suggest(client, prefix="Los")
    assert result[0] == {
        "id": "cities/los-angeles", "name": "Los Angeles", "description": "United States",
        "notable": [{"id": "city", "name": "City"}],
    }
    assert len(result) == 10
    assert all(re.search(r"(^|\s)los", candidate["name"], re.IGNORECASE) for candidate in result)
    assert [c["name"] for c in suggest(client, prefix="seo")] == ["Seoul"]


def test_suggestions_find_later_words_aliases_and_acronyms_after_names(client):
    assert "Los Angeles" in [c["name"] for c in suggest(client, prefix="angel")]
    assert [c["name"] for c in suggest(client, prefix="mmc")] == ["Mayors Migration Council"]
    names_first = suggest(client, prefix="C40", type="network")
    assert [c["name"] for c in names_first] == ["C40 Cities"]


def test_suggestions_page_with_a_cursor_and_keep_to_a_type(client):
    first, second = suggest(client, prefix="Los"), suggest(client, prefix="Los", cursor="10")
    assert second and not {c["id"] for c in first} & {c["id"] for c in second}
    assert {c["notable"][0]["id"] for c in suggest(client, prefix="Los", type="initiative")} == {"initiative"}
    assert suggest(client, prefix="narnia") == []


def test_suggestions_answer_jsonp(client):
    response = client.get("/reconcile/suggest/entity/?prefix=Seo&callback=cb")
    assert response.content.decode().startswith('/**/cb({"result": [{"id": "cities/seoul"')


@pytest.mark.parametrize("query, message", [
    ("", "prefix is required"), ("prefix=", "prefix is required"), ("prefix=" + "a" * 101, "prefix is required"),
    ("prefix=Los&cursor=-1", "cursor is how many"), ("prefix=Los&cursor=x", "cursor is how many"),
    ("prefix=Los&cursor=1001", "cursor is how many"), ("prefix=Los&cursor=%C2%B2", "cursor is how many"),
    # Past Python's 4,300 digits int() refuses with a ValueError: it was a 500.
    ("prefix=Los&cursor=" + "9" * 5000, "cursor is how many"),
    ("prefix=Los&type=person", "No type 'person' here"),
])
def test_a_bad_suggestion_request_is_a_400_that_says_why(client, query, message):
    response = client.get(f"/reconcile/suggest/entity/?{query}")
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    assert message in response.json()["error"]


def test_suggestions_cost_one_query_per_kind(client, django_assert_num_queries):
    with django_assert_num_queries(1 + 4):
        suggest(client, prefix="Los")
    with django_assert_num_queries(1 + 1):
        suggest(client, prefix="Los", type="city")


# Previews


def test_a_preview_is_a_small_card_other_tools_may_frame(client, django_assert_num_queries):
    with django_assert_num_queries(1 + 1):  # the content version, the city with its counts
        response = client.get("/reconcile/preview/?id=cities/los-angeles")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1><a href=\"/cities/los-angeles/\" target=\"_blank\" rel=\"noopener\">Los Angeles</a></h1>" in content
    assert "North America · in 4 networks, 33 initiatives" in content
    assert "Wikidata Q65" in content
    assert "<script" not in content and "style=" not in content and "<style" not in content
    assert re.findall(r'(?:href|src)="([^"]+)"', content) == ["/static/css/reconcile.css", "/cities/los-angeles/"]
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("identifier, shown", [
    ("networks/c40-cities", "member cities · founded 2005"),
    ("bodies/united-nations", "U.N. system"),
    ("initiatives/c40-virtual-assembly-of-mayors-2020", "Status: done"),
])
def test_each_kind_has_its_preview(client, django_assert_num_queries, identifier, shown):
    with django_assert_num_queries(1 + 1):
        response = client.get(f"/reconcile/preview/?id={identifier}")
    assert response.status_code == 200
    assert shown in response.content.decode()


@pytest.mark.parametrize("identifier", ["", "cities/narnia", "towns/los-angeles", "los-angeles", "cities/<b>"])
def test_a_preview_of_no_record_is_a_404(client, identifier):
    assert client.get("/reconcile/preview/", {"id": identifier}).status_code == 404


# Never stored


def test_no_answer_is_kept_by_the_page_cache(client):
    """A cached page would come back without its Access-Control and frame headers."""
    for url in ["/reconcile/", "/reconcile/?queries=%7B%7D", "/reconcile/suggest/entity/?prefix=Seo",
                "/reconcile/preview/?id=cities/seoul"]:
        for _ in range(2):
            response = client.get(url)
            assert response["Access-Control-Allow-Origin"] == "*"
            assert "no-store" in response["Cache-Control"]
            assert "X-Cache" not in response


def test_a_browser_may_ask_before_posting_json(client):
    response = client.options("/reconcile/")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, POST, OPTIONS"
    assert response["Access-Control-Allow-Headers"] == "Content-Type"
