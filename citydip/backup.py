"""A backup is the whole database as Django's JSON serialization, with natural foreign keys (records refer
to each other by slug), and the primary keys kept, so that history and logs still point at their records.

Left out: what migrations make (content types, permissions), what is derived (the search index, rebuilt on
restore) and what is transient (sessions, login-attempt counters).

Both directions go model by model, so that long runs can show their progress: the file is the one `dumpdata`
writes (and `loaddata` reads), written as the records stream out of the database rather than built in memory.
"""

from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import ijson
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.utils import parse_apps_and_model_labels
from django.core.serializers.base import DEFER_FIELD
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import DEFAULT_DB_ALIAS, connection, router, transaction

from .caching import bump_generation
from .search_index import rebuild

EXCLUDED = ["contenttypes", "auth.permission", "sessions", "citydip.searchentry", "axes"]
CONTENT_MODELS = ["articles.article", "articles.author", "initiatives.city", "initiatives.network", "initiatives.initiative"]
CHUNK = 2000


class RestoreRefused(Exception):
    pass


def label(model):
    return str(model._meta.verbose_name_plural)


def backed_up_models():
    """The models a backup holds, in `dumpdata`'s order: the records a natural key names come first."""
    excluded_models, excluded_apps = parse_apps_and_model_labels(EXCLUDED)
    configs = [config for config in apps.get_app_configs() if config.models_module and config not in excluded_apps]
    app_list = {config: None for config in configs}  # None: all the app's models
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

    def records():
        for model in backed_up_models():
            total = model._default_manager.count()
            for done, record in enumerate(records_of(model), start=1):
                yield record
                progress(label(model), done, total)

    path = Path(path)
    # Written beside the file and renamed when complete: a backup cut short never passes for a whole one.
    partial = path.with_name(f".{path.name}.partial")
    try:
        with open(partial, "w", encoding="utf-8") as stream, snapshot():
            serializers.serialize("json", records(), stream=stream, use_natural_foreign_keys=True)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


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
    return not User.objects.exists() and not any(apps.get_model(label).objects.exists() for label in CONTENT_MODELS)


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
def restore(path, force=False, progress=None):
    """Load a backup into this database in one transaction; over existing records only with force.

    What `loaddata` does, with progress per model: raw saves (no signals acted on), references to records
    further on in the file resolved at the end, foreign keys checked once everything is in, and the id
    sequences moved past the restored ids.
    """
    progress = progress or (lambda label, done, total: None)
    totals = counted(path)
    if not is_empty():
        if not force:
            raise RestoreRefused(
                "This database already holds records; restoring would mix two databases. "
                "Restore into a fresh one, or pass --force to replace everything in this one."
            )
        call_command("flush", interactive=False, verbosity=0)
    # Into an empty table, records are inserted straight away rather than each first tried as an update.
    fresh = {model: not model._base_manager.exists() for model in totals}
    done, deferred = Counter(), []
    with open(path, "rb") as stream, connection.constraint_checks_disabled():
        for record in Deserializer(ijson.items(stream, "item"), handle_forward_references=True):
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
    progress("search index", 0, 1)
    rebuild()
    progress("search index", 1, 1)
    bump_generation()  # no page of the database replaced may be served
