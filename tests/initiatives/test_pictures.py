"""The pictures (issue 5): a world map, a network graph and a timeline, computed on the server as inline SVG."""

import math
import re
import time
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string

from citydip.data.synthesis import curated_counts
from initiatives import pictures
from initiatives.models import City, Initiative, Membership, Network

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
PATH_NUMBER = re.compile(r"-?\d*\.?\d+")

CURATED = curated_counts()  # the curated set's size, as fixtures/ holds it


def seeded_map(**options):
    return pictures.world_map(City.objects.with_counts(), zoom_url=lambda box: "?bbox=" + ",".join(map(str, box)), **options)


def seeded_graph():
    return pictures.network_graph(
        City.objects.all(), Network.objects.all(), Membership.objects.select_related("city", "network")
    )


def seeded_timeline():
    return pictures.timeline(Initiative.objects.all())


def path_points(d):
    """The absolute points of path data made of "M x,y l dx,dy … z" subpaths, and its segments ((x1, y1), (x2, y2))."""
    points, segments = [], []
    for subpath in re.findall(r"M([^Mz]*)z?", d):
        start, _, rest = subpath.partition("l")
        x, y = map(float, PATH_NUMBER.findall(start))
        points.append((x, y))
        numbers = [float(n) for n in PATH_NUMBER.findall(rest)]
        for dx, dy in zip(numbers[::2], numbers[1::2]):
            segments.append(((x, y), (x + dx, y + dy)))
            x, y = x + dx, y + dy
            points.append((x, y))
    return points, segments


def svg_of(html):
    """The <svg> element of a rendered include, parsed as XML: it must be well-formed."""
    start = html.index('<svg class="picture-svg"')
    end = html.index("</svg>", start) + len("</svg>")
    return ET.fromstring(html[start:end])


def mark_links(svg):
    return [a for a in svg.iter(f"{SVG}a") if "mark" in a.get("class", "").split()]


def assert_safe_for_csp(html):
    assert "style=" not in html
    assert "<style" not in html
    assert "<script" not in html.lower()
    assert not re.search(r"<[^>]+\son[a-z]+=", html), "no inline event handlers"


# --- World map --------------------------------------------------------------------------------------------------------


def test_map_has_one_mark_per_city_with_coordinates_inside_the_viewbox():
    picture = seeded_map()
    placed = City.objects.filter(latitude__isnull=False, longitude__isnull=False)
    assert placed.count() == CURATED["cities"]
    assert sorted(m.url for m in picture.cities) == sorted(c.get_absolute_url() for c in placed)
    assert picture.unplaced == []
    for mark in picture.cities:
        assert mark.x - mark.r >= 0 and mark.x + mark.r <= picture.width, mark
        assert mark.y - mark.r >= 0 and mark.y + mark.r <= picture.height, mark
        assert pictures.CITY_MIN_RADIUS <= mark.r <= pictures.CITY_MAX_RADIUS


def test_map_places_cities_where_they_are():
    marks = {m.name: m for m in seeded_map().cities}
    middle_x, middle_y = pictures.MAP_WIDTH / 2, pictures.MAP_HEIGHT / 2
    la, tokyo, buenos_aires, london = marks["Los Angeles"], marks["Tokyo"], marks["Buenos Aires"], marks["London"]
    assert la.x < middle_x < tokyo.x
    assert la.y < middle_y and tokyo.y < middle_y and buenos_aires.y > middle_y
    assert abs(london.x - middle_x) < 3  # on the prime meridian
    assert pictures.project(0, 0) == (middle_x, middle_y)


def test_map_circles_grow_with_connectedness():
    picture = seeded_map()
    biggest = picture.cities[0]  # drawn first, so that smaller circles stay on top
    assert biggest.name == "Los Angeles"
    assert all(biggest.r >= m.r for m in picture.cities)
    radii = {(m.network_count + m.initiative_count, m.r) for m in picture.cities}
    for connections, r in radii:
        assert all(r2 >= r for c2, r2 in radii if c2 > connections)


def test_a_city_without_coordinates_is_listed_but_not_placed():
    City.objects.filter(slug="tokyo").update(latitude=None, longitude=None)
    picture = seeded_map()
    assert "Tokyo" not in {m.name for m in picture.cities}
    assert [c.name for c in picture.unplaced] == ["Tokyo"]
    assert "Tokyo" in {c.name for c in picture.table}
    assert "no coordinates" in picture.description
    html = render_to_string("initiatives/includes/world_map.svg.html", {"world_map": picture})
    assert 'href="/cities/tokyo/"' not in html.split("</svg>")[0]
    assert re.search(r'href="/cities/tokyo/">Tokyo</a></th><td>Japan</td><td colspan="2">not on the map', html)


def test_country_outlines_are_non_empty_paths_computed_once():
    outlines = pictures.country_outlines()
    assert outlines is pictures.country_outlines()
    assert len(outlines) > 150
    names = {o.name for o in outlines}
    assert {"Russia", "Fiji", "Antarctica", "Brazil", "France"} <= names
    for outline in outlines:
        assert re.fullmatch(r"(M[-\d.,]+l[-\d., ]+z)+", outline.d), outline.name


def test_country_outlines_stay_inside_the_map_and_never_streak_across_it():
    for outline in pictures.country_outlines():
        points, segments = path_points(outline.d)
        assert points, outline.name
        for x, y in points:
            assert -0.5 <= x <= pictures.MAP_WIDTH + 0.5 and -0.5 <= y <= pictures.MAP_HEIGHT + 0.5, outline.name
        south_pole = pictures.project(0, -90)[1]
        for (x1, y1), (x2, y2) in segments:
            along_the_pole = abs(y1 - south_pole) < 0.2 and abs(y2 - south_pole) < 0.2  # Antarctica's closing line
            assert abs(x2 - x1) < pictures.MAP_WIDTH / 2 or along_the_pole, f"{outline.name} jumps across the map"
    (antarctica,) = [o for o in pictures.country_outlines() if o.name == "Antarctica"]
    assert any(abs(y - pictures.project(0, -90)[1]) < 0.2 for _, y in path_points(antarctica.d)[0])


def test_rings_across_the_antimeridian_are_cut_at_the_edge():
    # A square from 170°E to 170°W: two pieces, one at each edge of the map.
    ring = [(170, 10), (-170, 10), (-170, -10), (170, -10), (170, 10)]
    pieces = pictures.ring_pieces(ring)
    assert len(pieces) == 2
    for piece in pieces:
        lons = {round(lon) for lon, _ in piece}
        assert lons <= {170, 180} or lons <= {-180, -170}
    # A ring round the South Pole is closed along the pole.
    polar = [(lon, -70) for lon in range(-180, 181, 30)]
    (piece,) = pictures.ring_pieces(polar)
    assert min(lat for _, lat in piece) == -90


def test_topojson_arcs_are_delta_decoded_and_reversed():
    topology = {
        "transform": {"scale": [1, 1], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "Square"}},
            {"type": "MultiPolygon", "arcs": [[[~1]]], "properties": {"name": "Back"}},
        ]}},
    }
    decoded = pictures.decode_topology(topology)
    assert decoded["Square"] == [[[(10, 20), (12, 20), (12, 22), (10, 22), (10, 20)]]]
    assert decoded["Back"] == [[[(10, 20), (10, 22), (12, 22)]]]


# --- Network graph ----------------------------------------------------------------------------------------------------


def test_graph_has_a_node_per_network_and_per_member_city_and_an_edge_per_membership():
    picture = seeded_graph()
    networks = list(Network.objects.all())
    members = City.objects.filter(memberships__isnull=False).distinct()
    assert sorted(n.url for n in picture.network_nodes) == sorted(n.get_absolute_url() for n in networks)
    assert sorted(n.url for n in picture.city_nodes) == sorted(c.get_absolute_url() for c in members)
    assert len(picture.nodes) == len(networks) + members.count() == CURATED["networks"] + members.count()

    memberships = Membership.objects.select_related("city", "network")
    assert len(picture.edges) == memberships.count() == CURATED["memberships"]
    assert sorted((e.city, e.network, e.role) for e in picture.edges) == sorted(
        (m.city.name, m.network.name, m.role) for m in memberships
    )
    labels = dict(Membership.Role.choices)
    for edge in picture.edges:
        assert edge.role_label == labels[edge.role] and edge.role_class == "role-" + edge.role.replace(" ", "-")
    assert {r.role for r in picture.roles} == {m.role for m in memberships}


def test_graph_edges_join_their_nodes_and_everything_fits():
    picture = seeded_graph()
    where = {(n.kind, n.name): (n.x, n.y) for n in picture.nodes}
    for edge in picture.edges:
        city, network = where[("city", edge.city)], where[("network", edge.network)]
        assert abs(edge.x1 - city[0]) <= 3.1 and abs(edge.y1 - city[1]) <= 3.1  # parallel lines sit 3 apart
        assert abs(edge.x2 - network[0]) <= 3.1 and abs(edge.y2 - network[1]) <= 3.1
    for node in picture.nodes:
        assert node.r <= node.x <= picture.width - node.r and node.r <= node.y <= picture.height - node.r
    positions = [(n.x, n.y) for n in picture.nodes]
    assert len(set(positions)) == len(positions), "no two nodes on top of each other"


def test_graph_lists_cities_in_no_network_and_every_membership_in_its_table():
    picture = seeded_graph()
    expected = City.objects.filter(memberships__isnull=True).order_by("name")
    assert [name for name, _ in picture.unconnected] == [c.name for c in expected]
    rows = {row.name: row for row in picture.networks}
    assert set(rows) == set(Network.objects.values_list("name", flat=True))
    assert sum(len(row.members) for row in rows.values()) == CURATED["memberships"]
    pact = [name for name, _, _ in rows["Pact of Free Cities"].members]
    assert pact == ["Bratislava", "Budapest", "Prague", "Warsaw"]


def test_graph_layout_is_deterministic():
    assert seeded_graph() == seeded_graph()


def test_graph_scales_to_hundreds_of_nodes():
    networks = [Network(pk=n, name=f"Network {n:02}", slug=f"network-{n}") for n in range(1, 21)]
    cities = [City(pk=c, name=f"City {c:03}", slug=f"city-{c}") for c in range(1, 401)]
    memberships = [
        Membership(city=city, network=networks[(city.pk * k) % len(networks)], role="member")
        for city in cities
        for k in (1, 7)
        if city.pk % 9  # some cities in no network
    ]
    started = time.perf_counter()
    picture = pictures.network_graph(cities, networks, memberships)
    assert time.perf_counter() - started < 2
    members = {m.city.pk for m in memberships}
    # The cities in the most networks are drawn, every one a labelled 24 px target; the others are in the table.
    assert len(picture.city_nodes) == pictures.graphs.MAX_DRAWN_CITIES < len(members)
    assert picture.undrawn == len(members) - pictures.graphs.MAX_DRAWN_CITIES
    assert f"{picture.undrawn} cities in fewer networks are only in the table" in picture.description
    drawn = {node.url for node in picture.city_nodes}
    assert len(picture.edges) == sum(1 for m in memberships if m.city.get_absolute_url() in drawn)
    assert sum(len(row.members) for row in picture.networks) == len(memberships)
    assert len(picture.network_nodes) == 20
    assert all(n.r <= n.x <= picture.width - n.r and n.r <= n.y <= picture.height - n.r for n in picture.nodes)
    assert all(n.label and n.r >= 12 for n in picture.city_nodes)
    assert picture.width > pictures.GRAPH_WIDTH, "the picture grows rather than crowd its ring"
    ring = sorted(picture.city_nodes, key=lambda n: math.atan2(n.y - picture.height / 2, n.x - picture.width / 2))
    for a, b in zip(ring, ring[1:]):
        assert math.hypot(a.x - b.x, a.y - b.y) >= a.r + b.r, "neighbours on the ring do not overlap"


def test_a_single_network_sits_in_the_middle():
    network = Network(pk=1, name="Solo", slug="solo")
    city = City(pk=1, name="Alone", slug="alone")
    picture = pictures.network_graph([city], [network], [Membership(city=city, network=network, role="chair")])
    (node,) = picture.network_nodes
    assert (node.x, node.y) == (picture.width / 2, picture.height / 2)
    assert [e.role_label for e in picture.edges] == ["Chair"]


# --- Timeline ---------------------------------------------------------------------------------------------------------


def test_timeline_has_a_mark_per_dated_initiative_and_lists_the_undated():
    picture = seeded_timeline()
    dated = Initiative.objects.filter(year__isnull=False)
    undated = Initiative.objects.filter(year__isnull=True)
    assert sorted((m.url, m.year) for m in picture.marks) == sorted((i.get_absolute_url(), i.year) for i in dated)
    assert len(picture.marks) == 28
    assert [u.name for u in picture.undated] == sorted(undated.values_list("name", flat=True), key=str.casefold)
    assert len(picture.undated) == 51
    assert sum(len(marks) for _, marks in picture.years) == 28


def test_timeline_runs_down_the_years_with_a_row_of_marks_each():
    picture = seeded_timeline()
    ticks = {t.year: t.y for t in picture.ticks}
    assert list(ticks) == sorted({i.year for i in Initiative.objects.exclude(year=None)})
    assert list(ticks.values()) == sorted(ticks.values()), "the oldest year on top"
    for mark in picture.marks:
        assert mark.y >= ticks[mark.year] and (mark.y - ticks[mark.year]) % pictures.MARK_STEP == 0, mark
        assert picture.axis_x < mark.x - mark.r and mark.x + mark.r <= picture.width, mark
        assert mark.r * 2 >= 24, "a 24 px target: the timeline is never drawn smaller than its viewBox"
        assert mark.kind_class == "kind-" + mark.kind.replace(" ", "-")
        assert mark.code == pictures.KIND_CODES[mark.kind]
    for a, b in zip(picture.marks, picture.marks[1:]):
        assert math.hypot(a.x - b.x, a.y - b.y) >= a.r + b.r, "no two marks overlap"
    assert {k.kind for k in picture.kinds} == {m.kind for m in picture.marks}
    assert len(set(pictures.KIND_CODES.values())) == len(pictures.KIND_LABELS), "a code of its own for every kind"


def test_empty_inputs_give_empty_pictures():
    world = pictures.world_map([])
    assert world.cities == [] and world.unplaced == [] and world.countries  # the world is still drawn
    graph = pictures.network_graph([], [], [])
    assert graph.nodes == [] and graph.edges == [] and graph.networks == [] and graph.unconnected == []
    line = pictures.timeline([])
    assert line.marks == [] and line.ticks == [] and line.undated == [] and line.years == []
    assert pictures.timeline(Initiative.objects.filter(year__isnull=True)).marks == []


def test_map_circles_are_targets_of_24_px_that_never_overlap():
    for picture in (seeded_map(), seeded_map(fit=True)):
        drawn = [*picture.singles, *picture.groups]
        assert all(mark.r >= 12 for mark in drawn)
        for i, a in enumerate(drawn):
            for b in drawn[i + 1 :]:
                assert math.hypot(a.x - b.x, a.y - b.y) >= a.r + b.r, (a, b)
        assert sorted(c.name for c in picture.cities) == sorted(
            [*(c.name for c in picture.singles), *(c.name for g in picture.groups for c in g.cities)]
        )


def test_a_zoomed_map_separates_close_cities_and_a_group_opens_a_zoomed_view():
    world = seeded_map()
    (europe,) = [g for g in world.groups if "Budapest" in g.names]
    assert {"Bratislava", "Budapest", "Prague", "Warsaw"} <= {c.name for c in europe.cities}
    assert europe.url.startswith("?bbox=")
    west, south, east, north = map(float, europe.url.removeprefix("?bbox=").split(","))
    assert all(west < c.longitude < east and south < c.latitude < north for c in europe.cities)
    zoomed = pictures.world_map(
        City.objects.with_counts().filter(pk__in=City.objects.filter(name__in=[c.name for c in europe.cities])),
        fit=True,
        zoom_url=lambda box: "?bbox=",
    )
    assert zoomed.zoom.scale > 4 and zoomed.zoom.transform.startswith("translate(")
    singles = {c.name for c in zoomed.singles}
    assert {"Budapest", "Bratislava"} <= singles, "apart once zoomed in"
    # Two cities at one place stay grouped at the closest zoom, and the group points to its entry under the map.
    twins = [City(pk=n, name=f"Twin {n}", slug=f"twin-{n}", latitude=47.5, longitude=19.04) for n in (1, 2)]
    twin_map = pictures.world_map(twins, fit=True, zoom_url=lambda box: "?bbox=")
    (group,) = twin_map.groups
    assert group.url == "#map-group-1" and twin_map.singles == []


def test_a_busy_year_wraps_onto_more_lines():
    initiatives = [Initiative(name=f"I{n:02}", slug=f"i{n}", kind="event", year=2018) for n in range(20)]
    picture = pictures.timeline(initiatives)
    assert [t.year for t in picture.ticks] == [2018]
    lines = sorted({m.y for m in picture.marks})
    assert len(lines) == math.ceil(20 / pictures.MARKS_PER_LINE)
    assert all(m.x + m.r <= picture.width for m in picture.marks)


# --- The includes -----------------------------------------------------------------------------------------------------


def test_map_include_links_every_city_and_is_csp_safe():
    picture = seeded_map()
    html = render_to_string("initiatives/includes/world_map.svg.html", {"world_map": picture})
    assert_safe_for_csp(html)
    svg = svg_of(html)
    assert svg.find(f"{SVG}title").text and svg.find(f"{SVG}desc").text == picture.description
    links = mark_links(svg)
    cities = [a for a in links if a.get("class") == "mark city"]
    groups = [a for a in links if a.get("class") == "mark group"]
    assert len(cities) + len(groups) == len(links) and groups, "the world view groups Europe's cities"
    grouped = [name for a in groups for name in a.find(f"{SVG}title").text.split(": ", 1)[1].split(". ")[0].split(", ")]
    names = {c.get_absolute_url(): c.name for c in City.objects.all()}
    assert sorted([*(names[a.get("href")] for a in cities), *grouped]) == sorted(names.values()), "each city once"
    for a in cities:
        assert a.find(f"{SVG}title").text.startswith(names[a.get("href")] + ",")
        assert float(a.find(f"{SVG}circle").get("r")) >= 12
    for a in groups:
        assert a.get("href").startswith("?bbox=")
        assert a.find(f"{SVG}text").text == a.find(f"{SVG}title").text.split()[0], "the circle shows its count"
    for a in links:
        assert a.get("tabindex") is None
    assert len(svg.findall(f".//{SVG}path[@class='country']")) == len(pictures.country_outlines())
    assert 'href="/cities/los-angeles/"' in html.split("</svg>", 1)[1], "the table links the records too"


def test_graph_include_links_every_node_and_is_csp_safe():
    picture = seeded_graph()
    html = render_to_string("initiatives/includes/network_graph.svg.html", {"network_graph": picture})
    assert_safe_for_csp(html)
    svg = svg_of(html)
    assert svg.find(f"{SVG}title").text and svg.find(f"{SVG}desc").text == picture.description
    links = mark_links(svg)
    expected = [n.get_absolute_url() for n in Network.objects.all()] + [
        c.get_absolute_url() for c in City.objects.filter(memberships__isnull=False).distinct()
    ]
    assert sorted(a.get("href") for a in links) == sorted(expected)
    titles = {a.find(f"{SVG}title").text.split(":")[0] for a in links}
    assert {"C40 Cities", "Los Angeles"} <= titles
    assert len(svg.findall(f".//{SVG}line")) == CURATED["memberships"]
    assert "founding member of" in html


def test_timeline_include_links_every_dated_initiative_and_lists_the_undated():
    picture = seeded_timeline()
    html = render_to_string("initiatives/includes/timeline.svg.html", {"timeline": picture})
    assert_safe_for_csp(html)
    svg = svg_of(html)
    assert svg.find(f"{SVG}title").text and svg.find(f"{SVG}desc").text == picture.description
    links = mark_links(svg)
    dated = Initiative.objects.filter(year__isnull=False)
    assert sorted(a.get("href") for a in links) == sorted(i.get_absolute_url() for i in dated)
    titles = {a.find(f"{SVG}title").text for a in links}
    assert titles == {f"{i.name} ({i.get_kind_display().lower()}, {i.year})" for i in dated}
    after = html.split("</svg>", 1)[1]
    for initiative in Initiative.objects.filter(year__isnull=True):
        assert f'href="{initiative.get_absolute_url()}"' in after


def test_includes_render_empty_pictures():
    context = {
        "world_map": pictures.world_map([]),
        "network_graph": pictures.network_graph([], [], []),
        "timeline": pictures.timeline([]),
    }
    world = render_to_string("initiatives/includes/world_map.svg.html", context)
    assert mark_links(svg_of(world)) == [] and "No cities yet." in world
    graph = render_to_string("initiatives/includes/network_graph.svg.html", context)
    assert "<svg" not in graph and "No networks yet." in graph
    line = render_to_string("initiatives/includes/timeline.svg.html", context)
    assert "<svg" not in line and "No initiative has a year yet." in line
    for html in (world, graph, line):
        assert_safe_for_csp(html)
