"""Researchers filter listings by facets with honest counts, and take the data away as CSV and JSON."""

import csv
import io
import json

import pytest

from initiatives.models import City, Initiative

pytestmark = pytest.mark.django_db

FACETED = {
    "/initiatives/": {"topic", "city", "country", "region", "network", "body", "year", "kind", "status", "scope"},
    "/articles/": {"topic", "author", "city", "country", "region", "year", "publication"},
    "/cities/": {"region", "country", "network"},
}


def get_json(client, url, **params):
    response = client.get(url, {**params, "format": "json"})
    assert response.status_code == 200, response.content[:500]
    return response.json()


def csv_rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = (b"".join(response.streaming_content) if response.streaming else response.content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.mark.parametrize("url", FACETED)
def test_every_facet_value_yields_exactly_its_count(client, url):
    data = get_json(client, url)
    assert set(data["facets"]) == FACETED[url]
    for name, values in data["facets"].items():
        assert values, f"{url} facet {name} has values"
        for value in values:
            assert set(value) == {"value", "label", "count", "param"}
            narrowed = get_json(client, url, **{value["param"]: value["value"]})
            assert narrowed["count"] == value["count"], (name, value)


def test_facet_counts_reflect_the_other_active_filters(client):
    data = get_json(client, "/initiatives/", topic="climate")
    cities = {v["value"]: v["count"] for v in data["facets"]["city"]}
    for slug, count in cities.items():
        both = get_json(client, "/initiatives/", topic="climate", city=slug)
        assert both["count"] == count
        expected = Initiative.objects.filter(topics__slug="climate", participations__city__slug=slug).distinct().count()
        assert count == expected


def test_filters_combine_and_narrow(client):
    la_climate = get_json(client, "/initiatives/", topic="climate", city="los-angeles")
    la = get_json(client, "/initiatives/", city="los-angeles")
    assert 0 < la_climate["count"] < la["count"]
    slugs = {r["slug"] for r in la_climate["results"]}
    assert slugs == set(
        Initiative.objects.filter(topics__slug="climate").filter(participations__city__slug="los-angeles").values_list("slug", flat=True)
    )


def test_the_html_listing_shows_counts_chips_that_remove_and_a_shareable_url(client):
    page = client.get("/initiatives/?topic=climate&city=los-angeles").content.decode()
    assert 'class="chip"' in page
    assert 'href="?city=los-angeles"' in page, "removing the topic keeps the city"
    assert 'href="?topic=climate"' in page, "removing the city keeps the topic"
    assert 'aria-current="true">Climate</span>' in page


def test_a_city_listing_filters_by_region_and_network(client):
    data = get_json(client, "/cities/", region="europe", network="c40-cities")
    expected = City.objects.filter(region="europe", memberships__network__slug="c40-cities").distinct()
    assert {r["slug"] for r in data["results"]} == set(expected.values_list("slug", flat=True))


@pytest.mark.parametrize(
    "query",
    ["year=abc", "year=99999999", "topic=%00", "year=2020&year=2019", "topic=nowhere", "kind=" + "x" * 300,
     "page=2&topic=climate", "format=csv&format=json", "region=mars&region=europe"],
)
def test_odd_filters_answer_400_or_an_empty_list_never_500(client, query):
    response = client.get(f"/initiatives/?{query}", follow=True)  # a parameter the page does not read: 301 first
    assert response.status_code in (200, 400, 404)


def test_an_unknown_facet_value_is_named_in_a_json_400(client):
    response = client.get("/initiatives/", {"topic": "nowhere", "format": "json"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "No topic ‘nowhere’. Every topic this filter takes is listed at /initiatives/facets/topic/"
    }


def test_the_filtered_csv_has_a_header_and_one_row_per_record(client):
    rows = csv_rows(client.get("/initiatives/", {"topic": "climate", "city": "los-angeles", "format": "csv"}))
    data = get_json(client, "/initiatives/", topic="climate", city="los-angeles")
    assert len(rows) == data["count"]
    assert list(rows[0]) == [
        "name", "slug", "url", "kind", "status", "scope", "year", "date", "summary", "cities", "networks", "topics"
    ]
    first = next(r for r in rows if "; " in r["cities"]) if any("; " in r["cities"] for r in rows) else rows[0]
    assert "Los Angeles" in first["cities"]


def test_csv_defuses_spreadsheet_formulas(client):
    City.objects.create(name="=HYPERLINK(\"http://evil\")", slug="evil", country="X", region="europe")
    rows = csv_rows(client.get("/cities/", {"format": "csv"}))
    assert next(r for r in rows if r["slug"] == "evil")["name"].startswith("'=")


@pytest.mark.parametrize("url", ["/articles/", "/authors/", "/cities/", "/networks/", "/initiatives/", "/topics/", "/bodies/"])
def test_every_listing_exports_csv_with_the_columns_of_its_json(client, url):
    rows = csv_rows(client.get(url, {"format": "csv"}))
    data = get_json(client, url)
    assert len(rows) == data["count"]
    assert set(rows[0]) == set(data["results"][0])


def test_the_data_page_offers_every_dataset_with_snapshot_and_citation(client):
    page = client.get("/data/").content.decode()
    for name in ("articles", "initiatives", "cities", "networks", "bodies", "authors", "topics"):
        assert f'href="/data/{name}.json"' in page and f'href="/data/{name}.csv"' in page
    assert "How to cite" in page and "Snapshot of" in page
    data = json.loads(b"".join(client.get("/data/cities.json").streaming_content))
    assert data["count"] == City.objects.count() == len(data["results"])
    assert data["snapshot"]
    assert len(csv_rows(client.get("/data/initiatives.csv"))) == Initiative.objects.count()
    assert client.get("/data/nothing.json").status_code == 404
    assert client.get("/data/cities.xml").status_code == 404
