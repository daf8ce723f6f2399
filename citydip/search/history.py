"""After a restore, the search entries of what it wrote or touched are brought in line: reversion writes with
raw saves, which the receivers skip (citydip.search.receivers). Imported by CitydipConfig.ready.
"""

from collections import defaultdict

from articles.models import Article, Author, Authorship
from citydip.core.admin.history import RestorePlan, after_restore_refreshes, foreign_keys
from initiatives.models import Initiative, InitiativeSource

from .index import KIND_BY_MODEL, reindex


def reindex_neighbourhood(plan: RestorePlan) -> None:
    """Reindex every searchable record the restore wrote or touched: the rows' own records, the records their
    foreign keys point at (a quote's initiative, a paragraph's article), and for an article its authors and the
    initiatives it quotes, which are public only while a published article stands behind them."""
    touched = defaultdict(set)
    written = [*(row.restored for row in plan.rows), *(record for record, _ in plan.removed)]
    for record in written:
        touched[type(record)].add(record.pk)  # None for a removed row, which its deletion took out of the index
        for field in foreign_keys(type(record)):
            touched[field.related_model].add(getattr(record, field.attname))
    for linker, _ in plan.links:
        touched[type(linker)].add(linker.pk)
    articles = touched[Article]
    touched[Author] |= set(Authorship.objects.filter(article__in=articles).values_list("author", flat=True))
    touched[Initiative] |= set(
        InitiativeSource.objects.filter(paragraph__article__in=articles).values_list("initiative", flat=True)
    )
    for model, pks in touched.items():
        if model in KIND_BY_MODEL:
            reindex(model._default_manager.filter(pk__in=pks - {None}))


after_restore_refreshes.append(reindex_neighbourhood)
