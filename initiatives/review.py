"""The editors' review of the links found in article bodies: one by one in the admin (MentionAdmin), or all of
an article's at once when it is published (articles.publishing asks; this app answers)."""

import reversion
from django.db.models import QuerySet

from .linking import render_paragraphs
from .models import Mention


def decide(mentions: QuerySet, status: str) -> int:
    """Set the editors' decision on these links and store their paragraphs' HTML again. A bulk update sends no
    signal: the decisions are saved in the editor's revision here, where a
    revert finds them again once relinking has lost them (initiatives.history.recall_decisions). Returns how many
    were decided."""
    decided = Mention.objects.filter(pk__in=list(mentions.values_list("pk", flat=True)))
    count = decided.update(status=status)
    render_paragraphs(set(decided.values_list("paragraph_id", flat=True)))
    if reversion.is_active():
        for mention in decided.select_related("paragraph__article"):
            reversion.add_to_revision(mention)
    return count


def suggested_in(articles) -> QuerySet:
    """The links in the articles' bodies that no editor has decided on."""
    return Mention.objects.filter(paragraph__article__in=articles, status=Mention.Status.SUGGESTED)
