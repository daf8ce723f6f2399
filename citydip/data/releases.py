"""Numbered releases of the public data: each a frozen data package with its counts, a changelog against the release
before, and its citation in BibTeX, RIS, CSL-JSON and CITATION.cff (`python manage.py release`).

A release's files are stored in the database, which every app server shares, and each server serves them from a
copy of its own written once: they never change. Rebuilding a release on demand would need the data as it was,
which the database no longer holds after the next edit; and a copy on one server's disk would be missing on the
others.

The changelog compares the tables of the two packages row by row, by primary key (slugs): a row whose key is new
was added, one whose key went was removed, one whose values differ (its page address aside) was changed.
"""

import csv
import io
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Subquery
from django.http import FileResponse, Http404
from django.utils import timezone

from articles.citations import bibtex_escape, bibtex_url
from citydip.data import package
from citydip.data.models import Release, ReleasedRecord, ReleaseFile
from citydip.data.tables import BY_NAME, RECORD_TABLES, TABLES, Table

TITLE = "citydip: a curated knowledge base of city diplomacy"
AUTHOR = "The citydip editors"
CHANGELOG = "changelog.csv"
KEYS_SHOWN = 50  # of each kind of change per table on the release's page; the changelog file has them all
IGNORED_COLUMNS = {"url"}  # the site's address, which may move without the record changing
CITATIONS = {
    "citation.bib": "application/x-bibtex; charset=utf-8",
    "citation.ris": "application/x-research-info-systems; charset=utf-8",
    "citation.json": "application/vnd.citationstyles.csl+json; charset=utf-8",
    "CITATION.cff": "application/x-yaml; charset=utf-8",
}
CONTENT_TYPES = {
    package.DESCRIPTOR: "application/json",
    package.ZIP: "application/zip",
    package.SQLITE: "application/vnd.sqlite3",
    CHANGELOG: "text/csv; charset=utf-8",
    **CITATIONS,
}


class ReleaseRefused(Exception):
    """Said to whoever asked for the release; nothing was written."""


def make_release() -> Release:
    """Freeze the public data as the next numbered release."""
    previous = Release.objects.order_by("-number").first()
    number = previous.number + 1 if previous else 1
    created = timezone.now()
    built = package.build(str(number), created)
    changes = changelog(previous_tables(previous) if previous else {}, built)
    with transaction.atomic():
        if Release.objects.filter(number=number).exists():
            raise ReleaseRefused(f"Release {number} was made meanwhile by another process; nothing was changed.")
        release = Release.objects.create(
            number=number, created_at=created, content_version=built.content_version, counts=built.counts,
            changes=summary(changes),
        )
        files = {**built.files, CHANGELOG: changelog_csv(changes), **citations(release)}
        ReleaseFile.objects.bulk_create(
            (ReleaseFile(release=release, path=path, content=content) for path, content in files.items()), batch_size=20
        )
        remember_records(number, built)
    return release


# The changelog --------------------------------------------------------------------------------------------------


def rows_by_key(table: Table, content: bytes) -> dict[tuple, dict]:
    rows = csv.DictReader(io.StringIO(content.decode("utf-8")))
    return {tuple(row[name] for name in table.primary_key): row for row in rows}


def previous_tables(release: Release) -> dict[str, bytes]:
    paths = [package.table_path(table) for table in TABLES]
    return dict(release.files.filter(path__in=paths).values_list("path", "content"))


def changelog(before: dict[str, bytes], built: package.Package) -> dict[str, dict[str, list]]:
    """Per table: the keys of the rows added, changed and removed since the package whose tables are `before`."""
    changes = {}
    for table in TABLES:
        path = package.table_path(table)
        old = rows_by_key(table, bytes(before.get(path, b""))) if path in before else {}
        new = rows_by_key(table, built.files[path])
        changed = []
        for key in old.keys() & new.keys():
            compared = (set(old[key]) & set(new[key])) - IGNORED_COLUMNS
            if any(old[key][name] != new[key][name] for name in compared):
                changed.append(key)
        changes[table.name] = {
            "added": sorted(new.keys() - old.keys()), "changed": sorted(changed), "removed": sorted(old.keys() - new.keys()),
        }
    return changes


def summary(changes: dict[str, dict[str, list]]) -> dict:
    """What the release's page shows: the counts, and the first keys of each kind of change."""
    return {
        table: {kind: {"count": len(keys), "keys": [list(key) for key in keys[:KEYS_SHOWN]]} for kind, keys in kinds.items()}
        for table, kinds in changes.items()
    }


def changelog_csv(changes: dict[str, dict[str, list]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["table", "change", "key"])
    for table, kinds in changes.items():
        for kind, keys in kinds.items():
            writer.writerows((table, kind, " / ".join(key)) for key in keys)
    return text.getvalue().encode()


def remember_records(number: int, built: package.Package) -> None:
    """Each record with a page of its own in this release: its last release is this one."""
    for name in RECORD_TABLES:
        slugs = rows_by_key(BY_NAME[name], built.files[package.table_path(BY_NAME[name])])
        ReleasedRecord.objects.bulk_create(
            (ReleasedRecord(table=name, slug=key[0], release=number) for key in slugs),
            batch_size=2000, update_conflicts=True, unique_fields=["table", "slug"], update_fields=["release"],
        )


def last_release(record) -> tuple[int, int] | None:
    """(the last release the record was in, or 0; the latest release), or None when there is none: one query."""
    table = next((name for name, model in RECORD_TABLES.items() if isinstance(record, model)), None)
    if table is None:
        return None
    mine = ReleasedRecord.objects.filter(table=table, slug=record.slug).values("release")[:1]
    latest = Release.objects.order_by("-number").annotate(mine=Subquery(mine)).values_list("number", "mine").first()
    return (latest[1] or 0, latest[0]) if latest else None


# Citations ------------------------------------------------------------------------------------------------------


def release_url(release: Release) -> str:
    return settings.SITE_URL + release.get_absolute_url()


def citations(release: Release) -> dict[str, bytes]:
    return {
        "citation.bib": bibtex(release).encode(),
        "citation.ris": ris(release).encode(),
        "citation.json": json.dumps([csl(release)], ensure_ascii=False, indent=2).encode(),
        "CITATION.cff": cff(release).encode(),
    }


def bibtex(release: Release) -> str:
    day = release.created_at.date()
    fields = [
        ("author", "{{" + bibtex_escape(AUTHOR) + "}}"),
        ("title", "{{" + bibtex_escape(f"{TITLE}, release {release.number}") + "}}"),
        ("year", "{" + str(day.year) + "}"),
        ("version", "{" + str(release.number) + "}"),
        ("howpublished", "{Data package}"),
        ("url", "{" + bibtex_url(release_url(release)) + "}"),
        ("urldate", "{" + day.isoformat() + "}"),
        ("note", "{Records and summaries CC BY 4.0; article texts (c) their publishers, quoted for research}"),
    ]
    body = "".join(f"  {name} = {value},\n" for name, value in fields)
    return f"@misc{{citydip_release_{release.number},\n{body}}}\n"


def ris(release: Release) -> str:
    day = release.created_at.date()
    lines = [
        ("TY", "DATA"), ("AU", AUTHOR), ("TI", f"{TITLE}, release {release.number}"), ("PY", f"{day.year:04d}"),
        ("DA", day.strftime("%Y/%m/%d")), ("ET", str(release.number)), ("PB", "citydip"), ("UR", release_url(release)),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def csl(release: Release) -> dict:
    day = release.created_at.date()
    return {
        "id": f"citydip-release-{release.number}",
        "type": "dataset",
        "title": f"{TITLE}, release {release.number}",
        "author": [{"literal": AUTHOR}],
        "issued": {"date-parts": [[day.year, day.month, day.day]]},
        "version": str(release.number),
        "publisher": "citydip",
        "URL": release_url(release),
    }


def cff(release: Release) -> str:
    return (
        "cff-version: 1.2.0\n"
        "message: If you use this dataset, please cite it as below.\n"
        "type: dataset\n"
        f'title: "{TITLE}, release {release.number}"\n'
        "authors:\n"
        f'  - name: "{AUTHOR}"\n'
        f'version: "{release.number}"\n'
        f"date-released: {release.created_at.date().isoformat()}\n"
        f'url: "{release_url(release)}"\n'
        "license: CC-BY-4.0\n"
    )


# Serving --------------------------------------------------------------------------------------------------------


def release_paths() -> Iterator[str]:
    """Every path a release serves, in the order its page lists them."""
    yield from package.FILES
    yield CHANGELOG
    yield from CITATIONS


def content_type(path: str) -> str:
    return CONTENT_TYPES.get(path, "text/csv; charset=utf-8")


def release_file_response(number: int, path: str) -> FileResponse:
    """A file of a release, from this server's copy of it, written once: a release never changes. (The copy is
    named by the release's time too, so that a database restored with other releases is never answered from it.)"""
    created = Release.objects.filter(number=number).values_list("created_at", flat=True).first()
    if created is None or path not in set(release_paths()):
        raise Http404(f"there is no release {number} with a file {path}; the releases are listed at /data/releases/")
    local = Path(settings.DATASETS_DIR) / "releases" / f"{number}-{created:%Y%m%d%H%M%S%f}" / path
    if not local.exists():
        content = ReleaseFile.objects.filter(release__number=number, path=path).values_list("content", flat=True).get()
        local.parent.mkdir(parents=True, exist_ok=True)
        partial = local.with_name(f"{local.name}.{os.getpid()}.{threading.get_ident()}.part")
        partial.write_bytes(bytes(content))
        partial.replace(local)  # whole or not at all, whichever worker wrote it
    inline = path in (package.DESCRIPTOR, "citation.json")
    filename = "CITATION.cff" if path == "CITATION.cff" else f"citydip-release-{number}-{path.rsplit('/', 1)[-1]}"
    return FileResponse(
        local.open("rb"), content_type=content_type(path), as_attachment=not inline, filename="" if inline else filename
    )
