"""Keep the links in article bodies current when a named record is added, renamed or deleted.

Only the paragraphs whose links may change are linked again (see linking.paragraphs_concerning): a save that
changes no name and no slug — most of an editor's saves — links nothing again.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from .linking import LINKED_MODELS, naming, paragraphs_concerning, relink, stored_naming


def remember_naming_before_save(sender, instance, raw=False, **kwargs):
    if not raw:
        instance._naming_before_save = stored_naming(sender, instance.pk)


def relink_after_save(sender, instance, raw=False, **kwargs):
    if not raw:
        before = instance.__dict__.pop("_naming_before_save", None)
        relink(paragraphs_concerning(instance, before, naming(instance)))


def remember_paragraphs_before_delete(sender, instance, **kwargs):
    # Now, while its mentions, which the deletion takes with it, still say where it was linked.
    instance._paragraphs_to_relink = paragraphs_concerning(instance, stored_naming(sender, instance.pk), None)


def relink_after_delete(sender, instance, **kwargs):
    relink(getattr(instance, "_paragraphs_to_relink", ()))


def connect():
    for _, model in LINKED_MODELS:
        pre_save.connect(remember_naming_before_save, sender=model, dispatch_uid=f"relink-pre-save-{model.__name__}")
        post_save.connect(relink_after_save, sender=model, dispatch_uid=f"relink-save-{model.__name__}")
        pre_delete.connect(remember_paragraphs_before_delete, sender=model, dispatch_uid=f"relink-pre-{model.__name__}")
        post_delete.connect(relink_after_delete, sender=model, dispatch_uid=f"relink-delete-{model.__name__}")
