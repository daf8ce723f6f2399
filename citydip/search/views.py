"""Site search: `/search/?q=` with web-search syntax ("quoted phrase", -exclusion, or), `&kind=`, `&page=`.

One interface, two engines: PostgreSQL's full-text search (websearch_to_tsquery, ts_rank over a weighted,
generated tsvector with a GIN index, ts_headline) and SQLite's FTS5 (bm25 with the same weights, snippet).
When nothing matches, both retry with every word as a prefix, which forgives a truncated or misspelt ending.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import BadRequest
from django.db import DatabaseError, DataError, OperationalError, ProgrammingError, connection, transaction
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views import View

from citydip.core.facets import MAX_LENGTH, page_number
from citydip.core.record_views import FACET_VALUE, page_url
from citydip.core.representations import INTEGER, STRING, URL, Field, Representation, absolute, array, strict_object
from citydip.search.index import KIND_BY_KEY, KINDS

PAGE_SIZE = 20
MARK_START, MARK_END = "\x02", "\x03"
WORD = re.compile(r"\w+")
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass
class Hit:
    kind: object
    name: str
    url: str
    snippet: str


HIT = Representation(
    None,
    (
        Field("kind", STRING, lambda hit, request: hit.kind.key),
        Field("name", STRING),
        Field("url", URL, lambda hit, request: absolute(request, hit.url)),
        Field("snippet", STRING, lambda hit, request: str(hit.snippet)),
    ),
)
# What ?format=json answers (SearchView), for the API description.
SEARCH_RESULTS = strict_object(
    {
        "count": INTEGER, "next": {"type": ["string", "null"]}, "previous": {"type": ["string", "null"]},
        "query": STRING, "kinds": array(FACET_VALUE.reference()), "results": array(HIT.schema),
    }
)


def marked(raw):
    """Escape what the database returned, then turn its match markers into <mark> elements."""
    return mark_safe(escape(raw or "").replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def words(query):
    return WORD.findall(query)[:16]


class PostgresSearch:
    # ts_rank's normalization 1 divides by the log of the length: a record named in its title outranks a
    # long article that names it in passing.
    WEBSEARCH = "websearch_to_tsquery('english', %s)"
    PREFIX = "to_tsquery('english', %s)"

    def match(self, query, prefix):
        if prefix:
            terms = words(query)
            return (self.PREFIX, [" & ".join(f"{term}:*" for term in terms)]) if terms else (None, [])
        return self.WEBSEARCH, [query]

    def results(self, tsquery, params, kind, offset, limit):
        """({kind: number of matches}, one page of rows), from one scan of the matches: the match set is
        materialized narrow (no texts), counted by kind, and only the page's rows are read again for their
        headlines."""
        kind_filter = "WHERE kind = %s" if kind else ""
        sql = f"""
            WITH matches AS MATERIALIZED (
                SELECT id, kind, name, ts_rank(search_vector, {tsquery}, 1) AS rank
                FROM citydip_searchentry
                WHERE search_vector @@ {tsquery}
            ), counts AS (
                SELECT json_object_agg(kind, n) AS by_kind FROM (SELECT kind, count(*) AS n FROM matches GROUP BY kind) AS counted
            ), page AS (
                SELECT id, rank FROM matches {kind_filter} ORDER BY rank DESC, name LIMIT %s OFFSET %s
            )
            SELECT counts.by_kind, e.kind, e.name, e.url,
                   ts_headline('english', concat_ws('. ', e.name, NULLIF(e.aliases, ''), NULLIF(e.summary, ''), NULLIF(e.body, '')),
                               {tsquery},
                               'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=35, MinWords=15, MaxFragments=2')
            FROM counts
            LEFT JOIN page ON true
            LEFT JOIN citydip_searchentry AS e ON e.id = page.id
            ORDER BY page.rank DESC, e.name
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *params, *([kind] if kind else []), limit, offset, *params])
            rows = cursor.fetchall()
        counts = rows[0][0] or {}
        return counts, [row[1:] for row in rows if row[1] is not None]


class SqliteSearch:
    def match(self, query, prefix):
        """Translate web-search syntax into an FTS5 expression whose every word is a quoted string."""
        if prefix:
            terms = words(query)
            return (" AND ".join(f'"{term}"*' for term in terms), []) if terms else (None, [])
        groups, negatives, join_next = [], [], False
        for match in TOKEN.finditer(query):
            negative, phrase, token = match.group(1) == "-", match.group(2), match.group(3)
            if token is not None and token.lower() == "or":
                join_next = bool(groups)
                continue
            if token is not None and token.startswith("-") and len(token) > 1:
                negative, token = True, token[1:]
            terms = words(phrase if phrase is not None else token)
            if not terms:
                continue
            term = '"' + " ".join(terms) + '"'
            if negative:
                negatives.append(term)
            elif join_next:
                groups[-1].append(term)
            else:
                groups.append([term])
            join_next = False
        if not groups:
            return None, []
        expression = " AND ".join("(" + " OR ".join(group) + ")" for group in groups)
        return "".join([expression, *(f" NOT {term}" for term in negatives)]), []

    def counts(self, expression):
        sql = """
            SELECT e.kind, count(*) FROM citydip_searchentry_fts JOIN citydip_searchentry e ON e.id = citydip_searchentry_fts.rowid
            WHERE citydip_searchentry_fts MATCH %s GROUP BY e.kind
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression])
            return dict(cursor.fetchall())

    def page(self, expression, kind, offset, limit):
        kind_filter = "AND e.kind = %s" if kind else ""
        sql = f"""
            SELECT e.kind, e.name, e.url,
                   snippet(citydip_searchentry_fts, -1, char(2), char(3), '…', 30)
            FROM citydip_searchentry_fts JOIN citydip_searchentry e ON e.id = citydip_searchentry_fts.rowid
            WHERE citydip_searchentry_fts MATCH %s {kind_filter}
            ORDER BY bm25(citydip_searchentry_fts, 10.0, 10.0, 4.0, 1.0), e.name
            LIMIT %s OFFSET %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, *([kind] if kind else []), limit, offset])
            return cursor.fetchall()

    def results(self, expression, params, kind, offset, limit):
        counts = self.counts(expression)
        return counts, self.page(expression, kind, offset, limit) if counts else []


def engine():
    return PostgresSearch() if connection.vendor == "postgresql" else SqliteSearch()


@dataclass
class Results:
    total: int
    counts: dict
    hits: list
    prefix: bool


def plain_words_only(query):
    """A query without phrases, exclusions or alternatives, which the prefix retry may loosen."""
    return not re.search(r'"|(^|\s)-|(^|\s)or(\s|$)', query, re.IGNORECASE)


def unreadable_expression(error: DatabaseError) -> bool:
    """An expression the engine cannot read is a search with no hits; any other error is no answer at all."""
    if isinstance(error, (DataError, ProgrammingError)):
        return True
    return connection.vendor == "sqlite" and isinstance(error, OperationalError) and str(error).startswith("fts5:")


def search(query, kind=None, page=1):
    """Ranked hits for one page, the number of hits of each kind, and whether the prefix retry was used."""
    search_engine = engine()
    for prefix in (False, True) if plain_words_only(query) else (False,):
        match, params = search_engine.match(query, prefix)
        if match is None:
            continue
        try:
            with transaction.atomic():  # a savepoint: a failed query must not spoil the request's transaction
                counts, rows = search_engine.results(match, params, kind, (page - 1) * PAGE_SIZE, PAGE_SIZE)
        except DatabaseError as error:
            if not unreadable_expression(error):
                raise  # the database is down or too slow: a 503 (citydip.core.errors), never "no results"
            continue
        if counts:
            total = counts.get(kind, 0) if kind else sum(counts.values())
            hits = [Hit(KIND_BY_KEY[k], name, url, marked(snippet)) for k, name, url, snippet in rows]
            return Results(total, counts, hits, prefix)
    return Results(0, {}, [], False)


class SearchView(View):
    query_parameters = frozenset({"q", "kind", "page", "format"})
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
        results = search(query, kind, page) if query else Results(0, {}, [], False)
        pages = max(1, -(-results.total // PAGE_SIZE))
        if page > pages:
            raise Http404("There is no such page of results.")
        links = {
            "next": page_url(request, page + 1) if page < pages else None,
            "previous": page_url(request, page - 1) if page > 1 else None,
        }
        if output == "json":
            return JsonResponse(
                {
                    "count": results.total,
                    **links,
                    "query": query,
                    "kinds": [{"value": k.key, "label": k.label, "count": results.counts.get(k.key, 0), "param": "kind"} for k in KINDS],
                    "results": [HIT.json(hit, request) for hit in results.hits],
                },
                json_dumps_params={"ensure_ascii": False},
            )
        context = {
            "query": query,
            "truncated": len(raw_query) > MAX_LENGTH,
            "results": results,
            "kinds": [(k, results.counts.get(k.key, 0)) for k in KINDS],
            "kind": kind,
            "page": page,
            "pages": pages,
            "max_length": MAX_LENGTH,
            **{f"{name}_url": url for name, url in links.items()},
        }
        return render(request, "search.html", context)
