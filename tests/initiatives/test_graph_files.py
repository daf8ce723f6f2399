"""/graph/?format=graphml|gexf: the city–network–initiative graph as files networkx (and Gephi) load, filtered as
the graph page is."""

import io

import networkx
import pytest
from django.test import Client

from initiatives.models import Membership, Participation

pytestmark = pytest.mark.django_db

READERS = {"graphml": networkx.read_graphml, "gexf": networkx.read_gexf}


def graph(query: str, export: str):
    response = Client().get(f"/graph/?format={export}&{query}")
    assert response.status_code == 200, response.content
    return response, READERS[export](io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.parametrize("export", ["graphml", "gexf"])
def test_the_whole_graph_loads_in_networkx_with_its_attributes(export):
    response, loaded = graph("", export)
    assert response["Content-Disposition"] == f'attachment; filename="citydip-graph.{export}"'
    los_angeles = loaded.nodes["city:los-angeles"]
    assert (los_angeles["kind"], los_angeles["name"], los_angeles["country"]) == ("city", "Los Angeles", "United States")
    assert los_angeles["url"] == "http://testserver/cities/los-angeles/"
    assert loaded.nodes["network:c40-cities"]["kind"] == "network"
    edges = loaded.get_edge_data("city:los-angeles", "network:c40-cities").values()
    chair = next(edge for edge in edges if edge["role"] == "chair")
    assert chair["kind"] == "membership" and "chair of C40 Cities" in chair["quote"] and "#p" in chair["source"]
    memberships = [e for *_, e in loaded.edges(data=True) if e["kind"] == "membership"]
    participations = [e for *_, e in loaded.edges(data=True) if e["kind"] == "participation"]
    assert len(memberships) == Membership.objects.public().count()
    assert len(participations) == Participation.objects.public().count()
    assert all(isinstance(e["year"], int) for e in participations if "year" in e)


@pytest.mark.parametrize("export", ["graphml", "gexf"])
def test_the_graph_file_follows_the_page_filters(export):
    _, c40 = graph("network=c40-cities", export)
    kinds = {data["kind"] for _, data in c40.nodes(data=True)}
    assert {n for n, d in c40.nodes(data=True) if d["kind"] == "network"} == {"network:c40-cities"}
    assert "city:los-angeles" in c40 and kinds <= {"city", "network", "initiative", "body"}
    _, climate = graph("topic=climate", export)
    _, everything = graph("", export)
    assert 0 < climate.number_of_nodes() < everything.number_of_nodes()


def test_an_unknown_filter_or_format_is_a_400():
    reader = Client()
    unknown = reader.get("/graph/?format=graphml&network=narnia")
    assert unknown.status_code == 400 and "no network &#x27;narnia&#x27;" in unknown.content.decode()
    assert reader.get("/graph/?format=gexf&topic=narnia").status_code == 400
    assert reader.get("/graph/?format=pdf").status_code == 400


def test_the_graph_page_links_its_files_with_its_filters():
    page = Client().get("/graph/?network=c40-cities").content.decode()
    assert 'href="?format=graphml&amp;network=c40-cities"' in page and 'href="?format=gexf&amp;network=c40-cities"' in page


def test_the_graph_file_takes_a_fixed_number_of_queries(django_assert_num_queries):
    # the content version (the page cache asks), then networks, cities, initiatives, bodies, the first quotes of
    # three kinds of claims, four kinds of edges: a query per kind, never per row
    with django_assert_num_queries(12):
        b"".join(Client().get("/graph/?format=graphml").streaming_content)
