"""Site search: `/search/?q=` with web-search syntax ("quoted phrase", -exclusion, or), `&kind=`, the facets of
citydip.search.facets (`&topic=`, `&city=`, `&year=`), `&page=`; how it finds is citydip.search.query's."""

from urllib.parse import urlencode

from django.core.exceptions import BadRequest
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views import View

from citydip.core.facets import MAX_LENGTH, FacetedListing, page_number
from citydip.core.record_views import FACET_VALUE, page_url
from citydip.core.representations import INTEGER, STRING, URL, Field, Representation, absolute, array, strict_object
from citydip.search.facets import SEARCH_FACETS
from citydip.search.index import KIND_BY_KEY, KINDS
from citydip.search.query import PAGE_SIZE, Results, search

HIT = Representation(
    None,
    (
        Field("kind", STRING, lambda hit, request: hit.kind.key),
        Field("name", STRING),
        Field("url", URL, lambda hit, request: absolute(request, hit.url)),
        Field("snippet", STRING, lambda hit, request: str(hit.snippet)),
    ),
)
NULLABLE_STRING = {"type": ["string", "null"]}
# What ?format=json answers (SearchView), for the API description.
SEARCH_RESULTS = strict_object(
    {
        "count": INTEGER, "next": NULLABLE_STRING, "previous": NULLABLE_STRING,
        "query": STRING, "suggestion": NULLABLE_STRING, "results_for": STRING,
        "kinds": array(FACET_VALUE.reference()),
        "facets": {"type": "object", "additionalProperties": array(FACET_VALUE.reference())},
        "results": array(HIT.schema),
    }
)


class SearchView(View):
    query_parameters = frozenset({"q", "kind", "page", "format", *(name for facet in SEARCH_FACETS for name in facet.parameters())})

    def get(self, request):
        raw_query = request.GET.get("q", "")
        query = raw_query[:MAX_LENGTH].strip()
        kind = request.GET.get("kind") or None
        if kind and kind not in KIND_BY_KEY:
            raise BadRequest(f"Unknown kind. Search by one of: {', '.join(KIND_BY_KEY)}.")
        output = request.GET.get("format", "html")
        if output not in ("html", "json"):
            raise BadRequest("Unknown format. Search answers ?format= html, json.")
        page = page_number(request.GET)
        listing = FacetedListing(SEARCH_FACETS, request.GET)
        results = search(query, kind, page, listing) if query else Results(query)
        pages = max(1, -(-results.total // PAGE_SIZE))
        if page > pages:
            raise Http404("There is no such page of results.")
        links = {
            "next": page_url(request, page + 1) if page < pages else None,
            "previous": page_url(request, page - 1) if page > 1 else None,
        }
        kinds = [(k, results.counts.get(k.key, 0)) for k in KINDS]
        if output == "json":
            return JsonResponse(
                {
                    "count": results.total,
                    **links,
                    "query": query,
                    "suggestion": results.suggestion,
                    "results_for": results.query,
                    "kinds": [{"value": k.key, "label": k.label, "count": count, "param": "kind"} for k, count in kinds],
                    "facets": {
                        name: [FACET_VALUE.json(value, request) for value in values] for name, values in results.facets.items()
                    },
                    "results": [HIT.json(hit, request) for hit in results.hits],
                },
                json_dumps_params={"ensure_ascii": False},
            )
        urls = kind_urls(request)
        context = {
            "query": query,
            "truncated": len(raw_query) > MAX_LENGTH,
            "results": results,
            "corrected": results.query != query,
            "kind": kind,
            "kind_links": [(k, count, urls[k.key]) for k, count in kinds if count],
            "all_kinds_url": urls[""],
            "clear_url": urls[""] if not kind else f"?{urlencode({'q': query, 'kind': kind})}",
            "suggestion_url": suggestion_url(request, results.suggestion),
            "page": page,
            "pages": pages,
            "max_length": MAX_LENGTH,
            **listing.context(results.facets),
            **{f"{name}_url": url for name, url in links.items()},
        }
        return render(request, "search.html", context)


def kind_urls(request) -> dict[str, str]:
    """The address of this search with each kind chosen (and with none: ""), its filters kept."""
    urls = {}
    for key in ("", *KIND_BY_KEY):
        query = request.GET.copy()
        for name in ("page", "format", "kind"):
            query.pop(name, None)
        if key:
            query["kind"] = key
        urls[key] = f"?{query.urlencode()}"
    return urls


def suggestion_url(request, suggestion: str | None) -> str | None:
    """This search for the suggested words, its kind and filters kept."""
    if not suggestion:
        return None
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    query["q"] = suggestion
    return f"?{query.urlencode()}"
