"""The pictures of the graph the records form: a world map of cities, the city–network graph and a
timeline of initiatives. Each is an SVG computed on the server (initiatives.pictures) with a table of the
same data, so they need no JavaScript."""

import re

from django.core.exceptions import BadRequest
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import render

from citydip.core.caching import query_parameters
from citydip.core.facets import MAX_LENGTH, YEARS, Facet, FacetedListing, whole_number
from citydip.core.record_views import html_only

from . import pictures
from .facets import CITY_FACETS, INITIATIVE_FACETS
from .models import City, Initiative, Membership, Network, Participation, count_of

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


def standing_cities(cities: QuerySet, as_of: int | None) -> QuerySet:
    """The cities in a network or an initiative in the year `as_of` (all of them when it is None)."""
    if as_of is None:
        return cities
    memberships = Membership.objects.public().standing_in(as_of)
    participations = Participation.objects.public().standing_in(as_of)
    return cities.filter(Q(pk__in=memberships.values("city")) | Q(pk__in=participations.values("city")))


@query_parameters("format", "as_of", "bbox", *(facet.name for facet in CITY_FACETS))
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


@query_parameters("format", "network", "topic", "as_of")
def network_graph(request):
    html_only(request)
    as_of = as_of_year(request)
    standing = Membership.objects.public().standing_in(as_of)
    memberships = standing.select_related("city", "network")
    networks = Network.objects.all()
    if as_of is not None:
        networks = networks.exclude(founded__gt=as_of)
    # Only the cities in no network at all are listed as such; a filter or a year leaves the others out.
    cities = City.objects.exclude(pk__in=Membership.objects.public().values("city"))
    network, topic = request.GET.get("network", ""), request.GET.get("topic", "")
    if len(network) > MAX_LENGTH or len(topic) > MAX_LENGTH:
        raise BadRequest(f"The network and topic filters take a slug, {MAX_LENGTH} characters at most.")
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
        "as_of": as_of,
        "today_url": without_as_of(request),
    }
    return render(request, "initiatives/graph.html", context)


@query_parameters("format", *(facet.name for facet in INITIATIVE_FACETS))
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
