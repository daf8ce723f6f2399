"""What the library does when Django says something happened, in one place (imported by CitydipConfig.ready):
the content version's bookkeeping (citydip.core.versions) — every new database connection has its writes
watched; a save is classified before it reaches the database; a page being made notes the records it shows;
a migration starts a new epoch.
"""

from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_init, post_migrate, post_save, pre_migrate, pre_save
from django.dispatch import receiver

from .versions import current_reading, is_content_model, long_texts, new_epoch, watch


@receiver(connection_created, dispatch_uid="versions.watch_connection")
def watch_connection(sender, connection, **kwargs):
    watch(connection)


@receiver(pre_migrate, dispatch_uid="versions.migrating")
def migrating(sender, **kwargs):
    for connection in connections.all():
        connection.citydip_migrating = True


@receiver(post_migrate, dispatch_uid="versions.migrated")
def migrated(sender, using="default", **kwargs):
    for connection in connections.all():
        connection.citydip_migrating = False
    if sender.name == "citydip":
        new_epoch(using)


@receiver(pre_save, dispatch_uid="versions.classify_save")
def classify_save(sender, instance, raw=False, **kwargs):
    """Before a record's update: if it changes only long texts, its UPDATE marks only the record's tags."""
    if raw or not is_content_model(sender) or instance._state.adding or instance.pk is None:
        return
    fields = [f.attname for f in sender._meta.concrete_fields]
    stored = sender._base_manager.filter(pk=instance.pk).values(*fields).first()
    if stored is None or any(stored[name] != getattr(instance, name) for name in set(fields) - long_texts(sender)):
        return
    connection = transaction.get_connection()
    tables = [sender._meta.db_table, *(parent._meta.db_table for parent in sender._meta.get_parent_list())]
    tags = tuple(tag for table in tables for tag in (f"{table}:{instance.pk}", f"{table}:*"))
    pending = connection.__dict__.setdefault("citydip_text_only", {})
    for table in tables:
        pending[(table, str(instance.pk))] = tags


@receiver(post_save, dispatch_uid="versions.forget_classification")
def forget_classification(sender, instance, **kwargs):
    pending = getattr(transaction.get_connection(), "citydip_text_only", None)
    if pending:
        for key in [key for key in pending if key[1] == str(instance.pk)]:
            del pending[key]


@receiver(post_init, dispatch_uid="versions.record_shown")
def record_shown(sender, instance, **kwargs):
    if (reading := current_reading.get()) is not None and instance.pk is not None and is_content_model(sender):
        reading.records.setdefault(sender._meta.db_table, set()).add(instance.pk)
