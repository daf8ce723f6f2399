"""The whole public dataset as a Frictionless Data Package (v2, datapackage.org), a ZIP of it and a SQLite database.

Every table of citydip.data.tables is read once, in one snapshot of the database (so that every foreign key
finds its row), and written as it is read: to its CSV and into the SQLite database at once. The descriptor gives
each table's schema (types, primary and foreign keys), its size and SHA-256, the licences and the sources; the ZIP
holds the descriptor and the CSVs under the same relative paths as /data/ serves them, its entries dated by the
package's creation, so that the same data makes the same bytes.
"""

import csv
import hashlib
import io
import json
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from citydip.core import versions
from citydip.data.backup import snapshot
from citydip.data.models import Release
from citydip.data.tables import GEONAMES_LICENCE, RECORDS_LICENCE, TABLES, Table

DESCRIPTOR = "datapackage.json"
ZIP = "citydip.zip"
SQLITE = "citydip.sqlite"
SQLITE_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "date": "TEXT"}
ROWS_PER_INSERT = 5000


def table_path(table: Table) -> str:
    return f"tables/{table.name}.csv"


# Every file of a package, by its path in the package (the ZIP's and /data/'s), in the order the page lists them.
FILES = (DESCRIPTOR, *(table_path(table) for table in TABLES), ZIP, SQLITE)


@dataclass
class Package:
    files: dict[str, bytes]  # path → content, for every path of FILES
    counts: dict[str, int]  # table → rows
    content_version: str  # what it was read at


def build_current() -> Package:
    """The package of /data/, which follows the content: its version says which release it follows and which
    content it was read at ("2+3f9a….57": release 2, then the edits up to content version 3f9a….57)."""
    return build(None, timezone.now())


def build(version: str | None, created: datetime) -> Package:
    """The package of the public records as they are now, labelled `version` (or as build_current says) and
    dated `created`."""
    with tempfile.TemporaryDirectory() as directory, snapshot():
        content_version = str(versions.current())
        if version is None:
            latest = Release.objects.order_by("-number").values_list("number", flat=True).first() or 0
            version = f"{latest}+{content_version}"
        database_path = Path(directory) / SQLITE
        database = sqlite3.connect(database_path)
        database.execute("PRAGMA foreign_keys = ON")
        csvs, counts = {}, {}
        for table in TABLES:
            database.execute(create_table(table))
            csvs[table_path(table)], counts[table.name] = write_table(table, database)
        database.commit()
        database.execute("VACUUM")
        database.close()
        sqlite_bytes = database_path.read_bytes()
    descriptor = json.dumps(describe(version, created, csvs, counts), ensure_ascii=False, indent=2).encode()
    files = {DESCRIPTOR: descriptor, **csvs}
    files[ZIP] = zipped(files, created)
    files[SQLITE] = sqlite_bytes
    return Package(files, counts, content_version)


def write_table(table: Table, database: sqlite3.Connection) -> tuple[bytes, int]:
    """The table's CSV, its rows inserted into the database on the way."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(table.column_names)
    insert = f"INSERT INTO {table.name} VALUES ({', '.join('?' * len(table.columns))})"
    count, batch = 0, []
    for row in table.rows():
        row = tuple(map(plain_value, row))
        writer.writerow(row)  # None as an empty field: a missing value
        batch.append(row)
        if len(batch) == ROWS_PER_INSERT:
            database.executemany(insert, batch)
            count, batch = count + len(batch), []
    database.executemany(insert, batch)
    return text.getvalue().encode(), count + len(batch)


def plain_value(value):
    """What CSV and SQLite both write as the Table Schema type says: dates in ISO 8601, decimals as numbers."""
    if isinstance(value, Decimal):
        return float(value)
    return value.isoformat() if hasattr(value, "isoformat") else value


def create_table(table: Table) -> str:
    columns = [
        f"{column.name} {SQLITE_TYPES[column.type]}{' NOT NULL' if column.required else ''}" for column in table.columns
    ]
    columns.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
    columns.extend(
        f"FOREIGN KEY ({', '.join(key.fields)}) REFERENCES {key.table} ({', '.join(key.to)})" for key in table.foreign_keys
    )
    return f"CREATE TABLE {table.name} (\n  " + ",\n  ".join(columns) + "\n)"


def describe(version: str, created: datetime, csvs: dict[str, bytes], counts: dict[str, int]) -> dict:
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "citydip",
        "title": "citydip: a curated knowledge base of city diplomacy",
        "description": (
            "Cities, the networks they join, the multilateral bodies they deal with and the initiatives they set up, "
            "with every claim (a membership, a participation, an initiative) keyed to the verbatim quote of the "
            "published article's paragraph it rests on. Only published records. The records and summaries are under "
            "CC BY 4.0; the article texts (paragraphs and quotes) are © their publishers, quoted for research; the "
            "GeoNames ids are from GeoNames, under CC BY 4.0."
        ),
        "homepage": settings.SITE_URL + "/data/",
        "version": version,
        "created": created.isoformat(timespec="seconds"),
        "keywords": ["city diplomacy", "cities", "city networks", "paradiplomacy", "international relations"],
        "licenses": [RECORDS_LICENCE, GEONAMES_LICENCE],
        "contributors": [
            {"title": "The citydip editors", "path": settings.SITE_URL + "/about/", "roles": ["creator", "publisher"]},
        ],
        "sources": [
            {"title": "The published articles of the articles table, quoted paragraph by paragraph", "path": settings.SITE_URL + "/articles/"},
            {"title": "GeoNames (CC BY 4.0)", "path": "https://www.geonames.org/"},
            {"title": "Wikidata (CC0)", "path": "https://www.wikidata.org/"},
        ],
        "resources": [describe_table(table, csvs[table_path(table)], counts[table.name]) for table in TABLES],
    }


def describe_table(table: Table, content: bytes, count: int) -> dict:
    resource = {
        "name": table.name,
        "type": "table",
        "path": table_path(table),
        "title": table.title,
        "description": f"{table.description} {count} rows.",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(content),
        "hash": f"sha256:{hashlib.sha256(content).hexdigest()}",
        "schema": {"$schema": "https://datapackage.org/profiles/2.0/tableschema.json", **table.schema()},
    }
    if table.licences:
        resource["licenses"] = list(table.licences)
    return resource


def zipped(files: dict[str, bytes], created: datetime) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in files.items():
            entry = zipfile.ZipInfo(f"citydip/{path}", date_time=created.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, content)
    return stream.getvalue()
