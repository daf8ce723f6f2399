"""Every page runs a fixed number of queries, whatever the size of the data it shows."""

import pytest
from django.db import connection

from articles.models import Paragraph
from initiatives.models import City, Membership, MembershipSource, Network

pytestmark = pytest.mark.django_db

PAGES = [
    # home: 4 counts, latest articles + their bylines, recent initiatives and cities, networks, connected cities,
    # topics
    ("/", 11),
    # listings: count, page, one prefetch per linked kind shown in the rows, one grouped query per facet, and
    # one per facet with values asked for that are neither choices nor years: do they exist (`?city=narnia`)?
    ("/articles/", 3 + 7),  # the cards show bylines, not topics
    ("/articles/?format=json", 4 + 7),
    ("/articles/?topic=climate&year=2020", 3 + 7 + 1),
    ("/articles/?country=United+States&country=Germany&region=europe&year_from=2018&year_to=2020&sort=title", 3 + 7 + 1),
    ("/authors/", 2),
    ("/authors/?sort=-articles", 2),
    ("/cities/", 2 + 3),
    ("/cities/?region=europe&network=c40-cities", 2 + 3 + 1),
    ("/cities/?network=c40-cities&network=urban-20&network_match=all&sort=-networks", 2 + 3 + 1),
    ("/networks/", 5),
    ("/initiatives/", 3 + 10),  # the cards show the initiatives' cities, not their networks and topics
    ("/initiatives/?format=json", 5 + 10),
    ("/initiatives/?topic=climate&city=los-angeles&kind=pledge", 3 + 10 + 2),
    # the closing question of issue 15, to which the curated records have no initiative: no page, no cities
    ("/initiatives/?topic=migration&country=United+States&year_from=2018&year_to=2020&sort=-cities", 1 + 10 + 2),
    ("/initiatives/?city=los-angeles&city=san-diego&status=done&status=under+way&scope=international", 3 + 10 + 1),
    # every value of a facet: the values asked for, how many values, a page of them, how many records
    ("/initiatives/facets/city/", 2),
    ("/initiatives/facets/city/?topic=climate&city=los-angeles", 2 + 2 + 1),
    ("/articles/facets/country/?format=json", 2),
    # exports: every row in one pass, prefetches included
    ("/initiatives/?format=csv&topic=climate", 4 + 1),
    ("/topics/", 2),
    ("/bodies/", 2),
    # details: the record, then one query per kind of linked record; + on the page, the last release it was in
    ("/articles/cities-are-transforming-us-foreign-policy/", 7 + 1),
    ("/articles/cities-are-transforming-us-foreign-policy/?format=json", 7),
    ("/authors/nina-hachigian/", 4 + 1),
    ("/cities/los-angeles/", 6 + 1 + 1),  # + the neighbourhood graph's memberships
    ("/cities/los-angeles/?format=json", 6),
    ("/networks/c40-cities/", 5 + 1 + 1),
    ("/initiatives/urban-20-launch/", 8 + 1),
    ("/topics/climate/", 4 + 1),
    ("/bodies/united-nations/", 4 + 1),
    # pictures: the records they draw, and the timeline's facets
    ("/map/", 1 + 3 + 1),  # the cities ranked with their counts, the city facets, how many there are
    # + whether the network exists, + how many cities the filters give, which the values asked for count
    ("/map/?region=europe&network=c40-cities", 1 + 3 + 1 + 2),
    ("/graph/", 2 + 5),  # + how many networks and cities, to know whether the picture must be limited
    ("/graph/?network=c40-cities", 2 + 3),
    ("/graph/?topic=climate", 2 + 5),
    ("/initiatives/timeline/", 2 + 10),
    ("/initiatives/timeline/?topic=climate&city=los-angeles", 2 + 10 + 2 + 1),
    # research tools
    ("/data/", 7 + 2),  # the listings' counts, the package files' sizes, the latest releases
    ("/api/", 0),
    ("/api/openapi.json", 0),
    ("/feeds/articles/", 3),
    ("/feeds/topics/climate/", 4),
    ("/sitemap.xml", 7 + 1),  # the index: how many pages each kind's sitemap has
    ("/sitemap-cities.xml", 2),
    ("/robots.txt", 0),
    ("/articles/cities-are-transforming-us-foreign-policy/?format=bibtex", 7),
    # search, inside a savepoint (two more statements): the hits per kind, one grouped query per facet (topic, city,
    # year), then the page: on PostgreSQL one query ranks it with its headlines, SQLite's FTS5 takes two
    ("/search/?q=whatsapp", 2 + 1 + 3 + (1 if connection.vendor == "postgresql" else 2)),
]


# An anonymous reader's page first reads the content version, which says whether a cached copy is current.
CONTENT_VERSION = 1


def assert_queries(client, django_assert_num_queries, url, queries):
    with django_assert_num_queries(queries):
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)


@pytest.mark.parametrize("url, queries", PAGES)
def test_page_query_count(client, django_assert_num_queries, url, queries):
    assert_queries(client, django_assert_num_queries, url, CONTENT_VERSION + queries)


def test_a_city_page_does_not_grow_with_its_memberships(client, django_assert_num_queries):
    paragraph = Paragraph.objects.get(article__slug="cities-are-transforming-us-foreign-policy", number=1)
    city = City.objects.get(slug="los-angeles")
    for index in range(5):
        network = Network.objects.create(name=f"Test network {index}", slug=f"test-network-{index}")
        membership = Membership.objects.create(city=city, network=network)
        MembershipSource.objects.create(membership=membership, paragraph=paragraph, quote=paragraph.text[:40])
    with django_assert_num_queries(CONTENT_VERSION + 8):
        response = client.get("/cities/los-angeles/")
    assert b"Test network 4" in response.content


def test_a_network_page_does_not_grow_with_its_members(client, django_assert_num_queries):
    network = Network.objects.get(slug="c40-cities")
    paragraph = Paragraph.objects.filter(article__status="published").first()
    for index in range(5):
        city = City.objects.create(name=f"Test city {index}", slug=f"test-city-{index}", country="X", region="europe")
        membership = Membership.objects.create(city=city, network=network)
        MembershipSource.objects.create(membership=membership, paragraph=paragraph, quote=paragraph.text[:40])
    with django_assert_num_queries(CONTENT_VERSION + 7):
        response = client.get("/networks/c40-cities/")
    assert b"Test city 4" in response.content


# The admin's list pages, as an editor sees them: session, user, permissions, then the page's own queries.
ADMIN_LISTS = [
    ("articles/article", 14), ("articles/author", 9), ("articles/topic", 9), ("articles/paragraph", 9),
    ("initiatives/city", 10), ("initiatives/network", 10), ("initiatives/body", 9), ("initiatives/membership", 10),
    ("initiatives/initiative", 12), ("initiatives/participation", 9), ("initiatives/mention", 10),
]


@pytest.mark.parametrize("model, queries", ADMIN_LISTS)
def test_admin_list_query_count(editor_client, django_assert_num_queries, model, queries):
    assert_queries(editor_client, django_assert_num_queries, f"/admin/{model}/", queries)
