"""The service's endpoints: the manifest and the queries at /reconcile/, a preview card per record, and the
suggestions of entities as a name is typed.

Every answer may be read from any origin (`Access-Control-Allow-Origin: *`, as the API asks) and, given a
`callback`, as JSONP, which OpenRefine's 0.2 client uses. None is kept by the page cache: a cached page would
lose these headers, and a batch of queries is rarely asked twice.
"""

import json
import re

from csp.decorators import csp_replace
from django.conf import settings
from django.core.exceptions import BadRequest
from django.db.models import Case, Q, When
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from citydip.core.facets import whole_number
from citydip.core.middleware import answers_post
from citydip.core.representations import absolute
from initiatives.models import Membership, count_of

from .kinds import KINDS, Kind, parse_identifier
from .matching import normal, reconcile
from .queries import MAX_QUERIES, QueryError, parse_batch, parse_single

# A JavaScript name, or a dotted path of them, as jQuery and OpenRefine make them ("jQuery3600_1712", "cb.done").
CALLBACK = re.compile(r"[A-Za-z_$][\w$]{0,99}(?:\.[A-Za-z_$][\w$]{0,99}){0,4}", re.ASCII)
PREVIEW_SIZE = {"width": 400, "height": 200}
SUGGESTIONS = 10
MAX_CURSOR = 1000
MAX_PREFIX = 100


class ServiceError(BadRequest):
    """What the client asked cannot be answered; the message says why (a 400)."""


def answer(request: HttpRequest, data: dict, status: int = 200) -> HttpResponse:
    """JSON, or JSONP when a callback is named; readable from any origin, never stored by a cache."""
    callback = request.GET.get("callback") or request.POST.get("callback")
    if callback is not None and not CALLBACK.fullmatch(callback):
        callback, status = None, 400
        data = {"error": "callback must be a JavaScript function name (letters, digits, _ and $, dotted), at most 100 characters."}
    if callback:
        body = json.dumps(data, ensure_ascii=False)
        # "/**/" first: a response that starts with the callback's name could pass for another kind of file.
        response = HttpResponse(f"/**/{callback}({body});", status=status, content_type="application/javascript; charset=utf-8")
    else:
        response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    return cross_origin(response)


def cross_origin(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    add_never_cache_headers(response)
    return response


def manifest(request: HttpRequest) -> dict:
    root = absolute(request, "/").rstrip("/")
    return {
        "versions": ["0.1", "0.2"],
        "name": "citydip",
        "identifierSpace": f"{settings.SITE_URL}/",
        "schemaSpace": f"{settings.SITE_URL}{reverse('about')}#reconciliation",
        "documentation": absolute(request, reverse("about") + "#reconciliation"),
        "defaultTypes": [kind.as_type() for kind in KINDS.values()],
        "view": {"url": f"{root}/{{{{id}}}}/"},
        "preview": {"url": absolute(request, reverse("reconcile_preview")) + "?id={{id}}", **PREVIEW_SIZE},
        "suggest": {"entity": {"service_url": root, "service_path": reverse("reconcile_suggest_entity")}},
        "batchSize": MAX_QUERIES,
    }


@csrf_exempt  # a POST here asks; it changes nothing, and OpenRefine has no token to send
@answers_post
@require_http_methods(["GET", "HEAD", "POST", "OPTIONS"])
def service(request: HttpRequest) -> HttpResponse:
    """The manifest without a question; with `queries` (GET or POST form), the result batch; with `query`, one
    result."""
    if request.method == "OPTIONS":
        return preflight()
    parameters = request.POST if request.method == "POST" else request.GET
    try:
        if "queries" in parameters:
            return answer(request, reconcile(parse_batch(parameters["queries"])))
        if "query" in parameters:
            return answer(request, reconcile({"q": parse_single(parameters["query"])})["q"])
    except QueryError as error:
        return answer(request, {"error": str(error)}, status=400)
    return answer(request, manifest(request))


def preflight() -> HttpResponse:
    """A browser's question before a cross-origin POST with JSON: any origin may send GET and POST here."""
    response = cross_origin(HttpResponse(status=204))
    response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response["Access-Control-Allow-Headers"] = "Content-Type"
    response["Access-Control-Max-Age"] = "86400"
    return response


@require_GET
def suggest_entity(request: HttpRequest) -> HttpResponse:
    """Records whose name, or a word of one of their names, starts with `prefix`: those whose name starts with
    it first, then by name. `cursor` skips as many; `type` keeps one kind of record."""
    try:
        prefix, cursor, kinds = suggest_parameters(request)
    except BadRequest as error:
        return answer(request, {"error": str(error)}, status=400)
    wanted, identified = normal(prefix), parse_identifier(prefix)
    found = []
    for kind in kinds:
        records = kind.records().filter(suggestion_condition(kind, prefix, identified)).annotate(
            starts=Case(When(name__istartswith=prefix, then=0), default=1)
        )
        # Twice a page, for the few an alias finds inside a word, which are dropped below.
        for record in records.order_by("starts", "name")[: cursor + 2 * SUGGESTIONS]:
            if (rank := suggestion_rank(kind, record, wanted, identified)) is not None:
                found.append((rank, record.name, kind.id, kind, record))
    found.sort(key=lambda row: row[:3])
    result = [
        {"id": kind.identifier(record), "name": record.name, "description": kind.describe(record), "notable": [kind.as_type()]}
        for *_, kind, record in found[cursor : cursor + SUGGESTIONS]
    ]
    return answer(request, {"result": result})


def suggest_parameters(request: HttpRequest) -> tuple[str, int, list[Kind]]:
    prefix = request.GET.get("prefix", "").strip()
    if not prefix or len(prefix) > MAX_PREFIX:
        raise ServiceError(f"prefix is required: the start of a name, at most {MAX_PREFIX} characters.")
    message = f"cursor is how many suggestions to skip, a whole number from 0 to {MAX_CURSOR}."
    cursor = whole_number(request.GET.get("cursor") or "0", range(MAX_CURSOR + 1), message)
    kind = request.GET.get("type")
    if kind is not None and kind not in KINDS:
        raise ServiceError(f"No type {kind!r} here; the types are {', '.join(KINDS)}.")
    return prefix, cursor, [KINDS[kind]] if kind else list(KINDS.values())


def suggestion_condition(kind: Kind, prefix: str, identified) -> Q:
    condition = Q(name__istartswith=prefix) | Q(name__icontains=f" {prefix}") | Q(aliases__icontains=prefix)
    if "acronym" in kind.fields:
        condition |= Q(acronym__istartswith=prefix)
    if identified and identified[0] is kind:
        condition |= Q(slug=identified[1])
    return condition


def suggestion_rank(kind: Kind, record, wanted: str, identified) -> int | None:
    """0 for the record an identifier names or whose name starts with the prefix, 1 for a later word of its name
    or one of its other names, None for one the database found inside a word."""
    name = normal(record.name)
    if identified == (kind, record.slug) or name.startswith(wanted):
        return 0
    others = [normal(other) for other in [record.name, *record.alias_list(), getattr(record, "acronym", "")] if other]
    return 1 if any(f" {other}".find(f" {wanted}") >= 0 for other in others) else None


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})  # a card for other tools (OpenRefine) to show in a frame; it has no action
@require_GET
def preview(request: HttpRequest) -> HttpResponse:
    """A small card of the record an identifier names, for a frame of PREVIEW_SIZE: no script, no outside file."""
    identified = parse_identifier(request.GET.get("id", ""))
    if identified is None:
        raise Http404("No record has this identifier; an identifier looks like cities/los-angeles.")
    kind, slug = identified
    record = get_object_or_404(PREVIEWED[kind.id](kind.records()), slug=slug)
    context = {"kind": kind, "record": record, "identifier": kind.identifier(record), "description": kind.describe(record)}
    return cross_origin(render(request, "reconcile/preview.html", context))


# What each kind's card shows beyond its name and description, read in the same query.
PREVIEWED = {
    "city": lambda records: records.with_counts(),
    "network": lambda records: records.only("focus", "founded", "description", *KINDS["network"].fields).annotate(
        member_count=count_of(Membership.objects.public(), "network", distinct="city")
    ),
    "body": lambda records: records.only("description", *KINDS["body"].fields),
    "initiative": lambda records: records.only("summary", "status", *KINDS["initiative"].fields),
}
