"""The documented API and the served one cannot drift apart: real responses validate against /api/openapi.json."""

import pytest
from jsonschema import Draft202012Validator, FormatChecker

pytestmark = pytest.mark.django_db

LISTINGS = {
    "/articles/": "ArticleSummaryList",
    "/articles/?topic=climate": "ArticleSummaryList",
    "/authors/": "AuthorSummaryList",
    "/cities/": "CitySummaryList",
    "/cities/?region=europe": "CitySummaryList",
    "/networks/": "NetworkSummaryList",
    "/initiatives/": "InitiativeSummaryList",
    "/initiatives/?page=2": "InitiativeSummaryList",
    "/bodies/": "BodySummaryList",
    "/topics/": "TopicSummaryList",
}
DETAILS = {
    "/articles/": "Article",
    "/authors/": "Author",
    "/cities/": "City",
    "/networks/": "Network",
    "/initiatives/": "Initiative",
    "/bodies/": "Body",
    "/topics/": "Topic",
}


@pytest.fixture(scope="module")
def document(django_db_setup, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/openapi.json").json()


def validator(document, name):
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    return Draft202012Validator(schema, format_checker=FormatChecker())


def assert_valid(document, name, data):
    errors = sorted(validator(document, name).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_the_description_is_openapi_3_1_and_lists_every_path(document):
    assert document["openapi"] == "3.1.0"
    for prefix in DETAILS:
        assert prefix in document["paths"] and f"{prefix}{{slug}}/" in document["paths"]
    assert "/search/" in document["paths"]
    Draft202012Validator.check_schema({"components": document["components"]})


@pytest.mark.parametrize("url, schema", LISTINGS.items())
def test_listing_responses_match_their_schema(client, document, url, schema):
    separator = "&" if "?" in url else "?"
    response = client.get(f"{url}{separator}format=json")
    assert response.status_code == 200
    assert_valid(document, schema, response.json())


@pytest.mark.parametrize("prefix, schema", DETAILS.items())
def test_every_detail_of_every_kind_matches_its_schema(client, document, prefix, schema):
    listing = client.get(f"{prefix}?format=json").json()
    slugs = [result["slug"] for result in listing["results"]]
    assert slugs
    for slug in slugs:
        assert_valid(document, schema, client.get(f"{prefix}{slug}/?format=json").json())


def test_search_matches_its_schema(client, document):
    assert_valid(document, "SearchResults", client.get("/search/?q=Los+Angeles&format=json").json())


def test_an_undocumented_key_would_be_caught(client, document):
    data = client.get("/cities/los-angeles/?format=json").json()
    data["surprise"] = 1
    assert list(validator(document, "City").iter_errors(data))


def test_the_api_page_documents_the_formats(client):
    page = client.get("/api/").content.decode()
    assert 'href="/api/openapi.json"' in page
    assert "?format=json" in page and "?format=csv" in page and "facets" in page
