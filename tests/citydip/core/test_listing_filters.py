"""A researcher asks a listing a real question in one address: any or all of several values, a country or
region, a range of years, an order — and every value of every facet is reachable, with counts that hold."""

import re

import pytest

from articles.models import Article
from initiatives.models import City, Initiative, Participation

pytestmark = pytest.mark.django_db


def get_json(client, url, **params):
    response = client.get(url, {**params, "format": "json"})
    assert response.status_code == 200, response.content[:500]
    return response.json()


def slugs(data):
    return {result["slug"] for result in data["results"]}


def public_initiatives(**lookups):
    participations = Participation.objects.public().filter(**lookups)
    return set(Initiative.objects.public().filter(pk__in=participations.values("initiative")).values_list("slug", flat=True))


def test_repeated_values_of_one_filter_give_any_of_them(client):
    data = get_json(client, "/initiatives/", city=["los-angeles", "san-diego"])
    assert data["count"] == len(public_initiatives(city__slug__in=["los-angeles", "san-diego"])) > 0
    la = get_json(client, "/initiatives/", city="los-angeles")
    assert data["count"] > la["count"], "San Diego's initiatives come too"


def test_match_all_gives_the_records_with_every_value(client):
    data = get_json(client, "/cities/", network=["c40-cities", "urban-20"], network_match="all")
    in_both = City.objects.filter(memberships__network__slug="c40-cities").filter(memberships__network__slug="urban-20")
    assert slugs(data) == set(in_both.values_list("slug", flat=True)) == {"los-angeles"}
    either = get_json(client, "/cities/", network=["c40-cities", "urban-20"])
    assert either["count"] > data["count"]


@pytest.mark.parametrize("url, query", [
    ("/initiatives/", {"city": ["los-angeles", "san-diego"]}),
    ("/initiatives/", {"topic": "climate", "country": "United States", "status": "done"}),
    ("/cities/", {"network": ["c40-cities", "urban-20"], "network_match": "all"}),
    ("/articles/", {"country": "United States", "year_from": "2019"}),
])
def test_with_filters_active_every_value_still_yields_exactly_its_count(client, url, query):
    data = get_json(client, url, **query)
    for name, values in data["facets"].items():
        for value in values:
            added = {**query, name: [*([query[name]] if isinstance(query.get(name), str) else query.get(name, [])), str(value["value"])]}
            assert get_json(client, url, **added)["count"] == value["count"], (name, value)


def test_initiatives_filter_by_country_region_status_scope_and_years(client):
    data = get_json(client, "/initiatives/", country="United States", status="done", scope="international",
                    year_from="2018", year_to="2020")
    expected = {
        slug for slug in public_initiatives(city__country="United States")
        if Initiative.objects.filter(slug=slug, status="done", scope="international", year__range=(2018, 2020)).exists()
    }
    assert slugs(data) == expected and expected
    assert get_json(client, "/initiatives/", region="europe")["count"] == len(public_initiatives(city__region="europe"))
    assert get_json(client, "/initiatives/", year="2019")["count"] == Initiative.objects.public().filter(year=2019).count()


def test_articles_filter_by_the_countries_of_the_cities_they_name(client):
    data = get_json(client, "/articles/", country="Germany")
    named = Article.objects.published().filter(paragraphs__mentions__city__country="Germany", paragraphs__mentions__status="accepted")
    assert slugs(data) == set(named.values_list("slug", flat=True)) and named.exists()


@pytest.mark.parametrize("query, message", [
    ("year_from=2021&year_to=2019", "year_from (2021) is after year_to (2019)."),
    ("year_from=1700", "The year_from filter takes a year from 1800 to 2100, such as 2020."),
    ("city_match=some", "city_match is any (records with any of the city values asked for) or all."),
    ("status=maybe", "No status ‘maybe’: the status filter takes proposed, under way, done, unknown."),
    ("sort=popular", "Unknown sort. This listing sorts by name, -name, -year, year, -cities, cities."),
    ("country=Narnia", "No country ‘Narnia’. Every country this filter takes is listed at /initiatives/facets/country/"),
])
def test_a_bad_filter_or_order_is_a_json_400_that_says_why(client, query, message):
    response = client.get(f"/initiatives/?{query}&format=json")
    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_an_unknown_value_is_named_on_the_page_not_read_as_an_empty_answer(client):
    response = client.get("/initiatives/?city=narnia")
    page = response.content.decode()
    assert response.status_code == 400
    assert "No city ‘narnia’." in page and "/initiatives/facets/city/" in page
    assert "No initiatives yet" not in page


def test_a_known_value_without_records_says_nothing_matches(client):
    page = client.get("/initiatives/?city=los-angeles&topic=migration&year=2015").content.decode()
    assert "No initiative matches these filters." in page


def test_the_title_and_heading_show_the_active_filters(client):
    page = client.get("/initiatives/?topic=migration&country=United+States&year_from=2018&year_to=2020").content.decode()
    assert "<title>Initiatives — topic Migration, country United States, 2018–2020 · citydip</title>" in page
    assert re.search(r"<h1>Initiatives <span class=\"filters\">— topic Migration, country United States, 2018–2020</span></h1>", page)
    both = client.get("/cities/?network=c40-cities&network=urban-20&network_match=all").content.decode()
    assert "<title>Cities — network C40 Cities and Urban 20" in both


def test_every_value_of_a_facet_is_a_link_away_without_javascript(client):
    page = client.get("/initiatives/?scope=international").content.decode()
    link = '<a href="/initiatives/facets/city/?scope=international" rel="nofollow">Every city, with counts</a>'
    assert link in page
    values = client.get("/initiatives/facets/city/?scope=international")
    assert values.status_code == 200
    listed = re.findall(r'<a href="/initiatives/\?scope=international&amp;city=([a-z-]+)" rel="nofollow">', values.content.decode())
    chosen = Initiative.objects.public().filter(scope="international")
    cities = Participation.objects.public().filter(initiative__in=chosen).values_list("city__slug", flat=True)
    assert set(listed) == set(cities) and len(listed) > 15


def test_the_values_of_a_facet_page_through_all_of_them_with_exact_counts(client, monkeypatch):
    from citydip.core.record_views import FacetValuesView

    monkeypatch.setattr(FacetValuesView, "paginate_by", 10)
    first = get_json(client, "/initiatives/facets/city/", scope="international")
    total = first["count"]
    seen, page = list(first["results"]), first
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += page["results"]
    assert len(seen) == len({value["value"] for value in seen}) == total > 10
    for value in seen[:3] + seen[-3:]:
        assert get_json(client, "/initiatives/", scope="international", city=value["value"])["count"] == value["count"]


@pytest.mark.parametrize("sort, key", [
    ("-year", lambda i: (-(i.year or -10**4), i.name)),
    ("name", lambda i: i.name),
])
def test_listings_sort_by_a_parameter(client, sort, key):
    data = client.get("/initiatives/", {"format": "json", "sort": sort}).json()
    expected = sorted(Initiative.objects.public(), key=key)[:20]
    assert [r["slug"] for r in data["results"]] == [i.slug for i in expected]


def test_the_orders_are_links_that_keep_the_filters(client):
    page = client.get("/initiatives/?topic=climate&sort=-cities").content.decode()
    assert '<a href="?topic=climate&amp;sort=-year" rel="nofollow">newest first</a>' in page
    assert '<strong aria-current="true">most cities</strong>' in page
    most = client.get("/initiatives/", {"format": "json", "sort": "-cities", "topic": "climate"}).json()["results"][0]
    assert most["slug"] == max(
        Initiative.objects.public().filter(topics__slug="climate"),
        key=lambda i: (Participation.objects.public().filter(initiative=i).values("city").distinct().count(), [-ord(c) for c in i.name]),
    ).slug


def test_a_missing_record_or_page_is_a_json_404_to_json(client):
    response = client.get("/initiatives/nowhere/?format=json")
    assert response.status_code == 404
    assert response.json() == {"error": "No initiative found matching the query"}
    assert client.get("/initiatives/?page=99&format=json").json()["error"].startswith("Invalid page")
