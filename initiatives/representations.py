"""Cities, networks, multilateral bodies, initiatives and topics as JSON, CSV, JSON Schema and schema.org
JSON-LD (see citydip.core.representations).

Each kind has a summary, which its listing, its CSV and its dataset give, and a detail, which its page gives:
the record with its relations (memberships and participations seen from either end, each with the quotes that
source it), the paragraphs that mention it, and those quotes again in `sources`.
"""

from articles.representations import ARTICLE_LINK, MENTION, SOURCE
from citydip.core.representations import (
    INTEGER,
    NAMED,
    NULLABLE_DATE,
    NUMBER_OR_NULL,
    STRING,
    STRINGS,
    URL,
    YEAR,
    Field,
    Representation,
    absolute,
    array,
    iso_date,
    many,
    named,
)

from .models import Initiative

# schema.org ------------------------------------------------------------------------------------------

EVENT_KINDS = {"event"}


def same_as(record):
    return {"sameAs": [record.wikidata_url]} if record.wikidata else {}


def city_json_ld(record, url):
    data = {"@context": "https://schema.org", "@type": "City", "name": record.name, "url": url, **same_as(record)}
    if record.alias_list():
        data["alternateName"] = record.alias_list()
    if record.latitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": float(record.latitude), "longitude": float(record.longitude)}
    data["containedInPlace"] = {"@type": "Country", "name": record.country}
    return data


def organization_json_ld(record, url):
    """A network or a multilateral body."""
    data = {"@context": "https://schema.org", "@type": "Organization", "name": record.name, "url": url, **same_as(record)}
    if getattr(record, "acronym", ""):
        data["alternateName"] = record.acronym
    if record.description:
        data["description"] = record.description
    if getattr(record, "founded", None):
        data["foundingDate"] = str(record.founded)
    return data


def initiative_json_ld(record, url):
    """An Event, or a Project for every other kind of initiative."""
    kind = "Event" if record.kind in EVENT_KINDS else "Project"
    data = {"@context": "https://schema.org", "@type": kind, "name": record.name, "url": url, "description": record.summary}
    when = record.date.isoformat() if record.date else (str(record.year) if record.year else None)
    if when:
        data["startDate" if kind == "Event" else "foundingDate"] = when
    return data


# Fields and relations that several kinds share --------------------------------------------------------


def coordinate(value):
    return float(value) if value is not None else None


def names(related):
    """A summary's list of linked records, by name only: `related(record)` gives them."""
    return lambda record, request: [item.name for item in related(record)]


ALIASES = Field("aliases", STRINGS, lambda record, request: record.alias_list())
WIKIDATA = (
    Field("wikidata", {"type": ["string", "null"]}, lambda record, request: record.wikidata or None),
    Field("wikidata_url", {"type": ["string", "null"], "format": "uri"}, lambda record, request: record.wikidata_url or None),
)
INFERENCE = Field(
    "inference",
    {"type": "string", "description": "How the quotes support the claim, where they do not name it."},
    optional=True,  # only for a claim its quotes support by inference
)
STATUS = {"enum": Initiative.Status.values, "description": "Proposed: suggested, not done."}
SCOPE = {"enum": Initiative.Scope.values, "description": "Domestic: a measure at home, cited as context."}


def sources(quotations):
    """The quotes that source a record: `quotations(record)` gives them."""
    return many("sources", SOURCE, quotations)


MENTIONED_IN = many("mentioned_in", MENTION, lambda record: record.mentioned_in)  # set by the detail view


def membership(via):
    """A membership as one end shows it: a city shows the network (`via="network"`), a network the city."""
    return Representation(
        None,
        (
            *named(via),
            Field("role", STRING),
            Field("year", YEAR, lambda membership, request: membership.start_year),
            Field("start_year", YEAR),
            Field("end_year", YEAR),
            INFERENCE,
            sources(lambda membership: membership.sources.all()),
        ),
    )


CITY_MEMBERSHIP, NETWORK_MEMBERSHIP = membership("network"), membership("city")
CITY_PARTICIPATION = Representation(
    None,
    (
        *named("initiative"),
        Field("role", STRING),
        Field("year", YEAR, lambda participation, request: participation.initiative.year),
        INFERENCE,
        sources(lambda participation: participation.sources.all()),
    ),
)
INITIATIVE_PARTICIPATION = Representation(
    None, (*named("city"), Field("role", STRING), INFERENCE, sources(lambda participation: participation.sources.all()))
)
INITIATIVE_LINK = Representation(None, (*named(), Field("kind", STRING), Field("year", YEAR)))

# Cities ----------------------------------------------------------------------------------------------

PLACE = (
    Field("country", STRING),
    Field("region", STRING, lambda city, request: city.get_region_display()),
    Field("latitude", NUMBER_OR_NULL, lambda city, request: coordinate(city.latitude)),
    Field("longitude", NUMBER_OR_NULL, lambda city, request: coordinate(city.longitude)),
)
CITY_SUMMARY = Representation(
    "CitySummary", (*named(), *PLACE, Field("network_count", INTEGER), Field("initiative_count", INTEGER))
)


def city_quotations(city):
    return [source for claim in [*city.memberships.all(), *city.participations.all()] for source in claim.sources.all()]


CITY = Representation(
    "City",
    (
        *named(),
        *PLACE,
        ALIASES,
        *WIKIDATA,
        many("networks", CITY_MEMBERSHIP, lambda city: city.memberships.all()),
        many("initiatives", CITY_PARTICIPATION, lambda city: city.participations.all()),
        MENTIONED_IN,
        sources(city_quotations),
    ),
    json_ld=city_json_ld,
)

# Networks --------------------------------------------------------------------------------------------

NETWORK_SUMMARY = Representation(
    "NetworkSummary",
    (
        *named(),
        Field("acronym", STRING),
        Field("focus", STRING),
        Field("founded", YEAR),
        Field("member_count", INTEGER),
        Field("initiative_count", INTEGER),
    ),
)
NETWORK = Representation(
    "Network",
    (
        *named(),
        Field("acronym", STRING),
        ALIASES,
        Field("focus", STRING),
        Field("founded", YEAR),
        Field("description", STRING),
        *WIKIDATA,
        many("cities", NETWORK_MEMBERSHIP, lambda network: network.memberships.all()),
        many("initiatives", INITIATIVE_LINK, lambda network: network.initiatives.all()),
        MENTIONED_IN,
        sources(lambda network: [source for m in network.memberships.all() for source in m.sources.all()]),
    ),
    json_ld=organization_json_ld,
)

# Initiatives -----------------------------------------------------------------------------------------

INITIATIVE_FIELDS = (
    *named(),
    Field("kind", STRING),
    Field("status", STATUS),
    Field("scope", SCOPE),
    Field("year", YEAR),
    Field("date", NULLABLE_DATE, lambda initiative, request: iso_date(initiative.date)),
    Field("summary", STRING),
)
INITIATIVE_SUMMARY = Representation(
    "InitiativeSummary",
    (
        *INITIATIVE_FIELDS,
        Field("cities", STRINGS, names(lambda initiative: (p.city for p in initiative.participations.all()))),
        Field("networks", STRINGS, names(lambda initiative: initiative.networks.all())),
        Field("topics", STRINGS, names(lambda initiative: initiative.topics.all())),
    ),
)
INITIATIVE = Representation(
    "Initiative",
    (
        *INITIATIVE_FIELDS,
        INFERENCE,
        ALIASES,
        many("cities", INITIATIVE_PARTICIPATION, lambda initiative: initiative.participations.all()),
        many("networks", NAMED, lambda initiative: initiative.networks.all()),
        many("bodies", NAMED, lambda initiative: initiative.bodies.all()),
        many("topics", NAMED, lambda initiative: initiative.topics.all()),
        MENTIONED_IN,
        sources(lambda initiative: initiative.sources.all()),
    ),
    json_ld=initiative_json_ld,
)

# Multilateral bodies ---------------------------------------------------------------------------------

BODY_KIND = Field("kind", STRING, lambda body, request: body.get_kind_display())
BODY_SUMMARY = Representation(
    "BodySummary", (*named(), Field("acronym", STRING), BODY_KIND, Field("initiative_count", INTEGER))
)
BODY = Representation(
    "Body",
    (
        *named(),
        Field("acronym", STRING),
        ALIASES,
        BODY_KIND,
        Field("description", STRING),
        *WIKIDATA,
        many("initiatives", INITIATIVE_LINK, lambda body: body.initiatives.all()),
        MENTIONED_IN,
        sources(lambda body: [source for i in body.initiatives.all() for source in i.sources.all()]),
    ),
    json_ld=organization_json_ld,
)

# Topics: our vocabulary, over articles and initiatives -----------------------------------------------

TOPIC_SUMMARY = Representation(
    "TopicSummary",
    (*named(), Field("description", STRING), Field("article_count", INTEGER), Field("initiative_count", INTEGER)),
)
TOPIC = Representation(
    "Topic",
    (
        *named(),
        Field("description", STRING),
        # The newest of each, as many as the page shows (set by the view).
        many("articles", ARTICLE_LINK, lambda topic: topic.published_articles),
        many("initiatives", INITIATIVE_LINK, lambda topic: topic.tagged_initiatives),
        # A topic is our vocabulary, not a claim.
        Field("sources", array(SOURCE.reference()), lambda topic, request: []),
    ),
)

# Connections: what cities share, how two records are linked, which networks share members ----------------
# (initiatives.connections; each claim is shown as its record's page shows it, with its quotes)

LINKED_RECORD = Representation(
    "LinkedRecord",
    (
        Field("kind", {"enum": ["city", "network", "body", "initiative"]}, lambda record, request: record._meta.model_name),
        *named(),
    ),
)


def compared(claim: Representation) -> Representation:
    """A network or initiative and the compared cities' claims to it (one per role)."""
    return Representation(
        None,
        (
            *named("record"),
            Field("shared_by", STRINGS, lambda row, request: [city.slug for city, _ in row.cities_claims]),
            many("cities", claim, lambda row: row.all_claims),
        ),
    )


CITY_COMPARISON = Representation(
    "CityComparison",
    (
        many("cities", Representation(None, (*named(), Field("country", STRING))), lambda comparison: comparison.cities),
        many("networks", compared(NETWORK_MEMBERSHIP), lambda comparison: comparison.networks),
        many("initiatives", compared(INITIATIVE_PARTICIPATION), lambda comparison: comparison.initiatives),
    ),
    "Every network and initiative of the compared cities; `shared_by` lists the cities that have it.",
)


def linked(attribute: str, name: str) -> Field:
    return Field(name, LINKED_RECORD.reference(), lambda record, request: LINKED_RECORD.json(getattr(record, attribute), request))


CONNECTION_STEP = Representation(
    "ConnectionStep",
    (
        linked("start", "from"),
        linked("end", "to"),
        Field("relation", {"enum": ["membership", "participation", "network link", "body link"]}),
        Field("statement", STRING),
        Field("roles", STRINGS),
        INFERENCE,
        sources(lambda step: step.sources),
    ),
)
CONNECTIONS = Representation(
    "Connections",
    (
        linked("start", "from"),
        linked("goal", "to"),
        Field("length", YEAR | {"description": "Steps of the shortest chains; null when none is that short."}),
        Field("longest", INTEGER),
        Field("count", INTEGER),
        Field(
            "chains", array(array(CONNECTION_STEP.reference())),
            lambda found, request: [[CONNECTION_STEP.json(step, request) for step in chain] for chain in found.chains],
        ),
    ),
    "The first of the `count` shortest chains of `length` steps between two records, each step with its quotes.",
)

OVERLAP_PAIR = Representation(
    None,
    (
        Field("networks", STRINGS, lambda pair, request: [pair.first.slug, pair.second.slug]),
        Field("shared", INTEGER),
        Field("url", URL, lambda pair, request: absolute(request, pair.url)),
    ),
)
NETWORK_OVERLAP = Representation(
    "NetworkOverlap",
    (
        many("networks", Representation(None, (*named(), Field("member_count", INTEGER))), lambda overlap: overlap.networks),
        Field("total", INTEGER),
        many("pairs", OVERLAP_PAIR, lambda overlap: overlap.pairs),
    ),
    "The `networks` with the most members (of `total` with members), and each pair's shared member cities.",
)
SHARED_MEMBERS = Representation(
    "SharedMembers",
    (
        many("networks", NAMED, lambda shared: shared.networks),
        Field("count", INTEGER, lambda shared, request: len(shared.cities)),
        many("cities", Representation(None, (*named("city"), many("memberships", CITY_MEMBERSHIP, lambda member: member.memberships))), lambda shared: shared.cities),
    ),
)
