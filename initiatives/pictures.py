"""The site's three pictures, computed on the server: a world map of cities, a graph of cities and networks, and a
timeline of initiatives.

Pure functions, no HTTP: each takes model instances (querysets or lists) and returns a dataclass that the includes in
`initiatives/templates/initiatives/includes/*.svg.html` draw as inline SVG, with the same data as a table beside it.
Every coordinate is in the picture's own viewBox and rounded to a tenth, so the markup stays small and stable.

The country outlines come from `static/geo/countries-110m.json` (world-atlas, Natural Earth 1:110m, see
`static/geo/LICENSE-world-atlas.txt`): decoded from TopoJSON, projected and turned into path strings once per
process (`country_outlines`).
"""

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.text import slugify

from .models import Initiative, Membership

COUNTRIES_FILE = Path(settings.BASE_DIR) / "static" / "geo" / "countries-110m.json"


def _round(value):
    return round(value, 1)


def _plural(count, one, many):
    return f"{count} {one if count == 1 else many}"


def _in_choice_order(values, labels):
    """The values present, in the order of the model's choices (any unknown value last, alphabetically)."""
    order = {value: index for index, value in enumerate(labels)}
    return sorted(values, key=lambda value: (order.get(value, len(order)), value))


# ---------------------------------------------------------------------------------------------------------------------
# World map
# ---------------------------------------------------------------------------------------------------------------------

MAP_WIDTH = 960
MAP_HEIGHT = 500
MAP_PADDING = 4
MIN_STEP = 1.0  # drop outline points closer than this (in viewBox units) to the previous one
CITY_MIN_RADIUS = 3.0
CITY_MAX_RADIUS = 16.0


def natural_earth(lon, lat):
    """The Natural Earth I projection (Šavrič et al.), in radians of the unit sphere: longitude, latitude in degrees."""
    lam, phi = math.radians(lon), math.radians(lat)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4)))
    y = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)))
    return x, y


_HALF_WIDTH = natural_earth(180, 0)[0]
_HALF_HEIGHT = natural_earth(0, 90)[1]
_SCALE = min((MAP_WIDTH - 2 * MAP_PADDING) / (2 * _HALF_WIDTH), (MAP_HEIGHT - 2 * MAP_PADDING) / (2 * _HALF_HEIGHT))


def project(lon, lat):
    """Longitude and latitude in degrees → x, y in the map's viewBox (north up, the whole globe fitted)."""
    x, y = natural_earth(lon, lat)
    return MAP_WIDTH / 2 + x * _SCALE, MAP_HEIGHT / 2 - y * _SCALE


def sphere_path():
    """The outline of the globe in the projection: the ocean behind the countries."""
    east = [project(180, lat) for lat in range(90, -91, -5)]
    west = [project(-180, lat) for lat in range(-90, 91, 5)]
    return _path_data([east + west])


def decode_topology(topology):
    """TopoJSON → {name: [polygon, …]}, each polygon a list of rings, each ring a list of (lon, lat).

    Arcs are quantized and delta-encoded; the transform turns the running sums back into degrees. A negative arc
    index ~i means arc i reversed; consecutive arcs of a ring share their end point, which is kept once.
    """
    (scale_x, scale_y), (move_x, move_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)

    def ring(indexes):
        points = []
        for index in indexes:
            part = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(part if not points else part[1:])
        return points

    countries = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("type") == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        name = geometry.get("properties", {}).get("name") or geometry.get("id") or "?"
        countries.setdefault(name, []).extend([ring(r) for r in polygon] for polygon in polygons)
    return countries


def _unwrap(points):
    """Make longitudes continuous: a step of more than 180° crosses the antimeridian, so it is taken the short way."""
    lons = [points[0][0]]
    for (previous, _), (lon, _) in zip(points, points[1:]):
        lons.append(lons[-1] + ((lon - previous + 180) % 360 - 180))
    return [(lon, lat) for lon, (_, lat) in zip(lons, points)]


def _clip(points, keep, cross):
    """One Sutherland–Hodgman pass: keep(point) says which side stays, cross(a, b) gives the edge's crossing point."""
    if not points:
        return []
    out = []
    previous = points[-1]
    for point in points:
        if keep(point):
            if not keep(previous):
                out.append(cross(previous, point))
            out.append(point)
        elif keep(previous):
            out.append(cross(previous, point))
        previous = point
    return out


def _at_lon(limit):
    def cross(a, b):
        t = (limit - a[0]) / (b[0] - a[0])
        return (limit, a[1] + t * (b[1] - a[1]))

    return cross


def _densify_edges(points, step=2.0):
    """Segments running along the map's edge (or the poles) are curves in the projection: add points along them."""
    out = []
    for a, b in zip(points, points[1:] + points[:1]):
        out.append(a)
        on_edge = abs(a[0] - b[0]) < 1e-9 and abs(abs(a[0]) - 180) < 1e-9
        if on_edge and abs(b[1] - a[1]) > step:
            count = int(abs(b[1] - a[1]) // step)
            out.extend((a[0], a[1] + (b[1] - a[1]) * k / (count + 1)) for k in range(1, count + 1))
    return out


def ring_pieces(points):
    """A ring in degrees → the rings to draw within -180…180°, cut at the antimeridian instead of streaking across.

    The ring is unwrapped (so Russia or Fiji stay in one piece), a ring that goes round a pole (Antarctica) is
    closed along that pole, and the result, together with copies shifted by ±360°, is clipped to the map's width.
    """
    if len(points) < 3:
        return []
    if points[0] == points[-1]:
        points = points[:-1]
    points = _unwrap(points)
    (first_lon, first_lat), (last_lon, _) = points[0], points[-1]
    closing_lon = last_lon + ((first_lon - last_lon + 180) % 360 - 180)  # where the closing step lands
    if abs(closing_lon - first_lon) > 180:  # it lands a whole turn away: the ring encircles a pole
        pole = -90.0 if sum(lat for _, lat in points) < 0 else 90.0
        points = [*points, (closing_lon, first_lat), (closing_lon, pole), (first_lon, pole)]
    low, high = min(lon for lon, _ in points), max(lon for lon, _ in points)
    pieces = []
    for shift in (-360, 0, 360):
        if high + shift <= -180 or low + shift >= 180:
            continue
        shifted = [(lon + shift, lat) for lon, lat in points]
        clipped = _clip(shifted, lambda p: p[0] <= 180, _at_lon(180))
        clipped = _clip(clipped, lambda p: p[0] >= -180, _at_lon(-180))
        if len(clipped) >= 3:
            pieces.append(_densify_edges(clipped))
    return pieces


def _number(value):
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _path_data(rings):
    """Projected rings → compact SVG path data, per ring "M x,y l dx,dy … z", near-duplicate points dropped.

    The points are rounded to a tenth before the steps between them are taken, so the relative steps add up exactly.
    """
    parts = []
    for ring in rings:
        kept = []
        for x, y in ring:
            x, y = round(x * 10), round(y * 10)  # tenths, as integers
            if kept and abs(x - kept[-1][0]) < MIN_STEP * 10 and abs(y - kept[-1][1]) < MIN_STEP * 10:
                continue
            kept.append((x, y))
        if len(kept) < 3:
            continue
        steps = "".join(
            f"{'' if dx < 0 else ' '}{_number(dx / 10)}{'' if dy < 0 else ','}{_number(dy / 10)}"
            for (x1, y1), (x2, y2) in zip(kept, kept[1:])
            for dx, dy in [(x2 - x1, y2 - y1)]
        )
        parts.append(f"M{_number(kept[0][0] / 10)},{_number(kept[0][1] / 10)}l{steps.lstrip()}z")
    return "".join(parts)


@dataclass(frozen=True)
class CountryOutline:
    name: str
    d: str


@lru_cache(maxsize=1)
def country_outlines():
    """Every country's outline as SVG path data in the map's viewBox: read, decoded and projected once per process."""
    with open(COUNTRIES_FILE, encoding="utf-8") as handle:
        topology = json.load(handle)
    outlines = []
    for name, polygons in sorted(decode_topology(topology).items()):
        rings = [
            [project(lon, lat) for lon, lat in piece]
            for polygon in polygons
            for ring in polygon
            for piece in ring_pieces(ring)
        ]
        d = _path_data(rings)
        if d:
            outlines.append(CountryOutline(name=name, d=d))
    return tuple(outlines)


@dataclass
class CityMark:
    name: str
    url: str
    country: str
    network_count: int
    initiative_count: int
    longitude: float
    latitude: float
    x: float
    y: float
    r: float


@dataclass
class UnplacedCity:
    name: str
    url: str
    country: str
    network_count: int
    initiative_count: int
    longitude: None = None
    latitude: None = None


@dataclass
class WorldMap:
    width: int
    height: int
    sphere: str
    countries: tuple
    cities: list  # CityMark, largest first, so that small circles are drawn on top of large ones
    unplaced: list  # UnplacedCity: no coordinates, so only in the table
    description: str

    @property
    def table(self):
        """Every city of the picture, placed or not, by name: the text alternative."""
        return sorted([*self.cities, *self.unplaced], key=lambda c: c.name.casefold())


def city_radius(network_count, initiative_count):
    """A circle's area grows with the number of networks and initiatives a city has."""
    connections = (network_count or 0) + (initiative_count or 0)
    return _round(min(CITY_MIN_RADIUS + 1.5 * math.sqrt(connections), CITY_MAX_RADIUS))


def world_map(cities):
    """Cities (annotated with network_count and initiative_count, as City.objects.with_counts() gives) on a world map.

    Cities without coordinates are listed in `unplaced`.
    """
    marks, unplaced = [], []
    for city in cities:
        networks = getattr(city, "network_count", 0) or 0
        initiatives = getattr(city, "initiative_count", 0) or 0
        if city.latitude is None or city.longitude is None:
            unplaced.append(UnplacedCity(city.name, city.get_absolute_url(), city.country, networks, initiatives))
            continue
        lon, lat = float(city.longitude), float(city.latitude)
        x, y = project(lon, lat)
        marks.append(
            CityMark(
                name=city.name,
                url=city.get_absolute_url(),
                country=city.country,
                network_count=networks,
                initiative_count=initiatives,
                longitude=lon,
                latitude=lat,
                x=_round(x),
                y=_round(y),
                r=city_radius(networks, initiatives),
            )
        )
    marks.sort(key=lambda m: (-m.r, m.name.casefold()))
    if marks:
        ranked = sorted(marks, key=lambda m: (-(m.network_count + m.initiative_count), m.name.casefold()))[:3]
        leaders = "; ".join(
            f"{m.name} ({_plural(m.network_count, 'network', 'networks')}, "
            f"{_plural(m.initiative_count, 'initiative', 'initiatives')})"
            for m in ranked
        )
        description = (
            f"A world map with {_plural(len(marks), 'city', 'cities')}, each a circle at its place; the larger the "
            f"circle, the more networks and initiatives the city has. The most connected: {leaders}."
        )
    else:
        description = "A world map. No city has coordinates yet."
    if unplaced:
        description += f" {_plural(len(unplaced), 'city has', 'cities have')} no coordinates and are only in the table."
    return WorldMap(
        width=MAP_WIDTH,
        height=MAP_HEIGHT,
        sphere=sphere_path(),
        countries=country_outlines(),
        cities=marks,
        unplaced=unplaced,
        description=description,
    )


# ---------------------------------------------------------------------------------------------------------------------
# Network graph
# ---------------------------------------------------------------------------------------------------------------------

GRAPH_WIDTH = 960
GRAPH_HEIGHT = 800
NETWORK_RING = 150  # networks on an inner circle…
CITY_RING = 280  # …their member cities on an outer ring, next to the first network they belong to
LABEL_MIN_SPACING = 11  # city labels only while neighbours on the ring are at least this far apart
ROLE_LABELS = dict(Membership.Role.choices)


@dataclass
class GraphNode:
    kind: str  # "city" or "network"
    name: str
    url: str
    x: float
    y: float
    r: float
    label: str = ""  # the text drawn beside the node; empty when the ring is too crowded for labels
    label_x: float = 0
    label_y: float = 0
    label_angle: float = 0  # degrees, for the radial city labels
    label_anchor: str = "start"
    count: int = 0  # memberships of a city, member cities of a network


@dataclass
class GraphEdge:
    x1: float
    y1: float
    x2: float
    y2: float
    role: str
    role_label: str
    role_class: str
    city: str
    network: str


@dataclass
class GraphRole:
    role: str
    label: str
    role_class: str


@dataclass
class NetworkRow:
    """One network of the text alternative: its members and their roles."""

    name: str
    url: str
    members: list = field(default_factory=list)  # (name, url, role label)


@dataclass
class NetworkGraph:
    width: int
    height: int
    nodes: list  # networks first, then cities
    edges: list
    roles: list  # GraphRole, for the legend
    networks: list  # NetworkRow, the text alternative
    unconnected: list  # (name, url) of cities in no network
    description: str

    @property
    def network_nodes(self):
        return [node for node in self.nodes if node.kind == "network"]

    @property
    def city_nodes(self):
        return [node for node in self.nodes if node.kind == "city"]


def _polar(angle, radius):
    return GRAPH_WIDTH / 2 + radius * math.cos(angle), GRAPH_HEIGHT / 2 + radius * math.sin(angle)


def network_graph(cities, networks, memberships):
    """Networks on an inner circle, member cities on an outer ring, one line per membership.

    The layout is deterministic and linear in the number of records: networks are ordered by member count (then
    name); each gets a sector of the ring as wide as the cities whose first network it is, and sits at the sector's
    middle, so most lines are short. Cities without a membership are left out of the picture and listed in
    `unconnected`.
    """
    cities = list(cities)
    networks = list(networks)
    memberships = list(memberships)
    city_by_id = {city.pk: city for city in cities}
    network_by_id = {network.pk: network for network in networks}
    for membership in memberships:  # a membership of a record not passed in still counts
        city_by_id.setdefault(membership.city_id, membership.city)
        network_by_id.setdefault(membership.network_id, membership.network)

    members = defaultdict(set)
    city_networks = defaultdict(set)
    for membership in memberships:
        members[membership.network_id].add(membership.city_id)
        city_networks[membership.city_id].add(membership.network_id)

    ordered_networks = sorted(network_by_id.values(), key=lambda n: (-len(members[n.pk]), n.name.casefold(), n.pk))
    position = {network.pk: index for index, network in enumerate(ordered_networks)}
    first_network = {city_id: min(ids, key=position.__getitem__) for city_id, ids in city_networks.items()}
    connected = sorted(
        (city_by_id[city_id] for city_id in city_networks),
        key=lambda c: (position[first_network[c.pk]], c.name.casefold(), c.pk),
    )
    unconnected = sorted(
        ((c.name, c.get_absolute_url()) for c in city_by_id.values() if c.pk not in city_networks),
        key=lambda pair: pair[0].casefold(),
    )

    # Sectors: one slot per city (at least one per network), a slot's gap between networks.
    sector_cities = defaultdict(list)
    for city in connected:
        sector_cities[first_network[city.pk]].append(city)
    gap = 1 if len(ordered_networks) > 1 else 0
    slots = sum(max(len(sector_cities[n.pk]), 1) + gap for n in ordered_networks)
    slot_angle = 2 * math.pi / slots if slots else 0
    slot_arc = slot_angle * CITY_RING
    city_r_cap = max(2.0, 0.45 * slot_arc)
    show_city_labels = slot_arc >= LABEL_MIN_SPACING
    network_arc = 2 * math.pi * NETWORK_RING / max(len(ordered_networks), 1)

    nodes, where = [], {}
    city_nodes = []
    start = -math.pi / 2
    for network in ordered_networks:
        sector = sector_cities[network.pk]
        width = max(len(sector), 1)
        middle = start + slot_angle * width / 2
        x, y = _polar(middle, NETWORK_RING) if len(ordered_networks) > 1 else (GRAPH_WIDTH / 2, GRAPH_HEIGHT / 2)
        count = len(members[network.pk])
        r = _round(min(6 + 2.2 * math.sqrt(count), 20, max(3.0, 0.4 * network_arc)))
        label = getattr(network, "acronym", "") or network.name
        nodes.append(
            GraphNode(
                kind="network",
                name=network.name,
                url=network.get_absolute_url(),
                x=_round(x),
                y=_round(y),
                r=r,
                label=label,
                label_x=_round(x),
                label_y=_round(y + r + 13),
                label_anchor="middle",
                count=count,
            )
        )
        where[("network", network.pk)] = (x, y)
        for index, city in enumerate(sector):
            angle = start + slot_angle * (index + 0.5)
            cx, cy = _polar(angle, CITY_RING)
            count = len(city_networks[city.pk])
            r = _round(min(4 + 1.5 * math.sqrt(count), 10, city_r_cap))
            degrees = math.degrees(angle) % 360
            left = 90 < degrees < 270
            lx, ly = _polar(angle, CITY_RING + r + 5)
            city_nodes.append(
                GraphNode(
                    kind="city",
                    name=city.name,
                    url=city.get_absolute_url(),
                    x=_round(cx),
                    y=_round(cy),
                    r=r,
                    label=city.name if show_city_labels else "",
                    label_x=_round(lx),
                    label_y=_round(ly),
                    label_angle=_round(degrees - 180 if left else degrees),
                    label_anchor="end" if left else "start",
                    count=count,
                )
            )
            where[("city", city.pk)] = (cx, cy)
        start += slot_angle * (width + gap)
    nodes.extend(city_nodes)

    # One line per membership; a city with several roles in one network gets parallel lines.
    pairs = Counter((m.city_id, m.network_id) for m in memberships)
    seen = Counter()
    edges = []
    ordered_memberships = sorted(
        memberships,
        key=lambda m: (position[m.network_id], city_by_id[m.city_id].name.casefold(), m.city_id, m.role),
    )
    for membership in ordered_memberships:
        pair = (membership.city_id, membership.network_id)
        (x1, y1), (x2, y2) = where[("city", pair[0])], where[("network", pair[1])]
        offset = (seen[pair] - (pairs[pair] - 1) / 2) * 3
        seen[pair] += 1
        if offset:
            length = math.hypot(x2 - x1, y2 - y1) or 1
            nx, ny = -(y2 - y1) / length * offset, (x2 - x1) / length * offset
            x1, y1, x2, y2 = x1 + nx, y1 + ny, x2 + nx, y2 + ny
        edges.append(
            GraphEdge(
                x1=_round(x1),
                y1=_round(y1),
                x2=_round(x2),
                y2=_round(y2),
                role=membership.role,
                role_label=ROLE_LABELS.get(membership.role, membership.role),
                role_class=f"role-{slugify(membership.role)}",
                city=city_by_id[pair[0]].name,
                network=network_by_id[pair[1]].name,
            )
        )

    present = {m.role for m in memberships}
    roles = [
        GraphRole(value, ROLE_LABELS.get(value, value), f"role-{slugify(value)}")
        for value in _in_choice_order(present, ROLE_LABELS)
    ]

    rows = []
    for network in ordered_networks:
        row = NetworkRow(network.name, network.get_absolute_url())
        for membership in ordered_memberships:
            if membership.network_id == network.pk:
                city = city_by_id[membership.city_id]
                role = ROLE_LABELS.get(membership.role, membership.role)
                row.members.append((city.name, city.get_absolute_url(), role))
        rows.append(row)

    if ordered_networks:
        biggest = ordered_networks[0]
        description = (
            f"{_plural(len(ordered_networks), 'network', 'networks')} on an inner circle and the "
            f"{_plural(len(connected), 'city', 'cities')} that belong to them on an outer ring, one line per "
            f"membership ({len(memberships)}), its dash showing the role. Cities sit next to the first network they "
            f"belong to; the largest network is {biggest.name}, with "
            f"{_plural(len(members[biggest.pk]), 'member city', 'member cities')}."
        )
    else:
        description = "No networks yet."
    return NetworkGraph(
        width=GRAPH_WIDTH,
        height=GRAPH_HEIGHT,
        nodes=nodes,
        edges=edges,
        roles=roles,
        networks=rows,
        unconnected=unconnected,
        description=description,
    )


# ---------------------------------------------------------------------------------------------------------------------
# Timeline
# ---------------------------------------------------------------------------------------------------------------------

TIMELINE_WIDTH = 960
TIMELINE_MARGIN = 48
TIMELINE_TOP = 12
MARK_RADIUS = 6
MARK_STEP = 16  # between stacked marks, up and across
MAX_ROWS = 10  # a year with more initiatives than this spreads into columns, while there is room
KIND_LABELS = dict(Initiative.Kind.choices)


@dataclass
class TimelineMark:
    name: str
    url: str
    kind: str
    kind_label: str
    kind_class: str
    year: int
    x: float
    y: float
    r: float


@dataclass
class TimelineTick:
    year: int
    x: float


@dataclass
class TimelineKind:
    kind: str
    label: str
    kind_class: str


@dataclass
class UndatedInitiative:
    name: str
    url: str
    kind: str
    kind_label: str


@dataclass
class Timeline:
    width: int
    height: int
    axis_y: float
    axis_x1: float
    axis_x2: float
    tick_y2: float
    tick_label_y: float
    ticks: list
    marks: list
    kinds: list  # TimelineKind present, for the legend
    years: list  # (year, [TimelineMark, …]) in order: the text alternative
    undated: list  # UndatedInitiative, by name
    description: str


def _tick_step(span):
    for step in (1, 2, 5, 10, 20, 25, 50, 100):
        if span // step <= 14:
            return step
    return 100


def timeline(initiatives):
    """Initiatives with a year as marks above a year axis, stacked per year; the others listed in `undated`."""
    dated, undated = defaultdict(list), []
    for initiative in initiatives:
        kind_label = KIND_LABELS.get(initiative.kind, initiative.kind)
        if initiative.year is None:
            url = initiative.get_absolute_url()
            undated.append(UndatedInitiative(initiative.name, url, initiative.kind, kind_label))
        else:
            dated[initiative.year].append(initiative)
    undated.sort(key=lambda i: i.name.casefold())

    years = sorted(dated)
    left, right = TIMELINE_MARGIN, TIMELINE_WIDTH - TIMELINE_MARGIN
    if not years:
        undated_count = _plural(len(undated), "initiative is", "initiatives are")
        return Timeline(
            width=TIMELINE_WIDTH, height=0, axis_y=0, axis_x1=left, axis_x2=right, tick_y2=0, tick_label_y=0,
            ticks=[], marks=[], kinds=[], years=[], undated=undated,
            description=f"No initiative has a year yet; {undated_count} undated.",
        )

    first, last = years[0], years[-1]
    span = last - first

    def x_of(year):
        return (left + right) / 2 if span == 0 else left + (year - first) / span * (right - left)

    closest = min((x_of(b) - x_of(a) for a, b in zip(years, years[1:])), default=right - left)
    max_columns = max(1, int(min(closest * 0.8, 160) // MARK_STEP))
    layout = {}
    for year in years:
        count = len(dated[year])
        columns = min(max_columns, math.ceil(count / MAX_ROWS))
        layout[year] = (columns, math.ceil(count / columns))
    rows = max(r for _, r in layout.values())
    axis_y = TIMELINE_TOP + rows * MARK_STEP + 6
    height = int(axis_y + 30)

    marks, by_year = [], []
    for year in years:
        columns, _ = layout[year]
        ordered = sorted(dated[year], key=lambda i: (i.date is None, i.date or 0, i.name.casefold()))
        year_marks = []
        for index, initiative in enumerate(ordered):
            row, column = divmod(index, columns)
            mark = TimelineMark(
                name=initiative.name,
                url=initiative.get_absolute_url(),
                kind=initiative.kind,
                kind_label=KIND_LABELS.get(initiative.kind, initiative.kind),
                kind_class=f"kind-{slugify(initiative.kind)}",
                year=year,
                x=_round(x_of(year) + (column - (columns - 1) / 2) * MARK_STEP),
                y=_round(axis_y - 6 - MARK_STEP / 2 - row * MARK_STEP),
                r=MARK_RADIUS,
            )
            year_marks.append(mark)
        marks.extend(year_marks)
        by_year.append((year, year_marks))

    step = _tick_step(span)
    ticks = [
        TimelineTick(year, _round(x_of(year)))
        for year in range(math.ceil(first / step) * step, last + 1, step)
    ] or [TimelineTick(first, _round(x_of(first)))]
    present = {m.kind for m in marks}
    kinds = [
        TimelineKind(value, KIND_LABELS.get(value, value), f"kind-{slugify(value)}")
        for value in _in_choice_order(present, KIND_LABELS)
    ]
    busiest = max(years, key=lambda y: (len(dated[y]), -y))
    description = (
        f"{_plural(len(marks), 'initiative', 'initiatives')} with a year, from {first} to {last}, one circle each, "
        f"stacked above its year and coloured by kind; the busiest year is {busiest}, with {len(dated[busiest])}."
    )
    if undated:
        description += f" {_plural(len(undated), 'initiative has', 'initiatives have')} no year and are listed below."
    return Timeline(
        width=TIMELINE_WIDTH,
        height=height,
        axis_y=axis_y,
        axis_x1=left - MARK_STEP,
        axis_x2=right + MARK_STEP,
        tick_y2=axis_y + 6,
        tick_label_y=axis_y + 22,
        ticks=ticks,
        marks=marks,
        kinds=kinds,
        years=by_year,
        undated=undated,
        description=description,
    )
