"""The pictures of the graph the records form: a world map of cities, the city–network graph and a
timeline of initiatives. Each is an SVG computed on the server (initiatives.pictures) with a table of the
same data, so they need no JavaScript."""

import re

from django.core.exceptions import BadRequest
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, QueryDict, StreamingHttpResponse
from django.shortcuts import render

from articles.models import Article, Topic
from citydip.core.caching import query_parameters
from citydip.core.facets import MAX_LENGTH, YEARS, Facet, FacetedListing, whole_number
from citydip.core.paths import slug_url
from citydip.core.record_views import html_only

from . import pictures
from .facets import CITY_FACETS, INITIATIVE_FACETS
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
)
from .pictures import graph_files

# Beyond these, a picture would be too dense to read (and to draw): it shows the largest part, and says so.
MAP_MAX_CITIES = 500
GRAPH_MAX_NETWORKS = 30
GRAPH_MAX_UNCONNECTED = 200
GRAPH_MAX_CHOICES = 100
TIMELINE_MAX_MARKS = 400


def faceted(facets: tuple[Facet, ...], records: QuerySet, request: HttpRequest) -> tuple[QuerySet, dict]:
    """Those of `records` that the query's filters choose, with the facets' counts and the active filters: the
    same filters, on the same records, as the listing's (its `filterable_records()`)."""
    html_only(request)
    listing = FacetedListing(facets, request.GET)
    filtered = listing.filter(records)
    return listing.narrowed(records, filtered), listing.context(listing.counts(filtered))


def as_of_year(request: HttpRequest) -> int | None:
    """The year of `?as_of=` (None when absent or empty): the pictures then show the records as they stood then."""
    raw = request.GET.get("as_of", "")
    if not raw:
        return None
    message = f"The year “as of” is a whole number from {YEARS.start} to {YEARS.stop - 1}, such as ?as_of=2015."
    return whole_number(raw, YEARS, message)


# West, south, east, north in degrees: "16.5,47.2,19.6,48.7".
BOX = re.compile(r"(-?[0-9]{1,3}(?:\.[0-9]{1,6})?),(-?[0-9]{1,2}(?:\.[0-9]{1,6})?),"
                 r"(-?[0-9]{1,3}(?:\.[0-9]{1,6})?),(-?[0-9]{1,2}(?:\.[0-9]{1,6})?)")


def bounding_box(request: HttpRequest) -> tuple[float, float, float, float] | None:
    """The area of `?bbox=west,south,east,north` (degrees) the map zooms on, or None when absent or empty."""
    raw = request.GET.get("bbox", "")
    if not raw:
        return None
    match = BOX.fullmatch(raw)
    west, south, east, north = map(float, match.groups()) if match else (0, 0, 0, 0)
    if not (match and -180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise BadRequest(
            "The area to zoom on is west,south,east,north in degrees, west before east and south before north, "
            "such as ?bbox=16.5,47.2,19.6,48.7."
        )
    return west, south, east, north


def zoomed_address(request: HttpRequest, box: tuple[float, float, float, float]) -> str:
    """This page's address, with its filters, zoomed on `box`."""
    query = request.GET.copy()
    query.pop("format", None)
    query["bbox"] = ",".join(f"{value:g}" for value in box)
    return f"?{query.urlencode()}"


def without_as_of(request: HttpRequest) -> str:
    """This page's address with its other parameters: the records as they stand today."""
    query = request.GET.copy()
    query.pop("as_of", None)
    query.pop("format", None)
    return f"?{query.urlencode()}" if query else request.path


def without_filters(request: HttpRequest) -> str:
    """This map's address without its filters ("Clear all"): the year and the area it shows stay."""
    query = QueryDict(mutable=True)
    for name in ("as_of", "bbox"):
        if request.GET.get(name):
            query[name] = request.GET[name]
    return f"?{query.urlencode()}"


def standing_cities(cities: QuerySet, as_of: int | None) -> QuerySet:
    """The cities in a network or an initiative in the year `as_of` (all of them when it is None)."""
    if as_of is None:
        return cities
    memberships = Membership.objects.public().standing_in(as_of)
    participations = Participation.objects.public().standing_in(as_of)
    return cities.filter(Q(pk__in=memberships.values("city")) | Q(pk__in=participations.values("city")))


@query_parameters("format", "as_of", "bbox", *(name for facet in CITY_FACETS for name in facet.parameters()))
def world_map(request):
    """The most connected cities of those the city list's filters choose, in that area and year when given; zoomed on
    them when the filters choose a region, a country or an area."""
    as_of, box = as_of_year(request), bounding_box(request)
    cities = standing_cities(City.objects.all(), as_of)
    if box:
        west, south, east, north = box
        cities = cities.filter(longitude__gte=west, longitude__lte=east, latitude__gte=south, latitude__lte=north)
    chosen, facets = faceted(CITY_FACETS, cities, request)
    total = chosen.count()
    fit = bool(box or request.GET.get("region") or request.GET.get("country"))
    picture = pictures.world_map(
        chosen.by_connections(MAP_MAX_CITIES, as_of),
        fit=fit,
        zoom_url=lambda area: zoomed_address(request, area),
        as_of=as_of,
    )
    context = {
        "world_map": picture,
        "shown": min(total, MAP_MAX_CITIES),
        "total": total,
        "as_of": as_of,
        "today_url": without_as_of(request),
        "clear_url": without_filters(request),
        "zoomed": fit,
        **facets,
    }
    return render(request, "initiatives/map.html", context)


def network_choices(chosen):
    """(slug, name) of the networks with the most members, and of the chosen one, by name: a menu of thousands
    would be of no use (each network's page draws its own graph)."""
    largest = Membership.objects.public().values("network").annotate(size=Count("pk")).order_by("-size", "network")
    networks = Network.objects.filter(Q(pk__in=largest.values("network")[:GRAPH_MAX_CHOICES]) | Q(slug=chosen))
    return networks.order_by("name").values_list("slug", "name")


def graph_filters(request: HttpRequest) -> tuple[str, str]:
    network, topic = request.GET.get("network", ""), request.GET.get("topic", "")
    if len(network) > MAX_LENGTH or len(topic) > MAX_LENGTH:
        raise BadRequest(f"The network and topic filters take a slug, {MAX_LENGTH} characters at most.")
    return network, topic


@query_parameters("format", "network", "topic", "as_of")
def network_graph(request):
    network, topic = graph_filters(request)
    if request.GET.get("format") in graph_files.WRITERS:
        return graph_file(request, request.GET["format"], network, topic)
    html_only(request)
    as_of = as_of_year(request)
    memberships = Membership.objects.public().standing_in(as_of).select_related("city", "network")
    networks = Network.objects.all()
    if as_of is not None:
        networks = networks.exclude(founded__gt=as_of)
    # Only the cities in no network at all are listed as such; a filter or a year leaves the others out.
    cities = City.objects.exclude(pk__in=Membership.objects.public().values("city"))
    if network:
        memberships, networks = memberships.filter(network__slug=network), networks.filter(slug=network)
        cities = cities.none()
    if topic:
        # Networks and cities with an initiative on the topic, and the memberships between them.
        on_topic = Initiative.objects.public().standing_in(as_of).filter(topics__slug=topic)
        on_topic_cities = Participation.objects.public().filter(initiative__in=on_topic).values("city")
        networks = networks.filter(initiatives__in=on_topic).distinct()
        cities = cities.filter(pk__in=on_topic_cities)
        memberships = memberships.filter(network__in=networks, city__in=on_topic_cities)
    total = networks.count()
    if total > GRAPH_MAX_NETWORKS:
        networks = networks.annotate(size=count_of(Membership.objects.public(), "network")).order_by("-size", "name")
        networks = networks[:GRAPH_MAX_NETWORKS]
        networks = list(networks)
        memberships = memberships.filter(network__in=networks)
    if cities.count() > GRAPH_MAX_UNCONNECTED:
        cities = cities.none()  # the cities in no network are too many to list here; /cities/ has them all
    context = {
        "network_graph": pictures.network_graph(cities, networks, memberships, as_of),
        "shown_networks": min(total, GRAPH_MAX_NETWORKS),
        "total_networks": total,
        "network_choices": network_choices(network),
        "topic_choices": Initiative.topics.through.tag_model().objects.order_by("name").values_list("slug", "name"),
        "network": network,
        "topic": topic,
        "graph_formats": (("graphml", "GraphML"), ("gexf", "GEXF")),
        "as_of": as_of,
        "today_url": without_as_of(request),
    }
    return render(request, "initiatives/graph.html", context)


def graph_file(request: HttpRequest, export: str, network: str, topic: str) -> StreamingHttpResponse:
    """The whole city–network–initiative graph the filters choose (the picture's networks, the initiatives on the
    topic or of the network, and the cities, bodies and claims between them), streamed as GraphML or GEXF."""
    if network and not Network.objects.filter(slug=network).exists():
        raise BadRequest(f"There is no network '{network}'.")
    if topic and not Topic.objects.filter(slug=topic).exists():
        raise BadRequest(f"There is no topic '{topic}'.")
    nodes, edges = graph_records(network, topic, request.build_absolute_uri("/").rstrip("/"))
    chosen = ", ".join(f"{name} {value}" for name, value in (("network", network), ("topic", topic)) if value)
    description = f"citydip: cities, networks, initiatives and bodies{f' ({chosen})' if chosen else ''}, from {request.build_absolute_uri()}"
    response = StreamingHttpResponse(
        (part.encode() for part in graph_files.WRITERS[export](nodes, edges, description)),
        content_type=f"{graph_files.CONTENT_TYPES[export]}; charset=utf-8",
    )
    name = "-".join(["citydip-graph", *(value for value in (network, topic) if value)])
    response["Content-Disposition"] = f'attachment; filename="{name}.{export}"'
    return response


def graph_records(network: str, topic: str, site: str) -> tuple[list, list]:
    """The nodes and edges of the graph file, in a fixed number of queries whatever its size."""
    memberships = Membership.objects.public()
    networks = Network.objects.all()
    initiatives = Initiative.objects.public()
    if network:
        memberships, networks = memberships.filter(network__slug=network), networks.filter(slug=network)
        initiatives = initiatives.filter(networks__slug=network)
    if topic:
        initiatives = initiatives.filter(topics__slug=topic)
        networks = networks.filter(initiatives__in=initiatives)
        on_topic = Participation.objects.public().filter(initiative__in=initiatives).values("city")
        memberships = memberships.filter(network__in=networks, city__in=on_topic)
    participations = Participation.objects.public().filter(initiative__in=initiatives)
    network_links = Initiative.networks.through.objects.filter(initiative__in=initiatives, network__in=networks)
    body_links = Initiative.bodies.through.objects.filter(initiative__in=initiatives)
    cities = City.objects.all()
    if network or topic:
        cities = cities.filter(Q(pk__in=memberships.values("city")) | Q(pk__in=participations.values("city")))

    def url(path):
        return site + path

    nodes = [
        *(graph_files.FileNode(f"network:{slug}", "network", name, url(slug_url("initiatives:network_detail", slug)))
          for slug, name in networks.distinct().order_by("name", "slug").values_list("slug", "name")),
        *(graph_files.FileNode(f"city:{slug}", "city", name, url(slug_url("initiatives:city_detail", slug)), country)
          for slug, name, country in cities.order_by("name", "slug").values_list("slug", "name", "country")),
        *(graph_files.FileNode(f"initiative:{slug}", "initiative", name, url(slug_url("initiatives:initiative_detail", slug)))
          for slug, name in initiatives.distinct().order_by("name", "slug").values_list("slug", "name")),
        *(graph_files.FileNode(f"body:{slug}", "body", name, url(slug_url("initiatives:body_detail", slug)))
          for slug, name in Body.objects.filter(pk__in=body_links.values("body")).order_by("name", "slug").values_list("slug", "name")),
    ]
    quotes = {
        "membership": first_quotes(MembershipSource, "membership", memberships, site),
        "participation": first_quotes(ParticipationSource, "participation", participations, site),
        "initiative": first_quotes(InitiativeSource, "initiative", initiatives, site),
    }
    edges = [
        *(graph_files.FileEdge(f"city:{city}", f"network:{net}", "membership", role, year, *quotes["membership"].get(pk, ("", "")))
          for pk, city, net, role, year in memberships.order_by("network__name", "city__name", "role")
          .values_list("pk", "city__slug", "network__slug", "role", "start_year")),
        *(graph_files.FileEdge(f"city:{city}", f"initiative:{initiative}", "participation", role, year, *quotes["participation"].get(pk, ("", "")))
          for pk, city, initiative, role, year in participations.order_by("initiative__name", "city__name", "role")
          .values_list("pk", "city__slug", "initiative__slug", "role", "initiative__year")),
        *(graph_files.FileEdge(f"initiative:{initiative}", f"network:{net}", "initiative-network", "", year, *quotes["initiative"].get(pk, ("", "")))
          for pk, initiative, net, year in network_links.order_by("initiative__name", "network__name")
          .values_list("initiative_id", "initiative__slug", "network__slug", "initiative__year")),
        *(graph_files.FileEdge(f"initiative:{initiative}", f"body:{body}", "initiative-body", "", year, *quotes["initiative"].get(pk, ("", "")))
          for pk, initiative, body, year in body_links.order_by("initiative__name", "body__name")
          .values_list("initiative_id", "initiative__slug", "body__slug", "initiative__year")),
    ]
    return nodes, edges


def first_quotes(model, claim_field: str, claims: QuerySet, site: str) -> dict:
    """Claim pk → (its first quote from a published article, the address of its paragraph): one query."""
    first = {}
    rows = model.objects.filter(
        **{f"{claim_field}__in": claims.values("pk")}, paragraph__article__status=Article.Status.PUBLISHED
    ).order_by(claim_field, "paragraph__article__date_published", "paragraph__article__slug", "paragraph__number", "pk")
    for claim, quote, article, number in rows.values_list(f"{claim_field}_id", "quote", "paragraph__article__slug", "paragraph__number"):
        if claim not in first:
            first[claim] = (quote, f"{site}{slug_url('articles:article_detail', article)}#p{number}")
    return first


@query_parameters("format", *(name for facet in INITIATIVE_FACETS for name in facet.parameters()))
def timeline(request):
    chosen, facets = faceted(INITIATIVE_FACETS, Initiative.objects.public(), request)
    total = chosen.count()
    context = {
        "timeline": pictures.timeline(chosen.order_by("-year", "name")[:TIMELINE_MAX_MARKS]),
        "shown": min(total, TIMELINE_MAX_MARKS),
        "total": total,
        **facets,
    }
    return render(request, "initiatives/timeline.html", context)
