"""The map, the graph and the timeline show one linked mark per record, with a table of the same data."""

import re

import pytest
from django.db.models import Count

from initiatives import picture_views
from initiatives.models import City, Initiative, Membership, Network

pytestmark = pytest.mark.django_db


def marks(page, kind):
    return re.findall(rf'<a class="mark {kind}[^"]*" href="([^"]+)"', page)


def test_the_map_places_every_city_with_coordinates_as_a_link(client):
    page = client.get("/map/").content.decode()
    placed = City.objects.exclude(latitude=None)
    assert sorted(marks(page, "city")) == sorted(city.get_absolute_url() for city in placed)
    assert "<table" in page, "a text alternative with the same data"
    assert "style=" not in page and "<script" not in page.split("application/ld+json")[0]


def test_the_map_takes_the_filters_of_the_city_list(client):
    page = client.get("/map/?region=europe&network=c40-cities").content.decode()
    chosen = City.objects.filter(region="europe", memberships__network__slug="c40-cities").exclude(latitude=None).distinct()
    assert chosen.exists()
    assert sorted(marks(page, "city")) == sorted(city.get_absolute_url() for city in chosen)
    assert 'class="chip"' in page
    assert client.get("/map/?region=" + "x" * 300).status_code == 400


def test_the_map_draws_the_most_connected_cities_when_there_are_too_many(client, monkeypatch):
    monkeypatch.setattr(picture_views, "MAP_MAX_CITIES", 5)
    page = client.get("/map/").content.decode()
    counted = City.objects.with_counts()
    ranked = sorted(counted, key=lambda c: (-(c.network_count + c.initiative_count), c.name))[:5]
    assert sorted(marks(page, "city")) == sorted(city.get_absolute_url() for city in ranked)
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
