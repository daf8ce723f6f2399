"""The pictures of the graph the records form: a world map of cities, the city–network graph and a
timeline of initiatives. Each is an SVG computed on the server (initiatives.pictures) with a table of the
same data, so they need no JavaScript."""

from django.core.exceptions import BadRequest
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import render

from citydip.core.caching import query_parameters
from citydip.core.facets import MAX_LENGTH, Facet, FacetedListing
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


@query_parameters("format", *(name for facet in CITY_FACETS for name in facet.parameters()))
def world_map(request):
    """The most connected cities of those the city list's filters choose."""
    chosen, facets = faceted(CITY_FACETS, City.objects.all(), request)
    total = chosen.count()
    context = {
        "world_map": pictures.world_map(chosen.by_connections(MAP_MAX_CITIES)),
        "shown": min(total, MAP_MAX_CITIES),
        "total": total,
        **facets,
    }
    return render(request, "initiatives/map.html", context)


def network_choices(chosen):
    """(slug, name) of the networks with the most members, and of the chosen one, by name: a menu of thousands
    would be of no use (each network's page draws its own graph)."""
    largest = Membership.objects.public().values("network").annotate(size=Count("pk")).order_by("-size", "network")
    networks = Network.objects.filter(Q(pk__in=largest.values("network")[:GRAPH_MAX_CHOICES]) | Q(slug=chosen))
    return networks.order_by("name").values_list("slug", "name")


@query_parameters("format", "network", "topic")
def network_graph(request):
    html_only(request)
    memberships = Membership.objects.public().select_related("city", "network")
    networks, cities = Network.objects.all(), City.objects.all()
    network, topic = request.GET.get("network", ""), request.GET.get("topic", "")
    if len(network) > MAX_LENGTH or len(topic) > MAX_LENGTH:
        raise BadRequest(f"The network and topic filters take a slug, {MAX_LENGTH} characters at most.")
    if network:
        memberships, networks = memberships.filter(network__slug=network), networks.filter(slug=network)
        cities = cities.none()
    if topic:
        # Networks and cities with an initiative on the topic, and the memberships between them.
        on_topic = Initiative.objects.public().filter(topics__slug=topic)
        networks = networks.filter(initiatives__in=on_topic).distinct()
        cities = cities.filter(participations__in=Participation.objects.public().filter(initiative__in=on_topic)).distinct()
        memberships = memberships.filter(network__in=networks, city__in=cities)
    total = networks.count()
    if total > GRAPH_MAX_NETWORKS:
        networks = networks.annotate(size=count_of(Membership.objects.public(), "network")).order_by("-size", "name")
        networks = networks[:GRAPH_MAX_NETWORKS]
        networks = list(networks)
        memberships = memberships.filter(network__in=networks)
    if cities.count() > GRAPH_MAX_UNCONNECTED:
        cities = cities.none()  # the cities in no network are too many to list here; /cities/ has them all
    context = {
        "network_graph": pictures.network_graph(cities, networks, memberships),
        "shown_networks": min(total, GRAPH_MAX_NETWORKS),
        "total_networks": total,
        "network_choices": network_choices(network),
        "topic_choices": Initiative.topics.through.tag_model().objects.order_by("name").values_list("slug", "name"),
        "network": network,
        "topic": topic,
    }
    return render(request, "initiatives/graph.html", context)


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
