"""Finding: web-search syntax ("quoted phrase", -exclusion, or) over the index, in one interface with two
engines — PostgreSQL's full-text search (websearch_to_tsquery, ts_rank over a weighted, generated tsvector with a
GIN index, ts_headline) and SQLite's FTS5 (bm25 with the same weights, snippet).

Ranking: a record a query names exactly — by its name or any other name it answers to, compared folded, so that
"L.A." is "LA" — comes first, whether the full-text index matched it or not (Saigon is not in its texts); then
the engine's rank. When nothing matches whole words, the words of three letters or more are retried as
beginnings (a truncated word); shorter ones never are, or "L.A." would find every word that starts with an "a".
When whole words find nothing, "did you mean" corrects each word towards the most alike word of the names the
records answer to (trigrams: pg_trgm on PostgreSQL, an FTS5 trigram table on SQLite, the same similarity
measured here for both); if the original finds nothing at all, the corrected query's results are shown.
"""

import operator
import re
from dataclasses import dataclass, field
from functools import reduce

from django.db import DatabaseError, DataError, OperationalError, ProgrammingError, connection, transaction
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from citydip.core.facets import FacetedListing

from .facets import SEARCH_FACETS
from .index import KIND_BY_KEY, folded
from .models import SearchEntry, SearchName

PAGE_SIZE = 20
MARK_START, MARK_END = "\x02", "\x03"
WORD = re.compile(r"\w+")
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# A word shorter than this is never taken as a beginning ("a" would be every word that starts with an a).
PREFIX_LENGTH = 3
# Words shorter than this are not corrected: too many words are one letter away from a short one.
CORRECTED_LENGTH = 4
# How alike (shared trigrams over all trigrams, as pg_trgm's similarity) a word must be to correct to it.
SIMILAR = 0.4
CANDIDATES = 40


def marked(raw):
    """Escape what the database returned, then turn its match markers into <mark> elements."""
    return mark_safe(escape(raw or "").replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def words(query):
    return WORD.findall(query)[:16]


def plain_words_only(query):
    """A query without phrases, exclusions or alternatives, which the retries may loosen or correct."""
    return not re.search(r'"|(^|\s)-|(^|\s)or(\s|$)', query, re.IGNORECASE)


def trigrams(word: str) -> set[str]:
    padded = f"  {word.casefold()} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity of two words: the trigrams they share over all of theirs."""
    first, second = trigrams(a), trigrams(b)
    return len(first & second) / len(first | second)


class PostgresSearch:
    # ts_rank's normalization 1 divides by the log of the length: a record named in its title outranks a
    # long article that names it in passing.
    WEBSEARCH = "websearch_to_tsquery('english', %s)"
    PREFIX = "to_tsquery('english', %s)"

    def match(self, query, prefix):
        """(tsquery SQL, its parameters), or (None, []) when the query has nothing to match."""
        if prefix:
            terms = words(query)
            tsquery = " & ".join(f"{term}:*" if len(term) >= PREFIX_LENGTH else term for term in terms)
            return (self.PREFIX, [tsquery]) if terms else (None, [])
        return self.WEBSEARCH, [query]

    def matching(self, tsquery, params):
        return RawSQL(f"SELECT id FROM citydip_searchentry WHERE search_vector @@ {tsquery}", params)

    def page(self, tsquery, params, ids, key, query, offset, limit):
        """Rows of (kind, name, url, snippet, another name it answers to exactly) of one page; ts_headline,
        costly, runs only for the page's rows (PostgreSQL evaluates it after the sort and limit)."""
        tsquery, params = (tsquery, params) if tsquery else ("NULL::tsquery", [])
        ids_sql, ids_params = ids
        sql = f"""
            SELECT e.kind, e.name, e.url,
                   ts_headline('english', concat_ws('. ', e.name, NULLIF(e.aliases, ''), NULLIF(e.summary, ''), NULLIF(e.body, '')),
                               coalesce({tsquery}, ''::tsquery),
                               'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=35, MinWords=15, MaxFragments=2'),
                   (SELECT n.name FROM citydip_searchname n WHERE n.entry_id = e.id AND n.key = %s AND n.name <> e.name
                    ORDER BY lower(n.name) = lower(%s) DESC, n.name LIMIT 1)
            FROM citydip_searchentry e
            WHERE e.id IN ({ids_sql})
            ORDER BY EXISTS (SELECT 1 FROM citydip_searchname n WHERE n.entry_id = e.id AND n.key = %s) DESC,
                     coalesce(ts_rank(e.search_vector, {tsquery}, 1), 0) DESC, e.name
            LIMIT %s OFFSET %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, key, query, *ids_params, key, *params, limit, offset])
            return cursor.fetchall()

    def similar_names(self, word):
        """Names with a word like this one, the most alike first (the trigram index answers `<%`)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(SIMILAR)])
            cursor.execute(
                "SELECT name FROM citydip_searchname WHERE %s <%% name ORDER BY word_similarity(%s, name) DESC, name LIMIT %s",
                [word, word, CANDIDATES],
            )
            return [name for (name,) in cursor.fetchall()]


class SqliteSearch:
    def match(self, query, prefix):
        """Translate web-search syntax into an FTS5 expression whose every word is a quoted string."""
        if prefix:
            terms = words(query)
            expression = " AND ".join(f'"{term}"*' if len(term) >= PREFIX_LENGTH else f'"{term}"' for term in terms)
            return (expression, []) if terms else (None, [])
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

    def matching(self, expression, params):
        return RawSQL("SELECT rowid FROM citydip_searchentry_fts WHERE citydip_searchentry_fts MATCH %s", [expression])

    def page(self, expression, params, ids, key, query, offset, limit):
        """As PostgresSearch.page: the page's rows ranked first (bm25 of the matches, materialized once), then
        their snippets, in a second query that asks FTS5 for those rows only."""
        ids_sql, ids_params = ids
        ranked = (
            "SELECT rowid AS id, bm25(citydip_searchentry_fts, 10.0, 10.0, 4.0, 1.0) AS rank "
            "FROM citydip_searchentry_fts WHERE citydip_searchentry_fts MATCH %s"
            if expression else "SELECT NULL AS id, NULL AS rank"
        )
        sql = f"""
            WITH m AS MATERIALIZED ({ranked})
            SELECT e.id, e.kind, e.name, e.url, e.summary,
                   (SELECT n.name FROM citydip_searchname n WHERE n.entry_id = e.id AND n.key = %s AND n.name <> e.name
                    ORDER BY lower(n.name) = lower(%s) DESC, n.name LIMIT 1)
            FROM citydip_searchentry e LEFT JOIN m ON m.id = e.id
            WHERE e.id IN ({ids_sql})
            ORDER BY EXISTS (SELECT 1 FROM citydip_searchname n WHERE n.entry_id = e.id AND n.key = %s) DESC,
                     coalesce(m.rank, 0), e.name
            LIMIT %s OFFSET %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*([expression] if expression else []), key, query, *ids_params, key, limit, offset])
            rows = cursor.fetchall()
        snippets = self.snippets(expression, [row[0] for row in rows]) if expression and rows else {}
        return [
            (kind, name, url, snippets.get(pk) or Truncator(summary).words(30), also)
            for pk, kind, name, url, summary, also in rows
        ]

    def snippets(self, expression, ids):
        sql = f"""
            SELECT rowid, snippet(citydip_searchentry_fts, -1, char(2), char(3), '…', 30) FROM citydip_searchentry_fts
            WHERE citydip_searchentry_fts MATCH %s AND rowid IN ({", ".join(["%s"] * len(ids))})
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, *ids])
            return dict(cursor.fetchall())

    def similar_names(self, word):
        """Names that share trigrams with this word, those sharing the rarest and most first (bm25)."""
        grams = sorted({word.casefold()[i : i + 3] for i in range(len(word) - 2)})
        sql = """
            SELECT n.name FROM citydip_searchname_trigrams t JOIN citydip_searchname n ON n.id = t.rowid
            WHERE citydip_searchname_trigrams MATCH %s ORDER BY t.rank LIMIT %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [" OR ".join(f'"{gram}"' for gram in grams), CANDIDATES])
            return [name for (name,) in cursor.fetchall()]


def engine():
    return PostgresSearch() if connection.vendor == "postgresql" else SqliteSearch()


@dataclass
class Hit:
    kind: object
    name: str
    url: str
    snippet: str


@dataclass
class Results:
    query: str  # the query these are the results of: the one asked, or its correction
    total: int = 0
    counts: dict = field(default_factory=dict)  # kind → number of hits, whatever kind is chosen
    hits: list = field(default_factory=list)
    # citydip.core.facets.FacetedListing.counts; with no hits, each facet with no value
    facets: dict = field(default_factory=lambda: {facet.name: [] for facet in SEARCH_FACETS})
    prefix: bool = False
    suggestion: str | None = None  # "did you mean"


def unreadable_expression(error: DatabaseError) -> bool:
    """An expression the engine cannot read is a search with no hits; any other error is no answer at all."""
    if isinstance(error, (DataError, ProgrammingError)):
        return True
    return connection.vendor == "sqlite" and isinstance(error, OperationalError) and str(error).startswith("fts5:")


def hit(kind, name, url, snippet, also) -> Hit:
    if also:  # named by another of its names, which its texts may not hold: say which
        snippet = f"Also called {MARK_START}{also}{MARK_END}. {snippet or ''}"
    return Hit(KIND_BY_KEY[kind], name, url, marked(snippet))


def attempt(query, prefix, kind, page, listing: FacetedListing) -> Results | None:
    """One pass of the query over the index, with the listing's filters: None when nothing matches."""
    search_engine = engine()
    match, params = search_engine.match(query, prefix)
    key = folded(query) if plain_words_only(query) else ""
    conditions = [
        *([Q(pk__in=SearchName.objects.filter(key=key).values("entry"))] if key else []),
        *([Q(pk__in=search_engine.matching(match, params))] if match is not None else []),
    ]
    if not conditions:
        return None
    try:
        with transaction.atomic():  # a savepoint: a failed query must not spoil the request's transaction
            matched = SearchEntry.objects.filter(reduce(operator.or_, conditions))
            counts = dict(listing.filter(matched).order_by().values_list("kind").annotate(Count("pk")))
            if not counts:
                return None
            # The facets count among the records of the kind asked for: the listing keeps what it filtered last.
            chosen = listing.filter(matched.filter(kind=kind)) if kind else listing.filtered
            facets = listing.counts(chosen)
            ids = chosen.values("pk").query.sql_with_params()
            rows = search_engine.page(match, params, ids, key or None, query, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    except DatabaseError as error:
        if not unreadable_expression(error):
            raise  # the database is down or too slow: a 503 (citydip.core.errors), never "no results"
        return None
    total = counts.get(kind, 0) if kind else sum(counts.values())
    return Results(query, total, counts, [hit(*row) for row in rows], facets, prefix)


def suggestion(query) -> str | None:
    """The query with each word of CORRECTED_LENGTH letters or more that no name holds replaced by the most alike
    word of the names records answer to, or None when no word changes."""
    if not plain_words_only(query):
        return None
    search_engine, corrected, changed = engine(), [], False
    for word in words(query):
        best, score = word, 0.0
        if len(word) >= CORRECTED_LENGTH and not word.isdigit():
            with transaction.atomic():  # a savepoint, as in attempt()
                names = search_engine.similar_names(word)
            for name in names:
                for candidate in WORD.findall(name):
                    if (alike := similarity(word, candidate)) > score:
                        best, score = candidate, alike
        if score >= SIMILAR and folded(best) != folded(word):
            corrected.append(best.lower() if word.islower() else best)
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else None


def search(query: str, kind: str | None, page: int, listing: FacetedListing) -> Results:
    """Ranked hits for one page, the number of hits of each kind, the facets' counts, and "did you mean"."""
    if found := attempt(query, False, kind, page, listing):
        return found
    corrected = suggestion(query)
    if plain_words_only(query) and (found := attempt(query, True, kind, page, listing)):
        found.suggestion = corrected
        return found
    for prefix in (False, True):
        if corrected and (found := attempt(corrected, prefix, kind, page, listing)):
            found.suggestion = corrected
            return found
    return Results(query)
