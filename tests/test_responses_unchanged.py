"""Every public response, byte for byte: the safety net of a refactor whose rule is "behaviour does not change".

On the curated records the suite loads, an anonymous reader asks for each URL of `URLS`: the home page, every
listing in HTML, JSON and CSV (some filtered by facets), detail pages of each kind of record in HTML and JSON,
the citations of articles, /data/ and each of its files, the API's description, search, the map, graph and
timeline, the feeds, robots.txt and the sitemaps. The status, content type and body of each answer must be
exactly those recorded in tests/responses/: one file per request, holding its body, and index.json, giving
each URL's status, content type and file.

What the responses depend on is made the same in every run rather than normalised away (fixture `pinned`):
the articles' created/updated times, which the seed sets to the time it ran, are set to fixed instants; the site's
address, which the dataset files name, is set; on PostgreSQL the tables are analysed first (see `pinned`). The
only normalisation is today's date (`normalise`).

Some answers differ between SQLite and PostgreSQL because of the code as it is, not because of this test: they are
recorded once per database (`VENDOR_DEPENDENT` says which and why). Everything else must be the same bytes on
both. (Both sort text by code point here: SQLite always, PostgreSQL with the C.UTF-8 collation of our databases.
On a database made with another collation, listings sorted by name would fail this test. That is a change
of behaviour too.)

Re-recording is allowed only when a change of behaviour is intended, and only after reading the diff this test
printed. A refactor must never need it:

    RECORD_RESPONSES=1 .venv/bin/python -m pytest -q -p no:randomly tests/test_responses_unchanged.py
    RECORD_RESPONSES=1 DATABASE_URL=postgres://… .venv/bin/python -m pytest -q -p no:randomly tests/test_responses_unchanged.py

Record on both databases: each run records the shared answers and its own database's vendor-dependent ones.
Then run the test normally on both, review `git diff tests/responses/`, and commit it with the change that caused
it. To cover one more URL, add it to `URLS` and record it.
"""

import contextlib
import difflib
import json
import os
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import connection
from django.test import Client

from articles.models import Article

RESPONSES = Path(__file__).parent / "responses"
INDEX = RESPONSES / "index.json"
RECORDING = os.environ.get("RECORD_RESPONSES") == "1"

LISTINGS = ["articles", "authors", "cities", "networks", "bodies", "initiatives", "topics"]
DETAILS = {
    "articles": ["can-cities-fix-a-post-pandemic-world-order", "cities-are-transforming-us-foreign-policy"],
    "authors": ["nina-hachigian", "eric-garcetti"],
    "cities": ["los-angeles", "seoul"],
    "networks": ["c40-cities", "climate-mayors"],
    "bodies": ["united-nations", "paris-agreement"],
    "initiatives": ["c40-virtual-assembly-of-mayors-2020", "la-2028-olympic-and-paralympic-games"],
    "topics": ["climate", "migration"],
}
CITATION_FORMATS = ["bibtex", "ris", "csl"]  # articles.citations.CITATION_FORMATS: only articles have them
DATASETS = ["articles", "initiatives", "cities", "networks", "bodies", "authors", "topics"]  # citydip.data.datasets

URLS = [
    "/",
    *(f"/{kind}/{query}" for kind in LISTINGS for query in ("", "?format=json", "?format=csv")),
    # Facet-filtered listings, and a second page.
    "/articles/?topic=climate",
    "/articles/?topic=climate&format=json",
    "/articles/?author=nina-hachigian&format=csv",
    "/cities/?region=europe",
    "/cities/?region=europe&format=json",
    "/cities/?network=c40-cities&format=csv",
    "/initiatives/?topic=climate&format=json",
    "/initiatives/?city=los-angeles",
    "/initiatives/?city=los-angeles&kind=event&format=json",
    "/initiatives/?year=2020&format=csv",
    "/initiatives/?page=2",
    "/initiatives/?page=2&format=json",
    *(f"/{kind}/{slug}/{query}" for kind, slugs in DETAILS.items() for slug in slugs for query in ("", "?format=json")),
    *(f"/articles/{slug}/?format={format}" for slug in DETAILS["articles"] for format in CITATION_FORMATS),
    # Refusals: a record has no citation format; no such record; no page 0 (said in JSON); no page 99.
    "/cities/los-angeles/?format=bibtex",
    "/cities/no-such-city/",
    "/cities/?format=json&page=0",
    "/cities/?page=99",
    "/data/",
    *(f"/data/{name}.{export}" for name in DATASETS for export in ("json", "csv")),
    "/api/",
    "/api/openapi.json",
    "/search/",
    "/search/?q=climate",
    "/search/?q=climate&format=json",
    "/search/?q=climate&kind=city&format=json",
    "/map/",
    "/map/?region=europe",
    "/graph/",
    "/graph/?network=c40-cities",
    "/graph/?topic=climate",
    "/initiatives/timeline/",
    "/initiatives/timeline/?topic=climate",
    "/feeds/articles/",
    "/feeds/topics/climate/",
    "/robots.txt",
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/sitemap-articles.xml",
    "/sitemap-cities.xml",
    "/healthz/",
    "/favicon.ico",
]

# Answers that SQLite and PostgreSQL give differently, from the same data, because of the code as it is:
# recorded once per vendor, each compared with its own.
VENDOR_DEPENDENT = {
    # Full-text search: FTS5's bm25 and snippet() against PostgreSQL's ts_rank and ts_headline (citydip.search).
    **dict.fromkeys(
        ["/search/?q=climate", "/search/?q=climate&format=json", "/search/?q=climate&kind=city&format=json"],
        "full-text engine",
    ),
    # The topics of each article and initiative, as `record.topics.all()` gives them from a prefetch: taggit's
    # prefetch query is a SELECT DISTINCT without ORDER BY (Topic's Meta.ordering is dropped), so each database
    # returns them in the order of its plan.
    **dict.fromkeys(
        [
            "/articles/?format=json", "/articles/?format=csv", "/articles/?topic=climate&format=json",
            "/articles/?author=nina-hachigian&format=csv", "/authors/nina-hachigian/?format=json",
            "/initiatives/?format=json", "/initiatives/?format=csv", "/initiatives/?topic=climate&format=json",
            "/initiatives/?city=los-angeles&kind=event&format=json", "/initiatives/?year=2020&format=csv",
            "/initiatives/?page=2&format=json", "/data/articles.json", "/data/articles.csv",
            "/data/initiatives.json", "/data/initiatives.csv", "/feeds/articles/", "/feeds/topics/climate/",
        ],
        "topics in no stated order",
    ),
    # Initiatives ordered by year, as order_by("year", …) / order_by("-year", …) or a city's
    # order_by("initiative__year", …). Initiatives without a year come first on SQLite and last on PostgreSQL.
    **dict.fromkeys(
        [
            f"/{kind}/{slug}/{query}"
            for kind, slug in [("bodies", "paris-agreement"), ("bodies", "united-nations"), ("cities", "los-angeles"),
                               ("networks", "c40-cities"), ("topics", "climate"), ("topics", "migration")]
            for query in ("", "?format=json")
        ],
        "NULL years sort first on SQLite, last on PostgreSQL",
    ),
}
assert set(VENDOR_DEPENDENT) <= set(URLS)

# The articles' created_at and updated_at are the time the seed ran, and feeds, sitemaps and JSON-LD show them:
# they are set to these instants, an hour apart in the order of the articles' slugs, before the requests.
PINNED_CREATED = datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
PINNED_UPDATED = datetime(2024, 6, 7, 8, 9, 10, 111213, tzinfo=UTC)

EXTENSIONS = {
    "json": ".json", "csv": ".csv", "html": ".html", "xml": ".xml", "text/plain": ".txt", "bibtex": ".bib",
    "research-info": ".ris",
}


def file_name(url: str, vendor: str | None, content_type: str) -> str:
    """`/cities/los-angeles/?format=json` → `cities__los-angeles__format-json.json`. The name is the URL and, if
    the answer is vendor-dependent, the vendor. The extension is the type of the answer; the index keeps each
    file's name."""
    parts = urlsplit(url)
    name = "__".join([parts.path.strip("/").replace("/", "__") or "home", *(f"{k}-{v}" for k, v in parse_qsl(parts.query))])
    name = re.sub(r"[^A-Za-z0-9._-]", "_", name) + (f".{vendor}" if vendor else "")
    extension = next((ext for word, ext in EXTENSIONS.items() if word in content_type), ".body")
    return name if name.endswith(extension) else name + extension


def normalise(body: bytes, days: set[date]) -> bytes:
    """Replace today's date, which differs between runs of the same code on the same data. /data/ gives it
    ("Dataset snapshot of 28 November 2026"), and so do the dataset JSON files ("snapshot": "2026-11-28").
    `days` holds the date when the run began and when it ended, for a run that crosses midnight."""
    for day in days:
        for written in (day.isoformat(), f"{day.day} {day:%B %Y}"):
            body = body.replace(written.encode(), b"<today>")
    return body


def readable(body: bytes, content_type: str) -> list[str]:
    """The body as lines for the diff. JSON, mostly one line, is indented; other text is kept as it is."""
    text = body.decode("utf-8", errors="replace")
    if "json" in content_type:
        with contextlib.suppress(ValueError):  # not JSON after all: compared as text
            text = json.dumps(json.loads(text), indent=1, ensure_ascii=False)
    return text.splitlines()


def difference(url: str, recorded: dict, answered: dict, recorded_body: bytes, body: bytes) -> str:
    """What changed in a response: status, content type, and the first lines of a diff of the body. Long lines
    are cut to the part where the first change is."""
    lines = [f"{url}  ({recorded['file']})"]
    for key in ("status", "content_type"):
        if recorded[key] != answered[key]:
            lines.append(f"  {key} was {recorded[key]!r}, is {answered[key]!r}")
    if recorded_body != body:
        offset = next((i for i, (a, b) in enumerate(zip(recorded_body, body)) if a != b), min(len(recorded_body), len(body)))
        lines.append(f"  body differs from byte {offset} ({len(recorded_body)} bytes recorded, {len(body)} now):")
        diff = list(difflib.unified_diff(
            readable(recorded_body, recorded["content_type"]), readable(body, answered["content_type"]),
            "recorded", "now", n=2, lineterm="",
        ))[2:26]
        removed = next((line[1:] for line in diff if line.startswith("-")), "")
        added = next((line[1:] for line in diff if line.startswith("+")), "")
        column = next((i for i, (a, b) in enumerate(zip(removed, added)) if a != b), min(len(removed), len(added)))
        start = max(0, column - 60)
        for line in diff:
            cut = line if line.startswith("@@") or not start else f"{line[:1]}…{line[1 + start:]}"
            lines.append(f"    {cut[:170]}")
    return "\n".join(lines)


@pytest.fixture
def pinned(db, settings, tmp_path):
    """The data and settings the responses depend on, made the same in every run. The changes are rolled back with
    the test's transaction."""
    settings.SITE_URL = "http://127.0.0.1:8000"  # the address the dataset files name, whatever CITYDIP_SITE_URL says
    settings.DATASETS_DIR = tmp_path  # so that no copy of a dataset file left by another test is served here
    for hours, slug in enumerate(Article.objects.order_by("slug").values_list("slug", flat=True)):
        Article.objects.filter(slug=slug).update(
            created_at=PINNED_CREATED + timedelta(hours=hours), updated_at=PINNED_UPDATED + timedelta(hours=hours)
        )
    if connection.vendor == "postgresql":
        # The order of rows that a query does not sort (VENDOR_DEPENDENT: topics) follows PostgreSQL's plan. The
        # plan depends on whether autovacuum has analysed the freshly seeded tables yet; the order was seen to
        # change with it. Analysing them here makes every run plan with the same statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def test_public_responses_are_unchanged(pinned):
    vendor = connection.vendor
    recorded = {(entry["url"], entry["vendor"]): entry for entry in json.loads(INDEX.read_text())} if INDEX.exists() else {}
    days = {date.today()}
    reader = Client()
    answers = {}
    for url in URLS:
        response = reader.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        key = (url, vendor if url in VENDOR_DEPENDENT else None)
        content_type = response.get("Content-Type", "")
        answers[key] = (
            {"url": url, "vendor": key[1], "status": response.status_code, "content_type": content_type,
             "file": file_name(*key, content_type)},
            body,
        )
    days.add(date.today())
    answers = {key: (entry, normalise(body, days)) for key, (entry, body) in answers.items()}

    if RECORDING:
        kept = [entry for (url, other), entry in recorded.items() if url in VENDOR_DEPENDENT and other not in (None, vendor)]
        entries = sorted([*kept, *(entry for entry, _ in answers.values())], key=lambda e: (URLS.index(e["url"]), e["vendor"] or ""))
        assert len({entry["file"] for entry in entries}) == len(entries), "two requests, one file name"
        RESPONSES.mkdir(exist_ok=True)
        for entry, body in answers.values():
            (RESPONSES / entry["file"]).write_bytes(body)
        INDEX.write_text(json.dumps(entries, indent=1, ensure_ascii=False) + "\n")
        for path in RESPONSES.iterdir():
            if path != INDEX and path.name not in {entry["file"] for entry in entries}:
                path.unlink()  # the answer to a request no longer made
        return

    failures, missing = [], []
    for key, (answered, body) in answers.items():
        entry = recorded.get(key)
        if entry is None:
            missing.append(key[0] + (f" (on {key[1]})" if key[1] else ""))
            continue
        recorded_body = (RESPONSES / entry["file"]).read_bytes()
        if (entry["status"], entry["content_type"], recorded_body) != (answered["status"], answered["content_type"], body):
            failures.append(difference(key[0], entry, answered, recorded_body, body))
    stale = sorted(url for url, other in recorded if url not in URLS or (other is None) == (url in VENDOR_DEPENDENT))
    message = []
    if failures:
        message += [f"{len(failures)} of {len(URLS)} responses differ from those recorded in tests/responses/:", *failures]
    if missing:
        message.append(f"Not recorded (RECORD_RESPONSES=1, see the module's docstring): {', '.join(missing)}")
    if stale:
        message.append(f"Recorded, but not requested so (re-record): {', '.join(stale)}")
    assert not message, "\n".join(message)
