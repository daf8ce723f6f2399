"""The network graph: networks on an inner circle, their member cities on an outer ring, one line per membership.

`network_graph` takes its steps in order: index the records, order them, share the ring out into sectors, place the
nodes, then draw the lines and write the legend, the table and the description.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from citydip.core.sections import counted

from ..models import City, Membership, Network
from .common import css_class, in_choice_order, rounded

# The graph is drawn one viewBox unit to a CSS pixel, never smaller (pictures.css): sizes here are pixels on screen.
GRAPH_WIDTH = 960  # at the least: a larger graph grows, and scrolls in its frame
GRAPH_HEIGHT = 800
NETWORK_RING = 150  # networks on an inner circle…
CITY_RING = 280  # …their member cities on an outer ring, next to the first network they belong to
LABEL_ROOM = 140  # beyond the outer ring, for the cities' names
CITY_SLOT = 28  # along the outer ring per city: a 24 px target and a gap, and room for a 12 px label
NETWORK_SLOT = 64  # along the inner ring per network
CITY_MIN_RADIUS = 12  # a 24 × 24 px target at the least (WCAG 2.2, 2.5.8)
NETWORK_MIN_HALF = 12  # half the side of a network's square
LABEL_MIN_SPACING = 11  # city labels only while neighbours on the ring are at least this far apart
PARALLEL_LINE_SPACING = 3  # between the lines of a city with several roles in one network
MAX_DRAWN_CITIES = 150  # beyond these, the cities in the fewest networks are in the table only
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

    # A network is drawn as a square of side 2r.
    @property
    def left(self):
        return rounded(self.x - self.r)

    @property
    def top(self):
        return rounded(self.y - self.r)

    @property
    def side(self):
        return rounded(2 * self.r)


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
    undrawn: int = 0  # cities left out of the picture for room (in the table still)

    @property
    def network_nodes(self):
        return [node for node in self.nodes if node.kind == "network"]

    @property
    def city_nodes(self):
        return [node for node in self.nodes if node.kind == "city"]


def _role_label(role):
    return ROLE_LABELS.get(role, role)


@dataclass(frozen=True)
class _Frame:
    """The picture's size and rings, grown with the number of networks and cities so that none is smaller or closer
    than a finger needs."""

    width: float
    height: float
    network_ring: float
    city_ring: float

    def polar(self, angle, radius):
        return self.width / 2 + radius * math.cos(angle), self.height / 2 + radius * math.sin(angle)


def _frame(network_count, slots):
    network_ring = max(NETWORK_RING, network_count * NETWORK_SLOT / (2 * math.pi))
    city_ring = max(CITY_RING, slots * CITY_SLOT / (2 * math.pi), network_ring + 120)
    side = 2 * (city_ring + LABEL_ROOM)
    return _Frame(max(GRAPH_WIDTH, side), max(GRAPH_HEIGHT, side), network_ring, city_ring)


# Records and their order --------------------------------------------------------------------------------------------


@dataclass
class _Records:
    """The records the graph draws, by id, and who belongs to what."""

    cities: dict  # pk → City
    networks: dict  # pk → Network
    memberships: list
    members: dict  # network pk → {city pk}
    city_networks: dict  # city pk → {network pk}: exactly the cities in some network

    def member_count(self, network_pk):
        return len(self.members.get(network_pk, ()))


def _index_records(cities, networks, memberships):
    cities, networks, memberships = list(cities), list(networks), list(memberships)
    city_by_id = {city.pk: city for city in cities}
    network_by_id = {network.pk: network for network in networks}
    for membership in memberships:  # a membership of a record not passed in still counts
        city_by_id.setdefault(membership.city_id, membership.city)
        network_by_id.setdefault(membership.network_id, membership.network)
    members, city_networks = defaultdict(set), defaultdict(set)
    for membership in memberships:
        members[membership.network_id].add(membership.city_id)
        city_networks[membership.city_id].add(membership.network_id)
    return _Records(city_by_id, network_by_id, memberships, dict(members), dict(city_networks))


@dataclass
class _Order:
    networks: list  # the largest first, then by name
    position: dict  # network pk → its index in `networks`
    first_network: dict  # city pk → pk of the earliest network in `networks` that the city belongs to
    memberships: list  # by network, then city name, then role: the order of the lines and of the table


def _order(records):
    networks = sorted(records.networks.values(), key=lambda n: (-records.member_count(n.pk), n.name.casefold(), n.pk))
    position = {network.pk: index for index, network in enumerate(networks)}
    first_network = {city_id: min(ids, key=position.__getitem__) for city_id, ids in records.city_networks.items()}
    memberships = sorted(
        records.memberships,
        key=lambda m: (position[m.network_id], records.cities[m.city_id].name.casefold(), m.city_id, m.role),
    )
    return _Order(networks, position, first_network, memberships)


def _sectors(records, order):
    """Network pk → the cities whose first network it is, in ring order: the cities beside it on the outer ring."""
    connected = sorted(
        (records.cities[city_id] for city_id in records.city_networks),
        key=lambda c: (order.position[order.first_network[c.pk]], c.name.casefold(), c.pk),
    )
    sectors = defaultdict(list)
    for city in connected:
        sectors[order.first_network[city.pk]].append(city)
    return sectors


def _drawn(records):
    """The records the picture draws: every network, and the MAX_DRAWN_CITIES cities in the most networks (then by
    name) with their memberships; the table lists them all."""
    if len(records.city_networks) <= MAX_DRAWN_CITIES:
        return records
    ranked = sorted(records.city_networks, key=lambda pk: (-len(records.city_networks[pk]), records.cities[pk].name.casefold(), pk))
    kept = set(ranked[:MAX_DRAWN_CITIES])
    memberships = [m for m in records.memberships if m.city_id in kept]
    members = {pk: cities & kept for pk, cities in records.members.items()}
    city_networks = {pk: ids for pk, ids in records.city_networks.items() if pk in kept}
    return _Records(records.cities, records.networks, memberships, members, city_networks)


def _unconnected(records):
    """(name, url) of the cities in no network, by name: left out of the picture, listed beside it."""
    return sorted(
        ((c.name, c.get_absolute_url()) for c in records.cities.values() if c.pk not in records.city_networks),
        key=lambda pair: pair[0].casefold(),
    )


# Layout -------------------------------------------------------------------------------------------------------------


@dataclass
class _Ring:
    """The outer ring shared out: one slot per city (at least one per network), a slot's gap between networks."""

    slot_angle: float
    gap: int  # slots between two networks' sectors
    city_radius_cap: float  # so that neighbouring cities do not overlap
    show_city_labels: bool
    network_arc: float  # the inner circle's length per network, which caps a network's radius
    frame: _Frame


def _share_ring(networks, sectors):
    gap = 1 if len(networks) > 1 else 0
    slots = sum(max(len(sectors[n.pk]), 1) + gap for n in networks)
    frame = _frame(len(networks), slots)
    slot_angle = 2 * math.pi / slots if slots else 0
    slot_arc = slot_angle * frame.city_ring
    return _Ring(
        slot_angle=slot_angle,
        gap=gap,
        city_radius_cap=max(CITY_MIN_RADIUS, 0.45 * slot_arc),
        show_city_labels=slot_arc >= LABEL_MIN_SPACING,
        network_arc=2 * math.pi * frame.network_ring / max(len(networks), 1),
        frame=frame,
    )


def _network_node(network, position, member_count, ring):
    x, y = position
    # r is half the side of the network's square
    r = rounded(min(NETWORK_MIN_HALF + 1.5 * math.sqrt(member_count), 22, max(NETWORK_MIN_HALF, 0.4 * ring.network_arc)))
    return GraphNode(
        kind="network",
        name=network.name,
        url=network.get_absolute_url(),
        x=rounded(x),
        y=rounded(y),
        r=r,
        label=getattr(network, "acronym", "") or network.name,
        label_x=rounded(x),
        label_y=rounded(y + r + 13),
        label_anchor="middle",
        count=member_count,
    )


def _city_node(city, angle, network_count, ring):
    x, y = ring.frame.polar(angle, ring.frame.city_ring)
    r = rounded(min(CITY_MIN_RADIUS + 1.5 * math.sqrt(network_count - 1), 16, ring.city_radius_cap))
    degrees = math.degrees(angle) % 360
    left = 90 < degrees < 270  # a label on the left half is turned half round, so that no label is upside down
    label_x, label_y = ring.frame.polar(angle, ring.frame.city_ring + r + 5)
    return GraphNode(
        kind="city",
        name=city.name,
        url=city.get_absolute_url(),
        x=rounded(x),
        y=rounded(y),
        r=r,
        label=city.name if ring.show_city_labels else "",
        label_x=rounded(label_x),
        label_y=rounded(label_y),
        label_angle=rounded(degrees - 180 if left else degrees),
        label_anchor="end" if left else "start",
        count=network_count,
    )


@dataclass
class _Layout:
    nodes: list  # networks first, then cities
    network_at: dict  # network pk → (x, y), unrounded, where its lines end
    city_at: dict  # city pk → (x, y), likewise


def _place_nodes(records, order, sectors, ring):
    """Sector after sector clockwise from the top: the network at its middle, its cities one slot each."""
    layout = _Layout(nodes=[], network_at={}, city_at={})
    city_nodes = []
    start = -math.pi / 2
    for network in order.networks:
        sector = sectors[network.pk]
        width = max(len(sector), 1)
        middle = start + ring.slot_angle * width / 2
        if len(order.networks) > 1:
            layout.network_at[network.pk] = ring.frame.polar(middle, ring.frame.network_ring)
        else:
            layout.network_at[network.pk] = (ring.frame.width / 2, ring.frame.height / 2)
        member_count = records.member_count(network.pk)
        layout.nodes.append(_network_node(network, layout.network_at[network.pk], member_count, ring))
        for index, city in enumerate(sector):
            angle = start + ring.slot_angle * (index + 0.5)
            layout.city_at[city.pk] = ring.frame.polar(angle, ring.frame.city_ring)
            city_nodes.append(_city_node(city, angle, len(records.city_networks[city.pk]), ring))
        start += ring.slot_angle * (width + ring.gap)
    layout.nodes.extend(city_nodes)
    return layout


# Lines, legend, table and description -------------------------------------------------------------------------------


def _shifted_line(start, end, offset):
    """The line from start to end moved sideways by offset, so that parallel lines stay apart."""
    (x1, y1), (x2, y2) = start, end
    if not offset:
        return x1, y1, x2, y2
    length = math.hypot(x2 - x1, y2 - y1) or 1
    nx, ny = -(y2 - y1) / length * offset, (x2 - x1) / length * offset
    return x1 + nx, y1 + ny, x2 + nx, y2 + ny


def _edges(records, order, layout):
    """One line per membership; a city with several roles in one network gets parallel lines, centred on the axis."""
    lines_per_pair = Counter((m.city_id, m.network_id) for m in records.memberships)
    drawn = Counter()
    edges = []
    for membership in order.memberships:
        pair = (membership.city_id, membership.network_id)
        offset = (drawn[pair] - (lines_per_pair[pair] - 1) / 2) * PARALLEL_LINE_SPACING
        drawn[pair] += 1
        x1, y1, x2, y2 = _shifted_line(layout.city_at[pair[0]], layout.network_at[pair[1]], offset)
        edges.append(
            GraphEdge(
                x1=rounded(x1),
                y1=rounded(y1),
                x2=rounded(x2),
                y2=rounded(y2),
                role=membership.role,
                role_label=_role_label(membership.role),
                role_class=css_class("role", membership.role),
                city=records.cities[pair[0]].name,
                network=records.networks[pair[1]].name,
            )
        )
    return edges


def _role_legend(memberships):
    present = {m.role for m in memberships}
    return [
        GraphRole(role, _role_label(role), css_class("role", role)) for role in in_choice_order(present, ROLE_LABELS)
    ]


def _network_rows(records, order):
    """The text alternative: every network in the picture's order, each with its members and their roles."""
    by_network = defaultdict(list)
    for membership in order.memberships:
        by_network[membership.network_id].append(membership)
    rows = []
    for network in order.networks:
        row = NetworkRow(network.name, network.get_absolute_url())
        for membership in by_network[network.pk]:
            city = records.cities[membership.city_id]
            row.members.append((city.name, city.get_absolute_url(), _role_label(membership.role)))
        rows.append(row)
    return rows


def _graph_description(records, drawn, order, as_of):
    standing = f" as of {as_of}" if as_of else ""
    if not order.networks:
        return f"None of these networks had been founded by {as_of}." if as_of else "No networks yet."
    if not records.memberships:
        when = standing or " yet"
        if len(order.networks) == 1:
            return f"No member city of {order.networks[0].name} is recorded{when}."
        return f"No membership of these networks is recorded{when}."
    biggest = order.networks[0]
    description = (
        f"{counted(len(order.networks), 'network', 'networks')}{standing}, each a square, on an inner circle and the "
        f"{counted(len(drawn.city_networks), 'city', 'cities')} that belong to them, each a circle, on an outer ring, "
        f"one line per membership ({len(drawn.memberships)}), its dash showing the role. Cities sit next to the "
        f"first network they belong to; the largest network is {biggest.name}, with "
        f"{counted(records.member_count(biggest.pk), 'member city', 'member cities')}."
    )
    undrawn = len(records.city_networks) - len(drawn.city_networks)
    if undrawn:
        description += f" {counted(undrawn, 'city', 'cities')} in fewer networks are only in the table, for room."
    return description


def network_graph(
    cities: Iterable[City], networks: Iterable[Network], memberships: Iterable[Membership], as_of: int | None = None
) -> NetworkGraph:
    """Networks on an inner circle, member cities on an outer ring, one line per membership.

    The layout is deterministic and linear in the number of records: networks are ordered by member count (then
    name); each gets a sector of the ring as wide as the cities whose first network it is, and sits at the sector's
    middle, so most lines are short. Cities without a membership are left out of the picture and listed in
    `unconnected`. The picture grows with the records, so that every node stays a 24 px target and every label
    12 px; past MAX_DRAWN_CITIES, the cities in the fewest networks are left to the table. `as_of` is the year the
    memberships stand in, for the description.
    """
    records = _index_records(cities, networks, memberships)
    drawn = _drawn(records)
    order, drawn_order = _order(records), _order(drawn)
    sectors = _sectors(drawn, drawn_order)
    ring = _share_ring(drawn_order.networks, sectors)
    layout = _place_nodes(drawn, drawn_order, sectors, ring)
    return NetworkGraph(
        width=round(ring.frame.width),
        height=round(ring.frame.height),
        nodes=layout.nodes,
        edges=_edges(drawn, drawn_order, layout),
        roles=_role_legend(records.memberships),
        networks=_network_rows(records, order),
        unconnected=_unconnected(records),
        description=_graph_description(records, drawn, order, as_of),
        undrawn=len(records.city_networks) - len(drawn.city_networks),
    )
