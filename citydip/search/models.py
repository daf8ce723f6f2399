"""What the site search reads: one entry per public record (citydip.search.index keeps them), the names each
answers to, and the links between entries that the search's facets count."""

from django.db import models


class SearchEntry(models.Model):
    """One public record as the site search sees it: its name (and other names), summary and body,
    weighted in that order.

    The full-text index over these columns is the database's own, made by migration 0003: on PostgreSQL a
    generated, weighted tsvector column with a GIN index; on SQLite an FTS5 table kept in step by triggers.
    `citydip.search.index` keeps the entries current when records are saved or deleted.
    """

    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    name = models.CharField(max_length=300)
    slug = models.CharField(max_length=200, blank=True, help_text="The record's own, which the facets filter by.")
    aliases = models.TextField(blank=True, help_text="Acronyms and other names, weighted as the name.")
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=400)
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="An initiative's year, an article's.")

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_record")]

    def __str__(self):
        return f"{self.kind}: {self.name}"


class SearchName(models.Model):
    """A name an entry answers to — its own, an alias, an acronym, a city's other names in the GeoNames
    gazetteer — with its `key`, the name folded (no case, accents, spaces or punctuation: "L.A." → "la"), by
    which a search that names the record exactly puts it first. What "did you mean" corrects words towards:
    migration 0006 indexes the names by trigrams (pg_trgm on PostgreSQL, an FTS5 trigram table on SQLite)."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=300)
    key = models.CharField(max_length=300, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "name"], name="search_name_unique")]

    def __str__(self):
        return self.name


class SearchLinkQuerySet(models.QuerySet):
    """The links of each facet of the search (citydip.search.facets names these methods)."""

    def topics(self):
        return self.filter(value__kind="topic")

    def cities(self):
        return self.filter(value__kind="city")


class SearchLink(models.Model):
    """An entry's tie to the entry of a topic or city it is about — an initiative's topics and cities, a network's
    member cities, a city itself — counted and filtered by the search's facets (citydip.search.facets). Between
    entries, so that a renamed city is counted under its new name at once, and a record that leaves the index
    takes its links with it."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="links")
    value = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="linked_from")

    objects = SearchLinkQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "value"], name="search_link_unique")]

    def __str__(self):
        return f"{self.entry} → {self.value}"
