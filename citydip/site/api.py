"""The JSON API, described: `/api/` for people and `/api/openapi.json` (OpenAPI 3.1) for programs.

The schemas are the representations' own (each app's `representations.py`), which the views serve, and the
parameters the listings' own facets and orders, with the limits the views enforce; the test suite validates
real responses against them, and sends every request the description allows and some it forbids
(tests/citydip/site/test_openapi_walk.py).
"""

from typing import NamedTuple

from django.http import JsonResponse
from django.shortcuts import render

from articles import representations as articles
from articles.citations import CITATION_FORMATS
from articles.views import ArticleListView, AuthorListView
from citydip.core.facets import ANY, MATCHES, MAX_LENGTH, MAX_VALUES, PAGES, YEARS, Facet
from citydip.core.record_views import FACET_VALUE, FACET_VALUE_LIST, RecordListView, listing_schema
from citydip.core.representations import NAMED, STRING, JSONSchema, Representation, ref, strict_object
from citydip.search.facets import SEARCH_FACETS
from citydip.search.index import KINDS
from citydip.search.views import SEARCH_RESULTS
from initiatives import representations as initiatives
from initiatives.views import BodyListView, CityListView, InitiativeListView, NetworkListView, TopicListView


class Listing(NamedTuple):
    prefix: str  # /articles/
    view: type[RecordListView]  # its filters and orders
    summary: Representation  # of each result of the listing
    detail: Representation  # of the record's page
    example: str  # the slug of a published record, for the description's examples

    @property
    def facets(self) -> tuple[Facet, ...]:
        return self.view.facets

    @property
    def citation_formats(self) -> tuple[str, ...]:  # what the record's page answers besides JSON
        return tuple(CITATION_FORMATS) if self.prefix == "articles" else ()


LISTINGS = [
    Listing("articles", ArticleListView, articles.ARTICLE_SUMMARY, articles.ARTICLE, "cities-are-transforming-us-foreign-policy"),
    Listing("authors", AuthorListView, articles.AUTHOR_SUMMARY, articles.AUTHOR, "nina-hachigian"),
    Listing("cities", CityListView, initiatives.CITY_SUMMARY, initiatives.CITY, "los-angeles"),
    Listing("networks", NetworkListView, initiatives.NETWORK_SUMMARY, initiatives.NETWORK, "c40-cities"),
    Listing("initiatives", InitiativeListView, initiatives.INITIATIVE_SUMMARY, initiatives.INITIATIVE, "urban-20-launch"),
    Listing("bodies", BodyListView, initiatives.BODY_SUMMARY, initiatives.BODY, "united-nations"),
    Listing("topics", TopicListView, initiatives.TOPIC_SUMMARY, initiatives.TOPIC, "climate"),
]
ERROR = strict_object({"error": STRING})
SCHEMAS = {
    **{shared.name: shared.schema for shared in (articles.SOURCE, articles.MENTION, NAMED, FACET_VALUE)},
    **{kind.name: kind.schema for listing in LISTINGS for kind in (listing.summary, listing.detail)},
    "SearchResults": SEARCH_RESULTS,
    "FacetValueList": FACET_VALUE_LIST,
    "Error": ERROR,
}
TEXT = {"schema": {"type": "string"}}
HTML = {"text/html": TEXT}
CONTENT_TYPES = {
    "html": "text/html", "json": "application/json", "csv": "text/csv",
    **{name: content_type.split(";")[0] for name, (_, content_type, _) in CITATION_FORMATS.items()},
}
PAGE = {"type": "integer", "minimum": PAGES[0], "maximum": PAGES[-1], "default": 1}
YEAR = {"type": "integer", "minimum": YEARS[0], "maximum": YEARS[-1]}


def error(description: str) -> dict:
    """A 400, 404 or 503: JSON `{"error"}` to `?format=json`, a page that says why otherwise
    (citydip.core.errors)."""
    return {"description": description, "content": {"application/json": {"schema": ref("Error")}, **HTML}}


REDIRECT = {
    "description": "The address holds a parameter this operation does not read: Location is the same address "
    "without it (for readers who are not signed in, whose pages are cached).",
    "headers": {"Location": {"schema": {"type": "string"}}},
}
UNAVAILABLE = {
    **error("The database cannot answer just now; Retry-After says when to try again."),
    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
}


def parameter(name, description, schema=STRING, where="query", required=False, example=None):
    described = {"name": name, "in": where, "required": required, "description": description, "schema": schema}
    if example is not None:
        described["example"] = example
    return described


def format_parameter(formats) -> dict:
    listed = ", ".join(f"`{name}`" for name in formats)
    return parameter("format", f"What to answer: {listed}; a page (`html`) when absent.", {"enum": list(formats), "default": "html"})


def json_content(schema: JSONSchema) -> dict:
    return {"application/json": {"schema": schema}}


def facet_parameters(facets: tuple[Facet, ...]) -> list[dict]:
    """Every parameter the facets read, with the values they take."""
    described = []
    for facet in facets:
        label = facet.label.lower()
        if facet.numeric:
            value = YEAR
        elif facet.choices:
            value = {"type": "string", "enum": list(facet.choice_labels())}
        else:
            value = {"type": "string", "maxLength": MAX_LENGTH}
        several = (
            f"Repeated, the records with any of the values, or all of them with `{facet.match_parameter}=all`."
            if facet.multiple else "Repeated, the records with any of the values."
        )
        unknown = "" if facet.numeric or facet.choices else f" A {label} no record could have is a 400 that names it."
        described.append(parameter(
            facet.name, f"Only records with this {label}. {several}{unknown}",
            {"type": "array", "items": value, "maxItems": MAX_VALUES}, example=[facet.example],
        ))
        if facet.multiple:
            described.append(parameter(
                facet.match_parameter, f"`any` (the default): records with any of the {label} values asked for; `all`: with all of them.",
                {"type": "string", "enum": list(MATCHES), "default": ANY},
            ))
        if facet.numeric:
            low, high = facet.range_parameters
            described.append(parameter(low, f"Only records of this {label} or later; after `{high}` is a 400.", YEAR, example=2018))
            described.append(parameter(high, f"Only records of this {label} or earlier.", YEAR, example=2020))
    return described


def listing_operation(listing: Listing) -> dict:
    prefix, summary = listing.prefix, listing.summary.name
    sorts = [sort.key for sort in listing.view.sorts]
    orders = "; ".join(f"`{sort.key}`: {sort.label}" for sort in listing.view.sorts)
    parameters = [
        format_parameter(listing.view.formats),
        parameter("page", "Page number, from 1; past the last page is a 404.", PAGE),
        parameter("sort", f"The order: {orders}. The first is the default.", {"type": "string", "enum": sorts, "default": sorts[0]}),
        *facet_parameters(listing.facets),
    ]
    facets = " Every value of a filter, with its count, is at `facets/{facet}/`." if listing.facets else ""
    return {
        "summary": f"List {prefix}",
        "description": f"The {prefix}, a page at a time (`csv`: all of them), as the filters choose.{facets}",
        "operationId": f"list_{prefix}",
        "parameters": parameters,
        "responses": {
            "200": {
                "description": f"A page of {prefix}, or every one of them as CSV.",
                "content": {**HTML, **json_content(ref(f"{summary}List")), "text/csv": TEXT},
            },
            "301": REDIRECT,
            "400": error("An unknown format or order, a malformed or unknown filter value."),
            "404": error("No such page."),
            "503": UNAVAILABLE,
        },
    }


def facet_values_operation(listing: Listing) -> dict:
    prefix = listing.prefix
    return {
        "summary": f"Every value of one filter of the {prefix}",
        "description": "Each value, the most frequent first, with the number of records the listing gives with it "
        "added to the filters, 500 a page.",
        "operationId": f"list_{prefix}_facet_values",
        "parameters": [
            parameter("facet", "The filter.", {"type": "string", "enum": [facet.name for facet in listing.facets]},
                      where="path", required=True, example=listing.facets[0].name),
            format_parameter(("html", "json")),
            parameter("page", "Page number, from 1; past the last page is a 404.", PAGE),
            *facet_parameters(listing.facets),
        ],
        "responses": {
            "200": {"description": "A page of values.", "content": {**HTML, **json_content(ref("FacetValueList"))}},
            "301": REDIRECT,
            "400": error("An unknown format, a malformed or unknown filter value."),
            "404": error("No such filter, or no such page."),
            "503": UNAVAILABLE,
        },
    }


def detail_operation(listing: Listing) -> dict:
    formats = ("html", "json", *listing.citation_formats)
    citations = {CONTENT_TYPES[name]: TEXT for name in listing.citation_formats}
    return {
        "summary": f"One of the {listing.prefix}, with its linked records and sources",
        "operationId": f"get_{listing.prefix}",
        "parameters": [
            parameter("slug", "The record's slug.", where="path", required=True, example=listing.example),
            format_parameter(formats),
        ],
        "responses": {
            "200": {"description": "One record.", "content": {**HTML, **json_content(listing.detail.reference()), **citations}},
            "301": REDIRECT,
            "400": error("An unknown format."),
            "404": error("No public record has this slug."),
            "503": UNAVAILABLE,
        },
    }


SEARCH_OPERATION = {
    "summary": "Ranked full-text search across every kind of record",
    "operationId": "search",
    "parameters": [
        parameter("q", 'Words; "a phrase", -exclusion and `or` as in web search. Only its first '
                  f"{MAX_LENGTH} characters are read.", example="climate"),
        parameter("kind", "Only records of this kind.", {"type": "string", "enum": [kind.key for kind in KINDS]}),
        *facet_parameters(SEARCH_FACETS),
        format_parameter(("html", "json")),
        parameter("page", "Page number, from 1; past the last page is a 404.", PAGE),
    ],
    "responses": {
        "200": {"description": "Ranked results with marked snippets.", "content": {**HTML, **json_content(ref("SearchResults"))}},
        "301": REDIRECT,
        "400": error("An unknown kind or format, or a malformed page number."),
        "404": error("No such page of results."),
        "503": UNAVAILABLE,
    },
}


def openapi_document(base_url: str) -> dict:
    paths = {}
    for listing in LISTINGS:
        paths[f"/{listing.prefix}/"] = {"get": listing_operation(listing)}
        if listing.facets:
            paths[f"/{listing.prefix}/facets/{{facet}}/"] = {"get": facet_values_operation(listing)}
        paths[f"/{listing.prefix}/{{slug}}/"] = {"get": detail_operation(listing)}
    paths["/search/"] = {"get": SEARCH_OPERATION}
    lists = {f"{listing.summary.name}List": listing_schema(listing.summary, bool(listing.facets)) for listing in LISTINGS}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "citydip API",
            "version": "1",
            "description": "Read-only JSON of citydip's published records: every listing and detail page answers "
            "`?format=json`, listings also `?format=csv`, with their filters; every answer to `?format=` other than "
            "`html` allows any origin (CORS). Within one filter, repeated values give the records with any of them "
            "(`?city=los-angeles&city=san-diego`), and `<filter>_match=all` those with all of them; different filters "
            "narrow each other. In a listing's `facets`, `?{param}={value}` added to the query gives exactly `count` "
            "records.",
        },
        "servers": [{"url": base_url}],
        "paths": paths,
        "components": {"schemas": {**SCHEMAS, **lists}},
    }


def openapi_json(request):
    return JsonResponse(openapi_document(request.build_absolute_uri("/").rstrip("/")), json_dumps_params={"indent": 2})


def api_page(request):
    listings = [
        (listing.prefix, listing.summary.name, listing.detail.name, [facet.name for facet in listing.facets],
         [sort.key for sort in listing.view.sorts])
        for listing in LISTINGS
    ]
    return render(request, "api.html", {"listings": listings})
