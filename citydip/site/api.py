"""The JSON API, described: `/api/` for people and `/api/openapi.json` (OpenAPI 3.1) for programs.

The schemas are the representations' own (each app's `representations.py`), which the views serve, and the
filters the listings' own facets; the test suite validates real responses against them too.
"""

from typing import NamedTuple

from django.http import JsonResponse
from django.shortcuts import render

from articles import representations as articles
from articles.citations import CITATION_FORMATS
from articles.facets import ARTICLE_FACETS
from citydip.core.facets import Facet
from citydip.core.record_views import FACET_VALUE, listing_schema
from citydip.core.representations import INTEGER, NAMED, STRING, JSONSchema, Representation, ref
from citydip.search.facets import SEARCH_FACETS
from citydip.search.index import KINDS
from citydip.search.views import SEARCH_RESULTS
from initiatives import representations as initiatives
from initiatives.facets import CITY_FACETS, INITIATIVE_FACETS


class Listing(NamedTuple):
    prefix: str  # /articles/
    summary: Representation  # of each result of the listing
    detail: Representation  # of the record's page
    facets: tuple[Facet, ...] = ()
    citation_formats: tuple[str, ...] = ()  # what the record's page answers besides JSON


LISTINGS = [
    Listing("articles", articles.ARTICLE_SUMMARY, articles.ARTICLE, ARTICLE_FACETS, tuple(CITATION_FORMATS)),
    Listing("authors", articles.AUTHOR_SUMMARY, articles.AUTHOR),
    Listing("cities", initiatives.CITY_SUMMARY, initiatives.CITY, CITY_FACETS),
    Listing("networks", initiatives.NETWORK_SUMMARY, initiatives.NETWORK),
    Listing("initiatives", initiatives.INITIATIVE_SUMMARY, initiatives.INITIATIVE, INITIATIVE_FACETS),
    Listing("bodies", initiatives.BODY_SUMMARY, initiatives.BODY),
    Listing("topics", initiatives.TOPIC_SUMMARY, initiatives.TOPIC),
]
SCHEMAS = {
    **{shared.name: shared.schema for shared in (articles.SOURCE, articles.MENTION, NAMED, FACET_VALUE)},
    **{kind.name: kind.schema for listing in LISTINGS for kind in (listing.summary, listing.detail)},
    "SearchResults": SEARCH_RESULTS,
}
BAD_REQUEST = {"description": "An unknown format or a malformed filter value."}


def parameter(name, description, schema=STRING, where="query", required=False):
    return {"name": name, "in": where, "required": required, "description": description, "schema": schema}


def json_content(schema: JSONSchema) -> dict:
    return {"application/json": {"schema": schema}}


def listing_operation(listing: Listing) -> dict:
    prefix, summary = listing.prefix, listing.summary.name
    parameters = [
        parameter("format", "`json` for this description; `csv` for a spreadsheet of every matching record.",
                  {"enum": ["json", "csv"]}, required=True),
        parameter("page", "Page number, from 1.", INTEGER),
        *(parameter(facet.name, f"Only records with this {facet.name}; repeat to narrow further.") for facet in listing.facets),
    ]
    return {
        "summary": f"List {prefix}",
        "operationId": f"list_{prefix}",
        "parameters": parameters,
        "responses": {
            "200": {"description": f"A page of {prefix}.", "content": {**json_content(ref(f"{summary}List")), "text/csv": {}}},
            "400": BAD_REQUEST,
            "404": {"description": "No such page."},
        },
    }


def detail_operation(listing: Listing) -> dict:
    formats = ", ".join(f"`{name}`" for name in listing.citation_formats)
    return {
        "summary": f"One of the {listing.prefix}, with its linked records and sources",
        "operationId": f"get_{listing.prefix}",
        "parameters": [
            parameter("slug", "The record's slug.", required=True, where="path"),
            parameter("format", "`json`" + (f", or {formats} for a citation" if formats else ""),
                      {"enum": ["json", *listing.citation_formats]}, required=True),
        ],
        "responses": {
            "200": {"description": "One record.", "content": json_content(listing.detail.reference())},
            "404": {"description": "No public record has this slug."},
            "400": BAD_REQUEST,
        },
    }


SEARCH_OPERATION = {
    "summary": "Ranked full-text search across every kind of record",
    "operationId": "search",
    "parameters": [
        parameter("q", 'Words; "a phrase", -exclusion and `or` as in web search.', required=True),
        parameter("kind", "Only records of this kind.", {"enum": [kind.key for kind in KINDS]}),
        *(parameter(facet.name, f"Only records with this {facet.name}; repeat to narrow further.") for facet in SEARCH_FACETS),
        parameter("format", "`json`.", {"enum": ["json"]}, required=True),
        parameter("page", "Page number, from 1.", INTEGER),
    ],
    "responses": {
        "200": {"description": "Ranked results with marked snippets.", "content": json_content(ref("SearchResults"))},
        "400": BAD_REQUEST,
    },
}


def openapi_document(base_url: str) -> dict:
    paths = {}
    for listing in LISTINGS:
        paths[f"/{listing.prefix}/"] = {"get": listing_operation(listing)}
        paths[f"/{listing.prefix}/{{slug}}/"] = {"get": detail_operation(listing)}
    paths["/search/"] = {"get": SEARCH_OPERATION}
    lists = {f"{listing.summary.name}List": listing_schema(listing.summary, bool(listing.facets)) for listing in LISTINGS}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "citydip API",
            "version": "1",
            "description": "Read-only JSON of citydip's published records: every listing and detail page answers `?format=json`.",
        },
        "servers": [{"url": base_url}],
        "paths": paths,
        "components": {"schemas": {**SCHEMAS, **lists}},
    }


def openapi_json(request):
    return JsonResponse(openapi_document(request.build_absolute_uri("/").rstrip("/")), json_dumps_params={"indent": 2})


def api_page(request):
    listings = [
        (listing.prefix, listing.summary.name, listing.detail.name, [facet.name for facet in listing.facets])
        for listing in LISTINGS
    ]
    return render(request, "api.html", {"listings": listings})
