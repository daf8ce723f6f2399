"""The version of what readers see, kept with the content and moved by every write to it.

The content version is a random epoch and a sequence number in one row of the database. Every transaction that
writes content advances the sequence once and, in the same transaction, marks with it the *tags* of what it
changed:

- a table (`initiatives_city`): any insert or delete in it, and any update of a field a page may filter, sort,
  count or join on — everything but long text;
- a record (`initiatives_city:12`) and its table's records (`initiatives_city:*`): an update of only the
  record's long texts (a description, a summary, a quote, a note), which shows only where the record is shown.

Writes are seen where they reach the database — a wrapper round every statement of every connection — so that no
save, bulk update, raw save, revert, restore or synthesis changes content unseen. A page records as it is made
the tables it read and the records it showed (`Reading`); it stays current while none of its tags was marked
after the version it was made under (`changed_since`). An editor's text edit so makes stale only the pages that
show that record, not the whole site.

The sequence is advanced under the row's lock, held until commit, so versions become visible in their order: a
reader who sees version N sees every tag marked up to N. A migration starts a new epoch: nothing made before it
is served.
"""

import contextvars
import re
import uuid
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db import connections, models, transaction

from citydip.core.models import ContentVersion, VersionTag

# Tables no reader's page is made from; writing them changes nothing a reader sees.
NOT_CONTENT = (
    "django_", "auth_", "axes_", "reversion_",
    ContentVersion._meta.db_table, VersionTag._meta.db_table, "citydip_datasetfile", "citydip_lease",
)
WRITE = re.compile(r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?(\w+)', re.I)
READ = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)', re.I)
VERSION_ROW = 1
# A page that shows more records of one table than this depends on all of the table's records.
MANY_RECORDS = 100


class Version(NamedTuple):
    epoch: str
    sequence: int

    def __str__(self):
        return f"{self.epoch}.{self.sequence}"


def is_content_table(table: str) -> bool:
    return not table.startswith(NOT_CONTENT)


def current() -> Version:
    """The content version: one indexed read of one row."""
    connection = transaction.get_connection()
    connection.citydip_marked = None  # read: a later write of this transaction must show as a newer version
    row = ContentVersion.objects.filter(pk=VERSION_ROW).values_list("epoch", "sequence").first()
    return Version(*row) if row else new_epoch()


def new_epoch(using: str = "default") -> Version:
    """A version nothing was made under: every page made before is stale, and the tags start afresh.

    (Written without a savepoint, as all of this module's writes: see `mark`.)"""
    epoch = uuid.uuid4().hex[:16]
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {VersionTag._meta.db_table}")
    if not ContentVersion.objects.using(using).filter(pk=VERSION_ROW).update(epoch=epoch, sequence=1):
        ContentVersion.objects.using(using).create(pk=VERSION_ROW, epoch=epoch, sequence=1)
    return Version(epoch, 1)


def changed_since(version: Version, tags: tuple[str, ...]) -> bool:
    """Whether any of these tags was marked after `version` (read it first: see the module's note)."""
    return bool(tags) and VersionTag.objects.filter(tag__in=tags, sequence__gt=version.sequence).exists()


# Writes ---------------------------------------------------------------------------------------------------------


@dataclass
class Marked:
    """What this transaction marked so far, valid while its on-commit marker stands (a rolled-back savepoint
    takes its markers, and so the knowledge of what it marked, with it)."""

    sequence: int
    marker: object
    tags: dict = field(default_factory=dict)  # tag → the marker of the savepoint it was marked in


def mark(connection, tags, sql: str) -> None:
    """Mark these tags with this transaction's version, advancing it on the transaction's first write.

    The marks commit with the write they follow. Outside a transaction that means one of our own, except on
    SQLite after a statement whose rows are still to be read (`INSERT … RETURNING`): SQLite opens no transaction
    then, but runs the marks in the statement's own, which commits once its rows are read.
    """
    if not connection.in_atomic_block:
        if connection.vendor == "sqlite" and "RETURNING" in sql.upper():
            write_tags(connection, dict.fromkeys(tags), advance(connection))
            return
        with transaction.atomic(using=connection.alias):
            return mark(connection, tags, sql)
    live = {id(entry[1]) for entry in connection.run_on_commit}
    marked = getattr(connection, "citydip_marked", None)
    if marked is None or id(marked.marker) not in live:
        marked = connection.citydip_marked = Marked(advance(connection), on_commit_marker(connection))
        live.add(id(marked.marker))
    unmarked = [tag for tag in dict.fromkeys(tags) if id(marked.tags.get(tag)) not in live]
    if not unmarked:
        return
    write_tags(connection, unmarked, marked.sequence)
    marker = on_commit_marker(connection)
    marked.tags.update((tag, marker) for tag in unmarked)


def write_tags(connection, tags, sequence: int) -> None:
    # Plain SQL, the same on both databases: an ORM bulk write would open a transaction, which SQLite refuses
    # while a statement is still being read.
    rows = ", ".join(["(%s, %s)"] * len(tags))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {VersionTag._meta.db_table} (tag, sequence) VALUES {rows} "
            "ON CONFLICT (tag) DO UPDATE SET sequence = excluded.sequence",
            [value for tag in tags for value in (tag, sequence)],
        )


def advance(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ContentVersion._meta.db_table} SET sequence = sequence + 1 WHERE id = %s RETURNING sequence",
            [VERSION_ROW],
        )
        row = cursor.fetchone()
    return row[0] if row else new_epoch(connection.alias).sequence


def on_commit_marker(connection):
    marker = lambda: None  # noqa: E731 — a distinct object per savepoint, found again among the callbacks
    transaction.on_commit(marker, using=connection.alias)
    return marker


def watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if (written := WRITE.match(sql)) and is_content_table(table := written[1]) and not getattr(context["connection"], "citydip_migrating", False):
        connection = context["connection"]
        mark(connection, text_only_update(connection, table, sql, params) or (table,), sql)
    elif (reading := current_reading.get()) is not None:
        reading.tables.update(table for table in READ.findall(sql) if is_content_table(table))
    return result


def text_only_update(connection, table, sql, params):
    """The record's tags, when this statement is the save of a record whose changes are only long texts."""
    pending = getattr(connection, "citydip_text_only", {})
    if not params or not sql.lstrip().upper().startswith("UPDATE"):
        return None
    return pending.pop((table, str(params[-1])), None) if sql.rstrip().endswith("= %s") else None


def long_texts(model) -> set[str]:
    return {f.attname for f in model._meta.concrete_fields if isinstance(f, models.TextField)} | {"version"}


# Reads ----------------------------------------------------------------------------------------------------------


@dataclass
class Reading:
    """The tables a page read and the records it showed, while it is made."""

    tables: set = field(default_factory=set)
    records: dict = field(default_factory=dict)  # table → primary keys

    def tags(self) -> tuple[str, ...]:
        tags = set(self.tables)
        for table, keys in self.records.items():
            tags.update([f"{table}:*"] if len(keys) > MANY_RECORDS else (f"{table}:{key}" for key in keys))
        return tuple(sorted(tags))

    def active(self):
        return ActiveReading(self)


class ActiveReading:
    def __init__(self, reading):
        self.reading = reading

    def __enter__(self):
        self.token = current_reading.set(self.reading)
        return self.reading

    def __exit__(self, *exc):
        current_reading.reset(self.token)


current_reading: contextvars.ContextVar[Reading | None] = contextvars.ContextVar("citydip_reading", default=None)


def watch(connection) -> None:
    """Every statement of this connection passes by watch_writes."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def is_content_model(model) -> bool:
    return model._meta.app_label in settings.CONTENT_APPS
