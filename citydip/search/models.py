"""What the site search reads: one entry per public record (citydip.search.index keeps them)."""

from django.db import models


class SearchEntry(models.Model):
    """One public record as the site search sees it: its name (and other names), summary and body,
    weighted in that order.

    The full-text index over these columns is the database's own, made by migration 0002: on PostgreSQL a
    generated, weighted tsvector column with a GIN index; on SQLite an FTS5 table kept in step by triggers.
    `citydip.search.index` keeps the entries current when records are saved or deleted.
    """

    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    name = models.CharField(max_length=300)
    aliases = models.TextField(blank=True, help_text="Acronyms and other names, weighted as the name.")
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=400)

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_record")]

    def __str__(self):
        return f"{self.kind}: {self.name}"
