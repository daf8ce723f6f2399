"""The search's facets — kind, topic, city, year — combined with a query, counted, linked without JavaScript;
and the number of queries a search page runs, whatever the size of the data."""

import pytest
from django.core.cache import cache
from django.db import connection

from articles.models import Paragraph, Topic
from initiatives.models import City, Initiative, InitiativeSource, Participation, ParticipationSource

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get("/search/", {**params, "format": "json"})
    assert response.status_code == 200, response.content
    return response.json()


def facet_counts(data, name):
    return {value["value"]: value["count"] for value in data["facets"][name]}


@pytest.mark.parametrize(("name", "value"), [("topic", "climate"), ("city", "los-angeles"), ("year", 2015)])
def test_adding_a_facet_value_gives_exactly_its_count(client, name, value):
    counts = facet_counts(search(client, q="climate"), name)
    assert counts[value] > 0
    filtered = search(client, q="climate", **{name: value})
    assert filtered["count"] == counts[value]
    assert sum(kind["count"] for kind in filtered["kinds"]) == counts[value]


def test_the_facets_combine_with_the_kind_and_each_other(client):
    data = search(client, q="climate", kind="initiative", topic="climate", city="los-angeles", year=2015)
    expected = Initiative.objects.public().filter(
        topics__slug="climate", participations__in=Participation.objects.public().filter(city__slug="los-angeles"), year=2015
    ).distinct()
    assert {r["name"] for r in data["results"]} <= set(expected.values_list("name", flat=True))
    assert data["count"] == len(data["results"]) > 0
    assert {r["kind"] for r in data["results"]} == {"initiative"}
    assert facet_counts(data, "year") == {2015: data["count"]}


def test_a_topic_filter_finds_the_records_tagged_with_it_whatever_their_words(client):
    data = search(client, q="Los Angeles", topic="climate", kind="initiative")
    tagged = Initiative.objects.public().filter(topics__slug="climate")
    assert data["count"] > 0
    assert {r["name"] for r in data["results"]} <= set(tagged.values_list("name", flat=True))


def test_the_results_page_shows_the_facets_as_links_with_counts(client):
    page = client.get("/search/", {"q": "climate", "kind": "initiative"}).content.decode()
    assert '<summary>Topic</summary>' in page and '<summary>City</summary>' in page and '<summary>Year</summary>' in page
    assert 'href="?q=climate&amp;kind=initiative&amp;topic=climate" rel="nofollow">Climate</a> <span class="count">' in page
    filtered = client.get("/search/", {"q": "climate", "kind": "initiative", "topic": "climate"}).content.decode()
    assert 'aria-label="Remove filter Topic: Climate"' in filtered
    assert 'href="?q=climate&amp;kind=initiative" class="clear">Clear all</a>' in filtered
    assert '<input type="hidden" name="topic" value="climate">' in filtered, "a new search keeps the filters"
    assert 'href="?q=climate&amp;topic=climate" aria-current="true">All kinds</a>' not in filtered
    assert 'href="?q=climate&amp;topic=climate">All kinds</a>' in filtered


def test_a_filter_that_leaves_nothing_says_so_and_offers_its_removal(client):
    page = client.get("/search/", {"q": "climate", "year": "1900"}).content.decode()
    assert "0 results for “climate”" in page and "or fewer filters" in page
    assert 'aria-label="Remove filter Year: 1900"' in page


@pytest.mark.parametrize("params", [{"year": "abc"}, {"year": "99999"}, {"topic": "x" * 300}])
def test_a_bad_filter_value_is_a_400(client, params):
    assert client.get("/search/", {"q": "climate", **params}).status_code == 400
    response = client.get("/search/", {"q": "climate", "format": "json", **params})
    assert response.status_code == 400 and "error" in response.json()


# Queries ---------------------------------------------------------------------------------------------------------

# The content version, the savepoint (two statements), the hits per kind, one grouped query per facet (topic, city,
# year), then the page: on PostgreSQL one query ranks it with its headlines, SQLite's FTS5 takes two.
def search_queries():
    return 1 + 2 + 1 + 3 + (1 if connection.vendor == "postgresql" else 2)


# The filtered search also looks up the topic and the city asked for (a value no record could have is a 400), and
# counts the year's values apart from the filters on it.
@pytest.mark.parametrize(
    ("url", "filtered"),
    [("/search/?q=climate", 0), ("/search/?q=climate&kind=initiative&topic=climate&city=los-angeles&year=2015", 3)],
)
def test_a_search_page_runs_as_many_queries_with_more_data(client, django_assert_num_queries, url, filtered):
    with django_assert_num_queries(search_queries() + filtered):
        assert client.get(url).status_code == 200
    paragraph = Paragraph.objects.filter(article__status="published").first()
    climate, los_angeles = Topic.objects.get(slug="climate"), City.objects.get(slug="los-angeles")
    for index in range(30):
        initiative = Initiative.objects.create(
            name=f"Climate pact {index}", slug=f"climate-pact-{index}", kind="pledge", summary="On climate.", year=2015
        )
        InitiativeSource.objects.create(initiative=initiative, paragraph=paragraph, quote=paragraph.text[:40])
        participation = Participation.objects.create(initiative=initiative, city=los_angeles)
        ParticipationSource.objects.create(participation=participation, paragraph=paragraph, quote=paragraph.text[:40])
        initiative.topics.add(climate)
    cache.clear()  # the page as made now, not the check that finds the cached one stale
    with django_assert_num_queries(search_queries() + filtered):
        response = client.get(url)
    assert b"Climate pact" in response.content


def test_did_you_mean_runs_a_query_per_corrected_word_and_then_the_corrected_search(client, django_assert_num_queries):
    # the version; the original: savepoint, hits per kind; its beginnings retried: the same; the correction's word
    # (a savepoint, and on PostgreSQL the similarity threshold first); then the corrected search as above
    correction = 2 + 1 + (1 if connection.vendor == "postgresql" else 0)
    with django_assert_num_queries(1 + 3 + 3 + correction + search_queries() - 1):
        data = client.get("/search/", {"q": "climte", "format": "json"}).json()
    assert data["suggestion"] == "climate"
