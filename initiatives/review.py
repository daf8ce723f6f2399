"""The editors' review of the links found in article bodies: one by one in the admin (MentionAdmin), or all of
an article's at once when it is published (articles.publishing asks; this app answers)."""

import reversion
from django.db.models import Count, QuerySet

from articles.publishing import settle_links, undecided_links

from .linking import render_paragraphs
from .models import Mention


def decide(mentions: QuerySet, status: str) -> int:
    """Set the editors' decision on these links and store their paragraphs' HTML again. A bulk update sends no
    signal: the decisions are saved in the editor's revision here, where a
    revert finds them again once relinking has lost them (citydip.history.recall_decisions). Returns how many
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


def count_suggested(sender, articles, **kwargs) -> dict[int, int]:
    """Answers articles.publishing.undecided_links: {article id: how many of its links are only suggested}."""
    counted = suggested_in(articles).values("paragraph__article").annotate(n=Count("pk")).order_by()
    return {row["paragraph__article"]: row["n"] for row in counted}


def settle_suggested(sender, articles, accept, **kwargs) -> int:
    """Answers articles.publishing.settle_links: accept or reject all those links."""
    return decide(suggested_in(articles), Mention.Status.ACCEPTED if accept else Mention.Status.REJECTED)


def connect() -> None:
    """Answer the questions articles.publishing asks before an article is published."""
    undecided_links.connect(count_suggested, dispatch_uid="initiatives.count_suggested_links")
    settle_links.connect(settle_suggested, dispatch_uid="initiatives.settle_suggested_links")
