"""How records are connected: what two to four cities share (compare), the shortest chains between two cities,
networks or bodies (connections), and which networks share member cities (overlap). Only what readers see:
public memberships and participations, public initiatives, quotes from published articles.

The chains are found by a breadth-first search in Python over the whole graph's edges, loaded as pairs of ids in
four queries — never a query per record; then only the records and quotes of the chains found are fetched, in a
fixed number of queries. At `synthesize --scale 100` (29,700 links among 14,100 records, on PostgreSQL) the four
queries took 0.35 s and building the graph as much again, on a busy machine; the search itself 0.03 s at most.
"""

import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlencode

from django.db.models import Q, Value
from django.urls import reverse
from django.utils.text import slugify

from .models import (
    Body,
    City,
    Initiative,
    InitiativeSource,
    Membership,
    MembershipSource,
    Network,
    Participation,
    ParticipationSource,
    count_of,
    public_links,
    public_sources,
)

COMPARED_CITIES = range(2, 5)
# What a chain may start or end at, in the order a bare slug is looked for ("seoul": a city before a network).
ENDPOINT_KINDS = {"city": City, "network": Network, "body": Body}
CHAINS_SHOWN = 5
LONGEST_CHAIN = 6
OVERLAP_NETWORKS = 20  # columns of the matrix: beyond these, a phone's reader loses track

Record = City | Network | Body | Initiative
Node = tuple[str, int]  # ("city", 12): a record of the graph, by kind and primary key
Claim = Membership | Participation



def as_slug(typed: str) -> str:
    """A slug, or a name as a reader types it ("Los Angeles"): slugs derive from names."""
    return slugify(typed.strip())


def suggested_cities(limit: int = 200) -> list[str]:
    """Names for the forms' lists of suggestions: the best connected cities, by name (any other may be typed)."""
    return sorted(city.name for city in City.objects.most_connected(limit))


# Compare ---------------------------------------------------------------------------------------------


@dataclass
class Row:
    """A network or initiative, and each compared city's claims to it (none, or one per role)."""

    record: Network | Initiative
    claims: list[list[Claim]]  # in the order of the compared cities

    @property
    def cities_claims(self) -> list[tuple[City, list[Claim]]]:
        return [(claims[0].city, claims) for claims in self.claims if claims]

    @property
    def all_claims(self) -> list[Claim]:
        return [claim for claims in self.claims for claim in claims]

    @property
    def shared_by(self) -> int:
        return sum(1 for claims in self.claims if claims)


@dataclass
class Comparison:
    cities: list[City]
    networks: list[Row]
    initiatives: list[Row]

    def shared_by_all(self, rows: list[Row]) -> list[Row]:
        return [row for row in rows if row.shared_by == len(self.cities)]

    def shared_by_some(self, rows: list[Row]) -> list[Row]:
        return [row for row in rows if 1 < row.shared_by < len(self.cities)]

    @property
    def shared(self) -> dict[str, list[Row]]:
        return {"networks": self.shared_by_all(self.networks), "initiatives": self.shared_by_all(self.initiatives)}

    @property
    def partly_shared(self) -> dict[str, list[Row]]:
        return {"networks": self.shared_by_some(self.networks), "initiatives": self.shared_by_some(self.initiatives)}

    @property
    def only(self) -> list[tuple[City, list[Row], list[Row]]]:
        """Each city with the networks and the initiatives of its own, among those compared."""
        return [
            (city, [row for row in self.networks if row.shared_by == 1 and row.claims[index]],
             [row for row in self.initiatives if row.shared_by == 1 and row.claims[index]])
            for index, city in enumerate(self.cities)
        ]


def rows(cities: list[City], claims, end: str) -> list[Row]:
    """The claims grouped by the record at their other `end`, one row per record, by name."""
    position = {city.pk: index for index, city in enumerate(cities)}
    by_record: dict[int, Row] = {}
    for claim in claims:
        record = getattr(claim, end)
        row = by_record.setdefault(record.pk, Row(record, [[] for _ in cities]))
        row.claims[position[claim.city_id]].append(claim)
    return sorted(by_record.values(), key=lambda row: (row.record.name, row.record.pk))


def compare(cities: list[City]) -> Comparison:
    """The networks and initiatives of `cities`, each with every city's claims and their quotes: four queries."""
    memberships = (
        Membership.objects.public().filter(city__in=cities).select_related("city", "network")
        .prefetch_related(public_sources(MembershipSource)).order_by("role")
    )
    participations = (
        Participation.objects.public().filter(city__in=cities).select_related("city", "initiative")
        .prefetch_related(public_sources(ParticipationSource)).order_by("role")
    )
    return Comparison(cities, rows(cities, memberships, "network"), rows(cities, participations, "initiative"))


# Connections -----------------------------------------------------------------------------------------


class UnknownKind(ValueError):
    pass


def endpoint(typed: str) -> tuple[str | None, str]:
    """(kind, slug) of what a reader asks for: "city:seoul", "seoul" (kind None: any), or a name."""
    kind, colon, rest = typed.strip().partition(":")
    if not colon:
        return None, as_slug(typed)
    if kind.strip().lower() not in ENDPOINT_KINDS:
        raise UnknownKind(kind)
    return kind.strip().lower(), as_slug(rest)


def find_endpoints(wanted: list[tuple[str | None, str]]) -> list[Node | None]:
    """The record each (kind, slug) names — a bare slug a city first, then a network, then a body — or None:
    one query for all of them, of ids only (the chains' records are fetched with theirs)."""
    slugs = {slug for _, slug in wanted}
    found = None
    for kind, model in ENDPOINT_KINDS.items():
        rows = model.objects.filter(slug__in=slugs).annotate(record_kind=Value(kind))
        rows = rows.values_list("record_kind", "pk", "slug").order_by()
        found = rows if found is None else found.union(rows, all=True)
    by_kind_slug = {(kind, slug): pk for kind, pk, slug in found}
    chosen = []
    for kind, slug in wanted:
        kinds = [kind] if kind else list(ENDPOINT_KINDS)
        chosen.append(next(((k, by_kind_slug[k, slug]) for k in kinds if (k, slug) in by_kind_slug), None))
    return chosen


def graph() -> dict[Node, list[Node]]:
    """Every public link between records, both ways, as ids: four queries, whatever the size of the data."""
    links = (
        ("city", "network", Membership.objects.public()),
        ("city", "initiative", Participation.objects.public()),
        ("initiative", "network", public_links(Initiative.networks.through)),
        ("initiative", "body", public_links(Initiative.bodies.through)),
    )
    neighbours: dict[Node, list[Node]] = defaultdict(list)
    for one, other, rows in links:
        # Distinct, so each link is listed once; unordered: sorting by the models' names would join their tables.
        for a, b in rows.order_by().values_list(one, other).distinct():
            neighbours[one, a].append((other, b))
            neighbours[other, b].append((one, a))
    return neighbours


def shortest_paths(
    neighbours: dict[Node, list[Node]], start: Node, goal: Node, longest: int
) -> tuple[dict[Node, list[Node]], int | None]:
    """Breadth-first from `start`, level by level, until `goal` is reached or `longest` steps are taken.

    Returns the nodes' parents on shortest paths (a node's parents are those one step nearer `start`: every
    shortest path to `goal` goes back through them) and the distance to `goal` — or ({}, None) when `goal` is
    not within reach."""
    distance, parents, level, frontier = {start: 0}, defaultdict(list), 0, [start]
    while frontier and goal not in distance and level < longest:
        level += 1
        reached = []
        for node in frontier:
            for neighbour in neighbours.get(node, ()):
                if neighbour not in distance:
                    distance[neighbour] = level
                    reached.append(neighbour)
                if distance[neighbour] == level:
                    parents[neighbour].append(node)
        frontier = reached
    return (parents if goal in distance else {}), distance.get(goal)


def paths_back(parents: dict, start: Node, node: Node) -> Iterator[list[Node]]:
    """Every shortest path from `start` to `node`, in a stable order (by kind and id at each step)."""
    if node == start:
        yield [start]
        return
    for parent in sorted(parents[node]):
        for path in paths_back(parents, start, parent):
            yield [*path, node]


def count_paths(parents: dict, start: Node, goal: Node) -> int:
    @cache
    def ways(node):
        return 1 if node == start else sum(ways(parent) for parent in parents[node])

    return ways(goal)


@dataclass
class Step:
    """One link of a chain, read from `start` to `end`: a membership, a participation, or an initiative's link to
    a network or body; `claims` are the memberships or participations (one per role), or the initiative."""

    start: Record
    end: Record
    relation: str  # "membership", "participation", "network link", "body link"
    claims: list = field(default_factory=list)

    @property
    def start_kind(self) -> str:
        return self.start._meta.verbose_name

    @property
    def end_kind(self) -> str:
        return self.end._meta.verbose_name

    @property
    def statement(self) -> str:
        ends = {record._meta.model_name: record for record in (self.start, self.end)}
        if self.relation in ("membership", "participation"):
            roles = " and ".join(claim.get_role_display().lower() for claim in self.claims)
            other = ends["network"] if self.relation == "membership" else ends["initiative"]
            return f"{ends['city'].name} — {roles} {'of' if self.relation == 'membership' else 'in'} {other.name}"
        other = ends["network"] if self.relation == "network link" else ends["body"]
        return f"{ends['initiative'].name} — involves {other.name}"

    @property
    def phrase(self) -> str:
        """The link as read from `start` to `end`: "participant in", or backwards "has as participant"."""
        if self.relation in ("membership", "participation"):
            roles = " and ".join(claim.get_role_display().lower() for claim in self.claims)
            forwards = self.start._meta.model_name == "city"
            return f"{roles} {'of' if self.relation == 'membership' else 'in'}" if forwards else f"has as {roles}"
        return "involves" if self.start._meta.model_name == "initiative" else "is involved in"

    @property
    def roles(self) -> list[str]:
        return [claim.role for claim in self.claims] if self.relation in ("membership", "participation") else []

    @property
    def sources(self) -> list:
        return [source for claim in self.claims for source in claim.sources.all()]

    @property
    def inference(self) -> str:
        return "\n".join(claim.inference for claim in self.claims if claim.inference)


@dataclass
class Connections:
    start: Record
    goal: Record
    length: int | None  # steps of the shortest chains; None when none is within LONGEST_CHAIN
    count: int  # how many shortest chains there are
    chains: list[list[Step]]  # the first CHAINS_SHOWN of them
    longest: int = LONGEST_CHAIN

    @property
    def start_kind(self) -> str:
        return self.start._meta.verbose_name

    @property
    def goal_kind(self) -> str:
        return self.goal._meta.verbose_name


RELATIONS = {
    ("city", "network"): "membership",
    ("city", "initiative"): "participation",
    ("initiative", "network"): "network link",
    ("body", "initiative"): "body link",
}


def connections(start: Node, goal: Node, shown: int = CHAINS_SHOWN, longest: int = LONGEST_CHAIN) -> Connections:
    """The shortest chains from `start` to `goal`, with their records and quotes: four queries for the graph,
    then at most nine for what the chains shown hold, whatever the size of the data."""
    parents, length = shortest_paths(graph(), start, goal, longest)
    paths = list(itertools.islice(paths_back(parents, start, goal), shown)) if parents else []
    count = count_paths(parents, start, goal) if parents else 0
    records = fetch_records({start, goal, *(node for path in paths for node in path)})
    pairs = {tuple(sorted((a, b))) for path in paths for a, b in itertools.pairwise(path)}
    claims = fetch_claims(pairs, records)
    chains = [
        [
            Step(records[a], records[b], RELATIONS[tuple(sorted((a[0], b[0])))], claims[tuple(sorted((a, b)))])
            for a, b in itertools.pairwise(path)
        ]
        for path in paths
    ]
    return Connections(records[start], records[goal], length, count, chains, longest)


def fetch_records(nodes: set[Node]) -> dict[Node, Record]:
    """The records of `nodes`, one query per kind; an initiative with its quotes, which source its links."""
    models = {
        "city": City.objects.all(),
        "network": Network.objects.all(),
        "body": Body.objects.all(),
        "initiative": Initiative.objects.prefetch_related(public_sources(InitiativeSource)),
    }
    records = {}
    for kind, queryset in models.items():
        ids = [pk for node_kind, pk in nodes if node_kind == kind]
        if ids:
            records.update({(kind, record.pk): record for record in queryset.filter(pk__in=ids)})
    return records


def fetch_claims(pairs: set[tuple[Node, Node]], records: dict[Node, Record]) -> dict[tuple[Node, Node], list]:
    """The memberships and participations of each pair (city, network or initiative), with their quotes — two
    queries each — and, for an initiative's link to a network or body, the initiative."""
    claims: dict[tuple[Node, Node], list] = defaultdict(list)
    for model, source, other in ((Membership, MembershipSource, "network"), (Participation, ParticipationSource, "initiative")):
        wanted = [(a[1], b[1]) for a, b in pairs if (a[0], b[0]) == ("city", other)]
        if not wanted:
            continue
        matching = Q()
        for city, record in wanted:
            matching |= Q(city=city, **{other: record})
        found = model.objects.public().filter(matching).prefetch_related(public_sources(source)).order_by("role")
        for claim in found:
            city, record = records["city", claim.city_id], records[other, getattr(claim, f"{other}_id")]
            claim.city = city  # already fetched: no query per claim
            setattr(claim, other, record)
            claims[("city", city.pk), (other, record.pk)].append(claim)
    for a, b in pairs:
        if RELATIONS[a[0], b[0]] in ("network link", "body link"):
            claims[a, b] = [records[a if a[0] == "initiative" else b]]
    return claims


# Network overlap -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    first: Network
    second: Network
    shared: int  # member cities in both

    @property
    def url(self) -> str:
        """The page of the cities both networks have."""
        return f"{reverse('initiatives:network_overlap')}?{urlencode({'a': self.first.slug, 'b': self.second.slug})}"


@dataclass
class Overlap:
    networks: list[Network]  # the largest, each with `member_count`
    members: dict[int, set[int]]  # network id → its member cities' ids
    total: int  # networks with members

    def pair(self, first: Network, second: Network) -> Pair:
        return Pair(first, second, len(self.members[first.pk] & self.members[second.pk]))

    @property
    def matrix(self) -> list[tuple[Network, list[Pair]]]:
        return [(first, [self.pair(first, second) for second in self.networks]) for first in self.networks]

    @property
    def pairs(self) -> list[Pair]:
        """Every pair of networks that share a member, the most shared first."""
        found = (self.pair(first, second) for first, second in itertools.combinations(self.networks, 2))
        return sorted((pair for pair in found if pair.shared), key=lambda p: (-p.shared, p.first.name, p.second.name))


def network_overlap(shown: int = OVERLAP_NETWORKS) -> Overlap:
    """The `shown` networks with the most member cities, which cities each has, and how many networks have
    members: three queries."""
    public = Membership.objects.public()
    networks = Network.objects.annotate(member_count=count_of(public, "network", distinct="city"))
    networks = list(networks.filter(member_count__gt=0).order_by("-member_count", "name")[:shown])
    members: dict[int, set[int]] = {network.pk: set() for network in networks}
    for network, city in public.filter(network__in=networks).values_list("network", "city"):
        members[network].add(city)
    return Overlap(networks, members, public.values("network").distinct().count())


@dataclass
class SharedMember:
    city: City
    of_first: list[Membership] = field(default_factory=list)
    of_second: list[Membership] = field(default_factory=list)

    @property
    def memberships(self) -> list[Membership]:
        return self.of_first + self.of_second


@dataclass
class SharedMembers:
    networks: tuple[Network, Network]
    cities: list[SharedMember]


def shared_members(first: Network, second: Network) -> SharedMembers:
    """The cities in both networks, each with its memberships of either and their quotes: two queries."""
    public = Membership.objects.public()
    memberships = (
        public.filter(network__in=[first, second])
        .filter(city__in=public.filter(network=first).values("city"))
        .filter(city__in=public.filter(network=second).values("city"))
        .select_related("city").prefetch_related(public_sources(MembershipSource)).order_by("city__name", "city", "role")
    )
    cities: dict[int, SharedMember] = {}
    for membership in memberships:
        of_first = membership.network_id == first.pk
        membership.network = first if of_first else second
        member = cities.setdefault(membership.city_id, SharedMember(membership.city))
        (member.of_first if of_first else member.of_second).append(membership)
    return SharedMembers((first, second), list(cities.values()))
