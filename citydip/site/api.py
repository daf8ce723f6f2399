"""The JSON API, described: `/api/` for people and `/api/openapi.json` (OpenAPI 3.1) for programs.

The schemas are strict (no undocumented keys), and the test suite validates real responses against
them, so the description and the served JSON cannot drift apart.
"""

from django.http import JsonResponse
from django.shortcuts import render

STRING = {"type": "string"}
URL = {"type": "string", "format": "uri"}
INTEGER = {"type": "integer"}
YEAR = {"type": ["integer", "null"]}
DATE = {"type": "string", "format": "date"}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
NUMBER_OR_NULL = {"type": ["number", "null"]}
STRINGS = {"type": "array", "items": STRING}
STATUS = {"enum": ["proposed", "under way", "done", "unknown"], "description": "Proposed: suggested, not done."}
SCOPE = {"enum": ["international", "domestic"], "description": "Domestic: a measure at home, cited as context."}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def array(item):
    return {"type": "array", "items": item}


def record(properties, description=""):
    schema = {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


def extend(base, **properties):
    return record({**base["properties"], **properties})


def with_inference(schema):
    """The schema of a claim that carries `inference` (the editor's note) when its quotes support it only so."""
    inference = {"type": "string", "description": "How the quotes support the claim, where they do not name it."}
    return {**schema, "properties": {**schema["properties"], "inference": inference}}


NAMED = record({"name": STRING, "slug": STRING, "url": URL})
SOURCE = record(
    {"article": STRING, "article_title": STRING, "paragraph": INTEGER, "quote": STRING, "url": URL},
    "A verbatim quote of paragraph `paragraph` of the article with slug `article`; `url` points at the paragraph.",
)
MENTION = record({"article": STRING, "article_title": STRING, "paragraph": INTEGER, "url": URL})
RELATION = {"role": STRING, "year": YEAR, "start_year": YEAR, "end_year": YEAR, "sources": array(ref("Source"))}
INITIATIVE_LINK = extend(NAMED, kind=STRING, year=YEAR)
ARTICLE_SUMMARY = record(
    {
        "title": STRING, "subtitle": STRING, "slug": STRING, "url": URL, "authors": STRINGS, "publication": STRING,
        "date_published": DATE, "summary": STRING, "topics": STRINGS,
    }
)

SCHEMAS = {
    "Source": SOURCE,
    "Mention": MENTION,
    "Named": NAMED,
    "FacetValue": record(
        {"value": {"type": ["string", "integer"]}, "label": STRING, "count": INTEGER, "param": STRING},
        "`?{param}={value}` added to the listing's query yields exactly `count` results.",
    ),
    "ArticleSummary": ARTICLE_SUMMARY,
    "Article": record(
        {
            **ARTICLE_SUMMARY["properties"],
            "authors": array(record({"name": STRING, "url": URL, "role": STRING})),
            "topics": array(record({"name": STRING, "url": URL})),
            "date_precision": {"enum": ["day", "month", "year"]},
            "reposted_in": STRING, "reposted_on": NULLABLE_DATE, "note": STRING,
            "status": {"enum": ["draft", "published"]},
            "paragraphs": array(record(
                {"number": INTEGER, "anchor": STRING, "kind": {"enum": ["paragraph", "heading"]}, "text": STRING, "url": URL}
            )),
            "sources": array(extend(SOURCE, record=STRING, record_url=URL)),
        }
    ),
    "AuthorSummary": extend(NAMED, role=STRING, article_count=INTEGER),
    "Author": extend(NAMED, role=STRING, bio=STRING, articles=array(ref("ArticleSummary")), sources=array(ref("Source"))),
    "CitySummary": extend(
        NAMED, country=STRING, region=STRING, latitude=NUMBER_OR_NULL, longitude=NUMBER_OR_NULL,
        network_count=INTEGER, initiative_count=INTEGER,
    ),
    "City": extend(
        NAMED, country=STRING, region=STRING, latitude=NUMBER_OR_NULL, longitude=NUMBER_OR_NULL, aliases=STRINGS,
        wikidata={"type": ["string", "null"]}, wikidata_url={"type": ["string", "null"], "format": "uri"},
        networks=array(with_inference(extend(NAMED, **RELATION))),
        initiatives=array(with_inference(extend(NAMED, role=STRING, year=YEAR, sources=array(ref("Source"))))),
        mentioned_in=array(ref("Mention")), sources=array(ref("Source")),
    ),
    "NetworkSummary": extend(
        NAMED, acronym=STRING, focus=STRING, founded=YEAR, member_count=INTEGER, initiative_count=INTEGER
    ),
    "Network": extend(
        NAMED, acronym=STRING, aliases=STRINGS, focus=STRING, founded=YEAR, description=STRING,
        wikidata={"type": ["string", "null"]}, wikidata_url={"type": ["string", "null"], "format": "uri"},
        cities=array(with_inference(extend(NAMED, **RELATION))), initiatives=array(INITIATIVE_LINK),
        mentioned_in=array(ref("Mention")), sources=array(ref("Source")),
    ),
    "InitiativeSummary": extend(
        NAMED, kind=STRING, status=STATUS, scope=SCOPE, year=YEAR, date=NULLABLE_DATE, summary=STRING,
        cities=STRINGS, networks=STRINGS, topics=STRINGS,
    ),
    "Initiative": with_inference(extend(
        NAMED, kind=STRING, status=STATUS, scope=SCOPE, year=YEAR, date=NULLABLE_DATE, summary=STRING, aliases=STRINGS,
        cities=array(with_inference(extend(NAMED, role=STRING, sources=array(ref("Source"))))),
        networks=array(ref("Named")), bodies=array(ref("Named")), topics=array(ref("Named")),
        mentioned_in=array(ref("Mention")), sources=array(ref("Source")),
    )),
    "BodySummary": extend(NAMED, acronym=STRING, kind=STRING, initiative_count=INTEGER),
    "Body": extend(
        NAMED, acronym=STRING, aliases=STRINGS, kind=STRING, description=STRING,
        wikidata={"type": ["string", "null"]}, wikidata_url={"type": ["string", "null"], "format": "uri"},
        initiatives=array(INITIATIVE_LINK), mentioned_in=array(ref("Mention")), sources=array(ref("Source")),
    ),
    "TopicSummary": extend(NAMED, description=STRING, article_count=INTEGER, initiative_count=INTEGER),
    "Topic": extend(
        NAMED, description=STRING, articles=array(record({"title": STRING, "slug": STRING, "url": URL})),
        initiatives=array(INITIATIVE_LINK), sources=array(ref("Source")),
    ),
    "SearchResults": record(
        {
            "count": INTEGER, "next": {"type": ["string", "null"]}, "previous": {"type": ["string", "null"]},
            "query": STRING, "kinds": array(ref("FacetValue")),
            "results": array(record({"kind": STRING, "name": STRING, "url": URL, "snippet": STRING})),
        }
    ),
}

# path prefix, summary schema, detail schema, facet parameters
LISTINGS = [
    ("articles", "ArticleSummary", "Article", ["topic", "author", "year", "publication"]),
    ("authors", "AuthorSummary", "Author", []),
    ("cities", "CitySummary", "City", ["region", "country", "network"]),
    ("networks", "NetworkSummary", "Network", []),
    ("initiatives", "InitiativeSummary", "Initiative", ["topic", "city", "network", "body", "year", "kind"]),
    ("bodies", "BodySummary", "Body", []),
    ("topics", "TopicSummary", "Topic", []),
]


def listing_schema(summary, faceted):
    properties = {
        "count": INTEGER,
        "next": {"type": ["string", "null"], "format": "uri"},
        "previous": {"type": ["string", "null"], "format": "uri"},
        "results": array(ref(summary)),
    }
    schema = record(properties)
    if faceted:
        schema["properties"]["facets"] = {"type": "object", "additionalProperties": array(ref("FacetValue"))}
        schema["required"].append("facets")
    return schema


def parameter(name, description, schema=STRING, where="query", required=False):
    return {"name": name, "in": where, "required": required, "description": description, "schema": schema}


def json_content(schema):
    return {"application/json": {"schema": schema}}


def openapi_document(base_url):
    schemas = dict(SCHEMAS)
    paths = {}
    not_found = {"description": "No public record has this slug."}
    bad = {"description": "An unknown format or a malformed filter value."}
    for prefix, summary, detail, facets in LISTINGS:
        schemas[f"{summary}List"] = listing_schema(summary, bool(facets))
        parameters = [
            parameter("format", "`json` for this description; `csv` for a spreadsheet of every matching record.",
                      {"enum": ["json", "csv"]}, required=True),
            parameter("page", "Page number, from 1.", INTEGER),
            *(parameter(name, f"Only records with this {name}; repeat to narrow further.") for name in facets),
        ]
        paths[f"/{prefix}/"] = {
            "get": {
                "summary": f"List {prefix}",
                "operationId": f"list_{prefix}",
                "parameters": parameters,
                "responses": {
                    "200": {"description": f"A page of {prefix}.", "content": {**json_content(ref(f"{summary}List")), "text/csv": {}}},
                    "400": bad,
                    "404": {"description": "No such page."},
                },
            }
        }
        paths[f"/{prefix}/{{slug}}/"] = {
            "get": {
                "summary": f"One of the {prefix}, with its linked records and sources",
                "operationId": f"get_{prefix}",
                "parameters": [
                    parameter("slug", "The record's slug.", required=True, where="path"),
                    parameter("format", "`json`" + (", or `bibtex`, `ris`, `csl` for a citation" if prefix == "articles" else ""),
                              {"enum": ["json", "bibtex", "ris", "csl"] if prefix == "articles" else ["json"]}, required=True),
                ],
                "responses": {"200": {"description": "One record.", "content": json_content(ref(detail))}, "404": not_found, "400": bad},
            }
        }
    paths["/search/"] = {
        "get": {
            "summary": "Ranked full-text search across every kind of record",
            "operationId": "search",
            "parameters": [
                parameter("q", 'Words; "a phrase", -exclusion and `or` as in web search.', required=True),
                parameter("kind", "Only records of this kind.", {"enum": ["article", "initiative", "city", "network", "body", "author", "topic"]}),
                parameter("format", "`json`.", {"enum": ["json"]}, required=True),
                parameter("page", "Page number, from 1.", INTEGER),
            ],
            "responses": {"200": {"description": "Ranked results with marked snippets.", "content": json_content(ref("SearchResults"))}, "400": bad},
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "citydip API",
            "version": "1",
            "description": "Read-only JSON of citydip's published records: every listing and detail page answers `?format=json`.",
        },
        "servers": [{"url": base_url}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


def openapi_json(request):
    return JsonResponse(openapi_document(request.build_absolute_uri("/").rstrip("/")), json_dumps_params={"indent": 2})


def api_page(request):
    return render(request, "api.html", {"listings": LISTINGS, "schemas": SCHEMAS})
