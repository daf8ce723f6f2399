"""The map, the graph and the timeline show one linked mark per record, with a table of the same data."""

import re

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from initiatives import picture_views
from initiatives.models import City, Initiative, Membership, MembershipSource, Network

pytestmark = pytest.mark.django_db


def marks(page, kind):
    return re.findall(rf'<a class="mark {kind}[^"]*" href="([^"]+)"', page)


def on_map(page):
    """The cities' addresses the map draws: as circles of their own, or in a group's entry under the map."""
    groups = re.findall(r'<li id="map-group-\d+">(.*?)</li>', page, re.S)
    return sorted(marks(page, "city") + [url for entry in groups for url in re.findall(r'href="(/cities/[^"]+)"', entry)])


def test_the_map_places_every_city_with_coordinates_as_a_link(client):
    page = client.get("/map/").content.decode()
    placed = City.objects.exclude(latitude=None)
    assert on_map(page) == sorted(city.get_absolute_url() for city in placed)
    assert "<table" in page, "a text alternative with the same data"
    assert "style=" not in page and "<script" not in page.split("application/ld+json")[0]


def test_the_map_takes_the_filters_of_the_city_list(client):
    page = client.get("/map/?region=europe&network=c40-cities").content.decode()
    chosen = City.objects.filter(region="europe", memberships__network__slug="c40-cities").exclude(latitude=None).distinct()
    assert chosen.exists()
    assert on_map(page) == sorted(city.get_absolute_url() for city in chosen)
    assert 'class="chip"' in page
    assert client.get("/map/?region=" + "x" * 300).status_code == 400


def test_the_map_draws_the_most_connected_cities_when_there_are_too_many(client, monkeypatch):
    monkeypatch.setattr(picture_views, "MAP_MAX_CITIES", 5)
    page = client.get("/map/").content.decode()
    counted = City.objects.with_counts()
    ranked = sorted(counted, key=lambda c: (-(c.network_count + c.initiative_count), c.name))[:5]
    assert on_map(page) == sorted(city.get_absolute_url() for city in ranked)
    assert f"Showing the 5 most connected of {City.objects.count()} cities" in page


def test_the_graph_has_a_node_per_connected_city_and_network_and_an_edge_per_membership(client):
    page = client.get("/graph/").content.decode()
    connected = City.objects.filter(memberships__isnull=False).distinct()
    assert sorted(marks(page, "city")) == sorted(city.get_absolute_url() for city in connected)
    assert sorted(marks(page, "network")) == sorted(network.get_absolute_url() for network in Network.objects.all())
    assert page.count('<line class="edge') - page.count('class="swatch"') == Membership.objects.count()


def test_the_graph_filters_by_network_and_by_topic(client):
    c40 = client.get("/graph/?network=c40-cities").content.decode()
    members = City.objects.filter(memberships__network__slug="c40-cities").distinct()
    assert sorted(marks(c40, "city")) == sorted(city.get_absolute_url() for city in members)
    assert marks(c40, "network") == ["/networks/c40-cities/"]
    assert client.get("/graph/?topic=climate").status_code == 200
    assert client.get("/graph/?topic=no-such-topic").status_code == 200


@pytest.mark.parametrize("query", ["network=" + "x" * 201, "topic=" + "x" * 201])
def test_the_graph_refuses_a_filter_longer_than_any_slug(client, query):
    response = client.get(f"/graph/?{query}")
    assert response.status_code == 400
    assert "The network and topic filters take a slug, 200 characters at most." in response.content.decode()


@pytest.mark.parametrize("url", ["/map/", "/initiatives/timeline/"])
def test_the_pictures_refuse_a_filter_longer_than_any_value(client, url):
    response = client.get(url, {"country" if url == "/map/" else "city": "x" * 201})
    assert response.status_code == 400
    assert "filter is longer than any value it takes (200 characters at most)" in response.content.decode()


def test_the_graph_offers_the_largest_networks_and_the_chosen_one(client, monkeypatch):
    monkeypatch.setattr(picture_views, "GRAPH_MAX_CHOICES", 2)
    page = client.get("/graph/?network=climate-mayors").content.decode()
    menu = re.search(r'<select id="graph-network".*?</select>', page, re.S).group()
    offered = re.findall(r'<option value="([^"]+)"', menu)
    largest = Network.objects.annotate(size=Count("memberships")).order_by("-size", "pk")[:2]
    assert sorted(offered) == sorted({*(network.slug for network in largest), "climate-mayors"})
    assert '<option value="climate-mayors" selected>' in menu


def test_the_timeline_marks_every_dated_initiative_and_lists_the_others(client):
    page = client.get("/initiatives/timeline/").content.decode()
    dated = Initiative.objects.exclude(year=None)
    assert sorted(marks(page, "initiative")) == sorted(i.get_absolute_url() for i in dated)
    for undated in Initiative.objects.filter(year=None):
        assert f'href="{undated.get_absolute_url()}"' in page


def test_the_timeline_takes_the_filters_of_the_initiative_list(client):
    page = client.get("/initiatives/timeline/?topic=climate&city=los-angeles").content.decode()
    chosen = Initiative.objects.filter(topics__slug="climate").filter(participations__city__slug="los-angeles").exclude(year=None)
    assert sorted(marks(page, "initiative")) == sorted(i.get_absolute_url() for i in chosen.distinct())
    assert 'class="chip"' in page
    assert client.get("/initiatives/timeline/?year=abc").status_code == 400


def test_city_and_network_pages_show_their_neighbourhood(client):
    page = client.get("/cities/los-angeles/").content.decode()
    assert "Neighbourhood" in page
    for membership in Membership.objects.filter(city__slug="los-angeles"):
        assert membership.network.get_absolute_url() in marks(page, "network")
    network_page = client.get("/networks/urban-20/").content.decode()
    assert "/cities/los-angeles/" in marks(network_page, "city")


def test_a_region_zooms_the_map_so_that_close_cities_separate(client):
    world = client.get("/map/").content.decode()
    assert "/cities/budapest/" not in marks(world, "city"), "grouped at the scale of the world"
    group = re.search(r'<a class="mark group" href="([^"]+)"><title>[^<]*Budapest', world).group(1)
    assert "bbox=" in group
    zoomed = client.get("/map/" + group.replace("&amp;", "&")).content.decode()
    assert {"/cities/budapest/", "/cities/bratislava/"} <= set(marks(zoomed, "city"))
    europe = client.get("/map/?region=europe").content.decode()
    assert {"/cities/budapest/", "/cities/bratislava/"} <= set(marks(europe, "city"))
    assert re.search(r'<g class="geography" aria-hidden="true" transform="translate\([-\d. ]+\) scale\([\d.]+\)">', europe)
    assert 'href="?region=north-america" rel="nofollow">North America</a>' in world, "zoom to a region by a link"


@pytest.mark.parametrize("bbox", ["1,2,3", "20,40,10,50", "0,95,10,99", "a,b,c,d", "1e3,0,2,1"])
def test_the_map_refuses_an_area_it_cannot_read(client, bbox):
    response = client.get("/map/", {"bbox": bbox})
    assert response.status_code == 400
    assert "The area to zoom on is west,south,east,north in degrees" in response.content.decode()


@pytest.mark.parametrize("url", ["/map/", "/graph/"])
@pytest.mark.parametrize("year", ["1799", "2101", "abc", "2015.5", "-2015"])
def test_the_pictures_refuse_a_year_they_cannot_read(client, url, year):
    response = client.get(url, {"as_of": year})
    assert response.status_code == 400
    assert "The year “as of” is a whole number from 1800 to 2100, such as ?as_of=2015." in response.content.decode()


def test_the_map_as_of_a_year_shows_the_cities_as_they_stood(client):
    page = client.get("/map/?as_of=2018").content.decode()
    assert "<title>Map of cities as of 2018" in page and "<h1>Map of cities as of 2018</h1>" in page
    standing = City.objects.filter(
        Q(memberships__start_year__lte=2018) | Q(participations__initiative__year__lte=2018)
    ).exclude(latitude=None).distinct()
    assert on_map(page) == sorted(city.get_absolute_url() for city in standing)
    assert "/cities/bratislava/" not in on_map(page), "in the Pact of Free Cities from 2019 only"
    assert 'name="as_of" type="number"' in page and 'value="2018"' in page
    assert 'href="/map/">as they stand today</a>' in page


def test_clearing_the_map_s_filters_keeps_its_year_and_area(client):
    page = client.get("/map/?as_of=2018&bbox=-20,30,40,70&region=europe&country=Hungary").content.decode()
    assert 'href="?as_of=2018&amp;bbox=-20%2C30%2C40%2C70" class="clear">Clear all</a>' in page
    cleared = client.get("/map/?as_of=2018&bbox=-20,30,40,70")
    assert cleared.status_code == 200 and "Map of cities as of 2018" in cleared.content.decode()


def test_the_graph_as_of_a_year_shows_the_memberships_that_stood(client):
    page = client.get("/graph/?as_of=2019").content.decode()
    assert "<h1>Cities and their networks as of 2019</h1>" in page
    standing = Membership.objects.filter(start_year__lte=2019).exclude(end_year__lt=2019)
    assert page.count('<line class="edge') - page.count('class="swatch"') == standing.count()
    assert sorted(set(marks(page, "city"))) == sorted({m.city.get_absolute_url() for m in standing})
    assert "/networks/city-hub-and-network-for-gender-equity/" not in marks(page, "network"), "founded in 2020"
    early = client.get("/graph/?as_of=2010").content.decode()
    assert "<svg" not in early.split("<main", 1)[1] and "No membership of these networks is recorded as of 2010." in early


def test_in_no_network_is_said_only_of_cities_in_none(client):
    page = client.get("/graph/?topic=climate").content.decode()
    note = re.search(r"In no network yet.*?</p>", page, re.S).group()
    assert "Los Angeles" not in note
    for city in City.objects.filter(name__in=re.findall(r">([^<]+)</a>", note)):
        assert not city.memberships.exists(), city


def test_a_network_with_no_members_says_so_in_a_sentence(client):
    Network.objects.create(name="Empty Alliance", slug="empty-alliance")
    page = client.get("/networks/empty-alliance/").content.decode()
    assert "No member city of Empty Alliance is recorded yet." in page
    assert '<svg class="picture-svg"' not in page


def test_a_network_page_offers_its_graph_as_of_a_year(client):
    page = client.get("/networks/urban-20/").content.decode()
    form = re.search(r'<form class="as-of-form" method="get" action="/graph/">.*?</form>', page, re.S).group()
    assert '<input type="hidden" name="network" value="urban-20">' in form and 'name="as_of"' in form
    graph = client.get("/graph/?network=urban-20&as_of=2016").content.decode()
    assert "None of these networks had been founded by 2016." in graph, "the Urban 20 was founded in 2017"
    graph = client.get("/graph/?network=urban-20&as_of=2017").content.decode()
    assert sorted(marks(graph, "city")) == ["/cities/buenos-aires/", "/cities/los-angeles/", "/cities/paris/"]


@pytest.mark.parametrize("url", ["/map/", "/map/?as_of=2019", "/map/?region=europe", "/graph/", "/graph/?as_of=2019",
                                 "/graph/?topic=climate&as_of=2020", "/initiatives/timeline/"])
def test_the_pictures_queries_do_not_grow_with_the_records(client, settings, url):
    """A picture's page makes as many queries with twice the records: none per city, network or membership."""
    settings.PAGE_CACHE = False  # each answer rendered anew, not the cache's revision checks
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    network = Network.objects.create(name="Grown Network", slug="grown-network", founded=2000)
    cities = City.objects.bulk_create(
        City(name=f"Grown {n}", slug=f"grown-{n}", country="France", region="europe", latitude=45 + n / 10, longitude=2)
        for n in range(30)
    )
    for membership in Membership.objects.bulk_create(Membership(city=c, network=network, start_year=2010) for c in cities):
        source = MembershipSource.objects.filter(membership__network__slug="urban-20").first()
        MembershipSource.objects.create(membership=membership, paragraph=source.paragraph, quote=source.quote)
    with CaptureQueriesContext(connection) as after:
        page = client.get(url).content.decode()
    assert len(after) == len(before), url
    if url.startswith("/graph/?as_of"):
        assert "/networks/grown-network/" in page
