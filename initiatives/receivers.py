"""What initiatives does when something is saved, in one place (imported by InitiativesConfig.ready):

- a city, network, initiative or body added, renamed or deleted: the paragraphs whose links may change are
  linked again (linking.paragraphs_concerning) — a save that changes no name and no slug, most of an editor's
  saves, links nothing again;
- an article saved with its paragraphs (articles.signals.article_saved): its paragraphs are linked;
- an article imported by the command (articles.signals.article_imported): the claims its sentences make;
- an article about to be published (articles.publishing asks): how many of its links are only suggested, and
  accepting or rejecting them all (review.decide).
"""

from django.db.models import Count
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from articles.publishing import settle_links, undecided_links
from articles.signals import article_imported, article_saved

from .claim_suggestions import Standing, suggest_claims
from .linking import FIELDS, link_article, names_and_slug, paragraphs_concerning, relink, stored_names_and_slug
from .models import Mention
from .record_suggestions import suggest_for_article
from .review import decide, suggested_in


@receiver(article_saved, dispatch_uid="initiatives.link_article")
def link_article_on_save(sender, article, **kwargs):
    link_article(article)


@receiver(pre_save, dispatch_uid="initiatives.remember_names_and_slug_before_save")
def remember_names_and_slug_before_save(sender, instance, raw=False, **kwargs):
    if sender in FIELDS and not raw:
        instance._names_and_slug_before_save = stored_names_and_slug(sender, instance.pk)


@receiver(post_save, dispatch_uid="initiatives.relink_after_save")
def relink_after_save(sender, instance, raw=False, **kwargs):
    if sender in FIELDS and not raw:
        before = instance.__dict__.pop("_names_and_slug_before_save", None)
        relink(paragraphs_concerning(instance, before, names_and_slug(instance)))


def remember_paragraphs_before_delete(sender, instance, **kwargs):
    # Now, while its mentions, which the deletion takes with it, still say where it was linked.
    instance._paragraphs_to_relink = paragraphs_concerning(instance, stored_names_and_slug(sender, instance.pk), None)


def relink_after_delete(sender, instance, **kwargs):
    relink(getattr(instance, "_paragraphs_to_relink", ()))


# Deletions are connected model by model: a receiver for every model would keep Django from deleting any
# other model's rows in one statement (it would first read each row to send the signal).
for linked_model in FIELDS:
    pre_delete.connect(remember_paragraphs_before_delete, sender=linked_model, dispatch_uid=f"initiatives.remember_paragraphs_{linked_model.__name__}")
    post_delete.connect(relink_after_delete, sender=linked_model, dispatch_uid=f"initiatives.relink_after_delete_{linked_model.__name__}")


@receiver(undecided_links, dispatch_uid="initiatives.count_suggested_links")
def count_suggested(sender, articles, **kwargs) -> dict[int, int]:
    """Answers articles.publishing.undecided_links: {article id: how many of its links are only suggested}."""
    counted = suggested_in(articles).values("paragraph__article").annotate(n=Count("pk")).order_by()
    return {row["paragraph__article"]: row["n"] for row in counted}


@receiver(settle_links, dispatch_uid="initiatives.settle_suggested_links")
def settle_suggested(sender, articles, accept, **kwargs) -> int:
    """Answers articles.publishing.settle_links: accept or reject all those links."""
    return decide(suggested_in(articles), Mention.Status.ACCEPTED if accept else Mention.Status.REJECTED)


@receiver(article_imported, dispatch_uid="initiatives.suggest_after_import")
def suggest_after_import(sender, article, **kwargs) -> list[str]:
    """What `import_article` prints after an import: the claims the article's sentences make, one a line."""
    return [str(suggestion) for suggestion in suggest_claims(article) if suggestion.standing == Standing.NEW]


@receiver(article_imported, dispatch_uid="initiatives.suggest_new_records_after_import")
def suggest_new_records_after_import(sender, article, **kwargs) -> list[str]:
    """What `import_article` prints after an import: the cities, networks and bodies it names that the base does
    not know yet, one a line."""
    return [str(suggestion) for suggestion in suggest_for_article(article)]
