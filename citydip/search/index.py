"""What the site search indexes for each kind of public record, and keeping it current.

Each record kind says how to read its other names (weighted as its name), summary and body (weighted least),
and what it is about: its topics and cities, which the search's facets count (citydip.search.facets), and its
year. Relations are read too — an initiative's topics, cities, networks and bodies, a city's networks, a
network's members — so that "climate" finds every initiative tagged Climate and "C40" the cities in it. A city
also answers to its other names in the GeoNames gazetteer (Saigon, Calcutta). Entries exist only for public
records: a draft article, or an author with no published article, has none.
"""

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Prefetch

from articles.models import Article, Author, Topic
from citydip.search.models import SearchEntry, SearchLink, SearchName
from initiatives import gazetteer
from initiatives.models import Body, City, Initiative, Membership, Network, PlaceName

CHUNK = 2000


def join(*parts):
    return "\n".join(dict.fromkeys(part for part in parts if part))


def folded(name: str) -> str:
    """The key a name is matched exactly by: no case, accents, spaces or punctuation ("L.A." and "LA" → "la")."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if c.isalnum())


@dataclass(frozen=True)
class Reading:
    """What the search reads of one record, besides its own name."""

    names: tuple = ()  # the other names it answers to: aliases, an acronym
    summary: str = ""
    body: str = ""
    year: int | None = None
    about: tuple = ()  # (kind, object id) of the topics and cities it is about


@dataclass(frozen=True)
class IndexedKind:
    key: str
    label: str
    model: type
    public: Callable[[], models.QuerySet]  # the public records, with what `read` reads prefetched
    read: Callable[[models.Model], Reading]


def topics_of(record) -> tuple:
    return tuple(("topic", topic.pk) for topic in record.topics.all())


def topic_names(record) -> list[str]:
    # Sorted here: taggit's prefetch gives the topics in no stated order, which differs between databases and runs.
    return sorted(topic.name for topic in record.topics.all())


def read_article(article: Article) -> Reading:
    topics = topic_names(article)
    return Reading(
        names=(article.subtitle,),
        summary=join(article.summary, ", ".join(author.name for author in article.byline()), article.publication, *topics),
        body=join(*(p.text for p in article.paragraphs.all())),
        year=article.date_published.year,
        about=topics_of(article),
    )


def read_initiative(initiative: Initiative) -> Reading:
    cities = [participation.city for participation in initiative.participations.all()]
    networks, bodies = initiative.networks.all(), initiative.bodies.all()
    return Reading(
        names=tuple(initiative.alias_list()),
        summary=join(initiative.summary, *topic_names(initiative)),
        body=join(
            initiative.get_kind_display(), *(city.name for city in cities),
            *(part for network in networks for part in (network.name, network.acronym)),
            *(part for body in bodies for part in (body.name, body.acronym)),
        ),
        year=initiative.year,
        about=topics_of(initiative) + tuple(dict.fromkeys(("city", city.pk) for city in cities)),
    )


def read_city(city: City) -> Reading:
    networks = dict.fromkeys(membership.network for membership in city.memberships.all())
    return Reading(
        names=tuple(city.alias_list()),
        summary=join(city.country, city.get_region_display()),
        body=join(*(part for network in networks for part in (network.name, network.acronym))),
        about=(("city", city.pk),),
    )


def read_network(network: Network) -> Reading:
    cities = list(dict.fromkeys(membership.city for membership in network.memberships.all()))
    return Reading(
        names=(network.acronym, *network.alias_list()),
        summary=join(network.description, network.focus),
        body=join(*(city.name for city in cities)),
        about=tuple(("city", city.pk) for city in cities),
    )


def public_memberships(related: str) -> Prefetch:
    return Prefetch("memberships", queryset=Membership.objects.public().select_related(related))


KINDS = [
    IndexedKind(
        "article", "Article", Article,
        lambda: Article.objects.published().with_bylines().prefetch_related("paragraphs", "topics"),
        read_article,
    ),
    IndexedKind(
        "initiative", "Initiative", Initiative,
        lambda: Initiative.objects.public().with_cities().prefetch_related("topics", "networks", "bodies"),
        read_initiative,
    ),
    IndexedKind("city", "City", City, lambda: City.objects.prefetch_related(public_memberships("network")), read_city),
    IndexedKind(
        "network", "Network", Network, lambda: Network.objects.prefetch_related(public_memberships("city")), read_network
    ),
    IndexedKind(
        "body", "Multilateral body", Body, Body.objects.all,
        lambda b: Reading(names=(b.acronym, *b.alias_list()), summary=b.description, body=b.get_kind_display()),
    ),
    IndexedKind("author", "Author", Author, Author.objects.public, lambda a: Reading(summary=join(a.role, a.bio))),
    IndexedKind(
        "topic", "Topic", Topic, Topic.objects.all, lambda t: Reading(summary=t.description, about=(("topic", t.pk),))
    ),
]
KIND_BY_MODEL = {kind.model: kind for kind in KINDS}
KIND_BY_KEY = {kind.key: kind for kind in KINDS}
# The kinds whose entries others link to (Reading.about) come first when the index is made afresh.
LINKED_FIRST = sorted(KINDS, key=lambda kind: kind.key not in ("topic", "city"))


def gazetteer_names(cities: list[City]) -> dict[int, list[str]]:
    """Each city's other names in the GeoNames gazetteer, by the city's id: the names of its place — the one its
    GeoNames id gives, or else the one that is certainly it (initiatives.gazetteer.certain_place), as a city
    the seed loaded has no id until an editor or `load_gazetteer` gives it one."""
    unplaced = [city.name for city in cities if city.geonames_id is None]
    candidates = gazetteer.places_named(unplaced) if unplaced else {}
    place_of = {}
    for city in cities:
        place = city.geonames_id or getattr(gazetteer.certain_place(city, candidates.get(city.name, [])), "pk", None)
        if place:
            place_of[city.pk] = place
    names = defaultdict(list)
    places = set(place_of.values())
    for place, name in PlaceName.objects.filter(place__in=places).values_list("place", "name") if places else ():
        names[place].append(name)
    return {city: names[place] for city, place in place_of.items()}


@dataclass
class Made:
    """One record's entry as the search wants it, with its names and the entries it links to."""

    entry: SearchEntry
    names: list = field(default_factory=list)
    about: tuple = ()


ENTRY_FIELDS = ("name", "slug", "aliases", "summary", "body", "url", "year")


def made(kind: IndexedKind, records: Iterable[models.Model]) -> list[Made]:
    records = list(records)
    more_names = gazetteer_names(records) if kind.model is City else {}
    result = []
    for record in records:
        reading = kind.read(record)
        aliases = [name for name in dict.fromkeys(reading.names) if name]
        entry = SearchEntry(
            kind=kind.key, object_id=record.pk, name=str(record)[:300], slug=record.slug, aliases=join(*aliases),
            summary=reading.summary, body=reading.body, url=record.get_absolute_url(), year=reading.year,
        )
        names = dict.fromkeys(name[:300] for name in [entry.name, *aliases, *more_names.get(record.pk, [])])
        result.append(Made(entry, [name for name in names if folded(name)], reading.about))
    return result


def stored(kind: IndexedKind, ids: list[int]) -> dict[int, Made]:
    entries = {entry.pk: Made(entry) for entry in SearchEntry.objects.filter(kind=kind.key, object_id__in=ids)}
    for entry, name in SearchName.objects.filter(entry__in=entries).values_list("entry", "name"):
        entries[entry].names.append(name)
    about = defaultdict(list)
    for entry, *value in SearchLink.objects.filter(entry__in=entries).values_list("entry", "value__kind", "value__object_id"):
        about[entry].append(tuple(value))
    for entry, links in about.items():
        entries[entry].about = tuple(links)
    return {entry.entry.object_id: entry for entry in entries.values()}


def write_names(wanted: list[Made]) -> None:
    """The names of these entries, which are saved and have none yet."""
    SearchName.objects.bulk_create(
        SearchName(entry=one.entry, name=name, key=folded(name)) for one in wanted for name in one.names
    )


def write_links(wanted: list[Made]) -> None:
    """The links of these entries, which are saved and have none yet, to the entries of what they are about."""
    targets = defaultdict(set)
    for one in wanted:
        for kind, object_id in one.about:
            targets[kind].add(object_id)
    entry_of = {}
    for kind, ids in targets.items():
        for pk, object_id in SearchEntry.objects.filter(kind=kind, object_id__in=ids).values_list("pk", "object_id"):
            entry_of[kind, object_id] = pk
    SearchLink.objects.bulk_create(
        SearchLink(entry=one.entry, value_id=entry_of[value]) for one in wanted for value in dict.fromkeys(one.about)
        if value in entry_of
    )


@transaction.atomic
def reindex(records: Iterable[models.Model]) -> set[int]:
    """Bring the entries of these records (of one model) in line with what is public now; an entry that would
    say the same is left as it is (a save that changes nothing searched changes no search page). A changed entry
    is updated in place, so that the links other entries have to it stay.

    Returns the ids of the records whose name or other names changed: the entries that read them must follow."""
    records = list(records)
    if not records:
        return set()
    kind = KIND_BY_MODEL[type(records[0])]
    ids = [record.pk for record in records]
    before = stored(kind, ids)
    wanted = {one.entry.object_id: one for one in made(kind, kind.public().filter(pk__in=ids))}
    if gone := [one.entry.pk for object_id, one in before.items() if object_id not in wanted]:
        SearchEntry.objects.filter(pk__in=gone).delete()
    new = [one for object_id, one in wanted.items() if object_id not in before]
    SearchEntry.objects.bulk_create(one.entry for one in new)
    # Of a changed entry, only what changed is written: its row, its names, its links.
    fields, names, links, renamed_from = [], [], [], {}
    for object_id, one in wanted.items():
        if (old := before.get(object_id)) is None:
            continue
        one.entry.pk = old.entry.pk
        if any(getattr(one.entry, name) != getattr(old.entry, name) for name in ENTRY_FIELDS):
            fields.append(one.entry)
            renamed_from[object_id] = (old.entry.name, old.entry.aliases)
        if set(one.names) != set(old.names):
            names.append(one)
        if set(one.about) != set(old.about):
            links.append(one)
    if fields:
        SearchEntry.objects.bulk_update(fields, ENTRY_FIELDS)
    if names:
        SearchName.objects.filter(entry__in=[one.entry for one in names]).delete()
    if links:
        SearchLink.objects.filter(entry__in=[one.entry for one in links]).delete()
    write_names(new + names)
    write_links(new + links)
    # What other entries read of a record is its name and acronym (read_initiative, read_city, read_network).
    return {entry.object_id for entry in fields if (entry.name, entry.aliases) != renamed_from[entry.object_id]}


def reading_names_of(record: models.Model) -> list[models.QuerySet]:
    """The records whose entries read this record's names (read_initiative, read_city, read_network)."""
    if isinstance(record, City):
        return [Initiative.objects.filter(participations__city=record).distinct(), Network.objects.filter(memberships__city=record).distinct()]
    if isinstance(record, Network):
        return [City.objects.filter(memberships__network=record).distinct(), Initiative.objects.filter(networks=record)]
    if isinstance(record, Body):
        return [Initiative.objects.filter(bodies=record)]
    if isinstance(record, Topic):
        return [Initiative.objects.filter(topics=record), Article.objects.filter(topics=record)]
    return []


@transaction.atomic
def rebuild():
    """Every entry afresh — after bulk loads that send no signals."""
    SearchEntry.objects.all().delete()
    for kind in LINKED_FIRST:
        for start in range(0, kind.model.objects.count() + 1, CHUNK):
            chunk = made(kind, kind.public().order_by("pk")[start : start + CHUNK])
            SearchEntry.objects.bulk_create(one.entry for one in chunk)
            write_names(chunk)
            write_links(chunk)
