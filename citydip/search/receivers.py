"""What the search does when something is saved, in one place (imported by CitydipConfig.ready): the entry of
every public record saved or deleted is brought in line (index.reindex); publishing or withdrawing an article
also reindexes its authors and the initiatives it quotes; a quote of an initiative makes it public, or not.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from articles.models import Article, Author
from articles.signals import article_saved
from initiatives.models import Initiative, InitiativeSource

from .index import KIND_BY_MODEL, reindex
from .models import SearchEntry


@receiver(post_save, dispatch_uid="search.record_saved")
def record_saved(sender, instance, raw=False, **kwargs):
    if raw or sender not in KIND_BY_MODEL:
        return
    reindex([instance])
    if sender is Article:
        # Publishing or withdrawing an article makes its authors public or not, and the initiatives it quotes.
        reindex(instance.authors.all())
        reindex(Initiative.objects.filter(sources__paragraph__article=instance).distinct())


def record_deleted(sender, instance, **kwargs):
    SearchEntry.objects.filter(kind=KIND_BY_MODEL[sender].key, object_id=instance.pk).delete()
    if sender is Article:  # its authors may have signed no other published article
        reindex(Author.objects.filter(pk__in=getattr(instance, "_authors_before_delete", ())))


# Connected model by model: a receiver for every model would keep Django from deleting any other model's rows
# in one statement (it would first read each row to send the signal).
for indexed_model in KIND_BY_MODEL:
    post_delete.connect(record_deleted, sender=indexed_model, dispatch_uid=f"search.record_deleted_{indexed_model.__name__}")


@receiver(pre_delete, sender=Article, dispatch_uid="search.article_deleting")
def article_deleting(sender, instance, **kwargs):
    # Now, while its byline still says who wrote it.
    instance._authors_before_delete = list(instance.authorships.values_list("author_id", flat=True))


@receiver(post_save, sender=InitiativeSource, dispatch_uid="search.initiative_quote_saved")
@receiver(post_delete, sender=InitiativeSource, dispatch_uid="search.initiative_quote_deleted")
def quote_changed(sender, instance, raw=False, **kwargs):
    """An initiative is public, and found, while a published article quotes it."""
    if not raw:
        reindex(Initiative.objects.filter(pk=instance.initiative_id))


@receiver(article_saved, dispatch_uid="search.article_body_saved")
def article_body_saved(sender, article, **kwargs):
    record_saved(Article, article)
