"""The pages that explore connections (initiatives.connections): compare cities, the chains between two records,
and the networks' shared members — each as HTML with its form, or `?format=json`.

Readers may type names ("Los Angeles") where slugs are asked for: the page sends them on to the address with
slugs, which is the one shared and cached. What cannot be answered says why: an unknown record is a 404 naming
it, a malformed question a 400 — each with the form again, to correct it (or, in JSON, `{"error": …}`).
"""

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render

from citydip.core.caching import query_parameters
from citydip.core.errors import json_error
from citydip.core.facets import MAX_LENGTH

from . import connections
from .models import City, Network
from .representations import CITY_COMPARISON, CONNECTIONS, NETWORK_OVERLAP, SHARED_MEMBERS

FORMATS = ("html", "json")


class Refusal(Exception):
    """A question the page cannot answer, and why, in words for the reader."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


class Incomplete(Refusal):
    """A question half asked (one city of two): the page is the form, with what is missing said — a 400 in JSON."""

    def __init__(self, message: str):
        super().__init__(message, 400)


def requested_format(request: HttpRequest) -> str:
    requested = request.GET.getlist("format") or ["html"]
    if len(requested) > 1 or requested[0] not in FORMATS:
        raise BadRequest("Unknown format. This page answers ?format=json.")
    return requested[0]


def typed(request: HttpRequest, name: str) -> list[str]:
    """The non-empty values of parameter `name`, as the reader typed them."""
    values = [value.strip() for value in request.GET.getlist(name) if value.strip()]
    if any(len(value) > MAX_LENGTH for value in values):
        raise Refusal(f"A record is named by its slug or its name, {MAX_LENGTH} characters at most.")
    return values


def with_slugs(request: HttpRequest, slugs: dict[str, list[str]]) -> HttpResponse | None:
    """A redirect to the address with these slugs in place of what was typed, when they differ; else None."""
    query = QueryDict(mutable=True)
    for name, values in slugs.items():
        query.setlist(name, values)
    if request.GET.getlist("format"):
        query.setlist("format", request.GET.getlist("format"))
    if all(request.GET.getlist(name) == values for name, values in slugs.items()):
        return None
    return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)


def answer(request: HttpRequest, template: str, context: dict, representation, result) -> HttpResponse:
    """The page, or the JSON of `result` as `representation` shows it."""
    if requested_format(request) == "json":
        return JsonResponse(representation.json(result, request), json_dumps_params={"ensure_ascii": False})
    return render(request, template, {**context, "result": result})


def refuse(request: HttpRequest, template: str, context: dict, refusal: Refusal) -> HttpResponse:
    if requested_format(request) == "json":
        return json_error(refusal.message, refusal.status)
    status = 200 if isinstance(refusal, Incomplete) else refusal.status
    return render(request, template, {**context, "error": refusal.message}, status=status)


def last_typed(request: HttpRequest, name: str) -> str:
    """The last value of `name` (a form sends one; an address made by hand may repeat it), or ""."""
    return (typed(request, name) or [""])[-1]


def by_slug(model, slugs: list[str], no_such: Callable[[list[str]], str]) -> dict:
    """The records of these slugs, by slug; a 404 Refusal that `no_such(unknown slugs)` words, when any is not here."""
    found = {record.slug: record for record in model.objects.filter(slug__in=slugs)}
    if unknown := [slug for slug in dict.fromkeys(slugs) if slug not in found]:
        raise Refusal(no_such(unknown), 404)
    return found


def quoted(values: list[str]) -> str:
    return ", ".join(f"‘{value}’" for value in values)


def slug_of(name: str, kind: str = "record") -> str:
    """The slug a typed name or slug stands for; a name that makes none ("!!!") names no record."""
    if not (slug := connections.as_slug(name)):
        raise Refusal(f"No {kind} ‘{name}’.", 404)
    return slug


# Compare ---------------------------------------------------------------------------------------------


@query_parameters("format", "city")
def compare(request):
    """`?city=seoul&city=los-angeles`: two to four cities side by side."""
    # The suggestions are a callable, which only the page calls: JSON needs none.
    context = {"fields": ["", "", "", ""], "suggestions": connections.suggested_cities}
    try:
        names = typed(request, "city")
        context["fields"] = (names + context["fields"])[: max(4, len(names))]
        slugs = list(dict.fromkeys(slug_of(name, "city") for name in names))  # each city once
        if redirect_to := with_slugs(request, {"city": slugs}):
            return redirect_to
        if not slugs and requested_format(request) == "html":
            return render(request, "initiatives/compare.html", context)  # the form, to start with
        found = by_slug(
            City, slugs,
            lambda unknown: f"No cit{'y' if len(unknown) == 1 else 'ies'} {quoted(unknown)}. Check the spelling, or find it in the list of cities.",
        )
        if len(slugs) > connections.COMPARED_CITIES.stop - 1:
            raise Refusal(f"Compare two to four different cities: this asks for {len(slugs)}.")
        if len(slugs) < connections.COMPARED_CITIES.start:
            with_whom = f" with {found[slugs[0]].name}" if slugs else ""
            raise Incomplete(f"Name at least one more city to compare{with_whom}: two to four different cities.")
    except Refusal as refusal:
        return refuse(request, "initiatives/compare.html", context, refusal)
    comparison = connections.compare([found[slug] for slug in slugs])
    return answer(request, "initiatives/compare.html", context, CITY_COMPARISON, comparison)


# Connections -----------------------------------------------------------------------------------------


def endpoint_slug(text: str) -> tuple[str | None, str]:
    try:
        kind, slug = connections.endpoint(text)
    except connections.UnknownKind as unknown:
        kinds = ", ".join(f"{kind}:" for kind in connections.ENDPOINT_KINDS)
        raise Refusal(f"‘{unknown}’ is not a kind of record a chain links: write {kinds} or the slug alone.") from None
    if not slug:
        raise Refusal(f"No city, network or body ‘{text}’.", 404)
    return kind, slug


def written(kind: str | None, slug: str) -> str:
    return f"{kind}:{slug}" if kind else slug


def not_found(kind: str | None, slug: str) -> str:
    return f"No {kind} ‘{slug}’." if kind else f"No city, network or body ‘{slug}’."


@query_parameters("format", "from", "to")
def connections_page(request):
    """`?from=seoul&to=freetown`: the shortest chains between two cities, networks or bodies."""
    context = {"typed": {"from": "", "to": ""}}
    try:
        ends = {name: last_typed(request, name) for name in ("from", "to")}
        context["typed"] = ends
        if not any(ends.values()) and requested_format(request) == "html":
            return render(request, "initiatives/connections.html", context)  # the form, to start with
        if not all(ends.values()):
            raise Incomplete("Name two records to connect: a city, a network or a multilateral body, in from= and to=.")
        wanted = [endpoint_slug(ends["from"]), endpoint_slug(ends["to"])]
        if redirect_to := with_slugs(request, {"from": [written(*wanted[0])], "to": [written(*wanted[1])]}):
            return redirect_to
        start, goal = connections.find_endpoints(wanted)
        if unknown := [not_found(*end) for end, node in zip(wanted, (start, goal), strict=True) if node is None]:
            raise Refusal(f"{' '.join(unknown)} Check the spelling, or search for it.", 404)
        if start == goal:
            raise Refusal("Choose two different records: a record is connected to itself by no chain.")
    except Refusal as refusal:
        return refuse(request, "initiatives/connections.html", context, refusal)
    return answer(request, "initiatives/connections.html", context, CONNECTIONS, connections.connections(start, goal))


# Network overlap -------------------------------------------------------------------------------------


@query_parameters("format", "a", "b")
def network_overlap(request):
    """Which networks share member cities (the matrix); `?a=c40-cities&b=urban-20`: the cities both have."""
    context = {}
    try:
        pair = [last_typed(request, name) for name in ("a", "b")]
        if not any(pair):
            return answer(request, "initiatives/network_overlap.html", context, NETWORK_OVERLAP, connections.network_overlap())
        if not all(pair):
            raise Incomplete("Name two networks whose shared members to list: ?a=c40-cities&b=urban-20.")
        slugs = [slug_of(name, "network") for name in pair]
        if redirect_to := with_slugs(request, {"a": [slugs[0]], "b": [slugs[1]]}):
            return redirect_to
        found = by_slug(Network, slugs, lambda unknown: f"No network {quoted(unknown)}. See the list of networks.")
        if slugs[0] == slugs[1]:
            raise Refusal("Choose two different networks.")
    except Refusal as refusal:
        return refuse(request, "initiatives/shared_members.html", context, refusal)
    shared = connections.shared_members(found[slugs[0]], found[slugs[1]])
    return answer(request, "initiatives/shared_members.html", context, SHARED_MEMBERS, shared)
