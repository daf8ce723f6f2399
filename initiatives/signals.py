"""Keep the links in article bodies current when a named record is added, renamed or deleted."""

from django.db.models.signals import post_delete, post_save, pre_delete

from .linking import LINKED_MODELS, articles_concerning, relink_articles


def relink_after_save(sender, instance, raw=False, **kwargs):
    if not raw:
        relink_articles(articles_concerning(instance, FIELDS[sender]))


def remember_articles_before_delete(sender, instance, **kwargs):
    instance._articles_to_relink = articles_concerning(instance, FIELDS[sender])


def relink_after_delete(sender, instance, **kwargs):
    relink_articles(getattr(instance, "_articles_to_relink", ()))


FIELDS = {model: field for field, model in LINKED_MODELS}


def connect():
    for model in FIELDS:
        post_save.connect(relink_after_save, sender=model, dispatch_uid=f"relink-save-{model.__name__}")
        pre_delete.connect(remember_articles_before_delete, sender=model, dispatch_uid=f"relink-pre-{model.__name__}")
        post_delete.connect(relink_after_delete, sender=model, dispatch_uid=f"relink-delete-{model.__name__}")
