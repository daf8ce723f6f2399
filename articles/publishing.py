"""Before an article goes public: the links in its body that no editor has decided on yet.

Readers see a link in an article's body only once an editor accepts it, so publishing an article with links
still only suggested asks the editor first: accept them all, or publish them unlinked. Articles knows nothing
of what its body links to; the app that finds the links answers these signals, as it answers
articles.signals.article_saved.
"""

from collections import Counter

from django.db.models import QuerySet
from django.dispatch import Signal

# Sent with `articles`, a queryset; each receiver returns {article id: how many of its links are only suggested}.
undecided_links = Signal()
# Sent with `articles` and `accept`: each receiver accepts (True) or rejects (False) those links.
settle_links = Signal()


def count_undecided_links(articles: QuerySet) -> dict[int, int]:
    """{article id: how many links in its body are still only suggested}, for the articles that have some."""
    counts = Counter()
    for _, answer in undecided_links.send(sender=articles.model, articles=articles):
        counts.update(answer)
    return {article_id: n for article_id, n in counts.items() if n}


def settle_undecided_links(articles: QuerySet, accept: bool) -> None:
    """Accept (True) or reject (False) every link still only suggested in the articles' bodies."""
    settle_links.send(sender=articles.model, articles=articles, accept=accept)
