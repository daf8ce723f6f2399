from django.db import models


class SearchEntry(models.Model):
    """One public record as the site search sees it: its name (and other names), summary and body,
    weighted in that order.

    The full-text index over these columns is the database's own, made by migration 0002: on PostgreSQL a
    generated, weighted tsvector column with a GIN index; on SQLite an FTS5 table kept in step by triggers.
    `citydip.search_index` keeps the entries current when records are saved or deleted.
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


class ContentVersion(models.Model):
    """The version of everything readers see, kept with the content itself (citydip.versions): one row, whose
    sequence every transaction that writes content advances, in that transaction.

    The epoch is random and new after every migration, so that no cache state — a Redis restarted from an old
    snapshot, pages made before a deploy — can make an old page current again.
    """

    epoch = models.CharField(max_length=16)
    sequence = models.PositiveBigIntegerField(default=1)

    def __str__(self):
        return f"{self.epoch}.{self.sequence}"


class VersionTag(models.Model):
    """The version that last changed a table, or a record (citydip.versions): what a cached page made from it
    is checked against."""

    tag = models.CharField(max_length=200, primary_key=True)
    sequence = models.PositiveBigIntegerField()

    def __str__(self):
        return f"{self.tag} @ {self.sequence}"


class DatasetFile(models.Model):
    """A file of /data/ (a whole dataset as JSON or CSV) as built for one content version (citydip.datasets).

    Kept in the database, which every app server shares, so that each file is built once for all of them.
    """

    name = models.CharField(max_length=50)
    format = models.CharField(max_length=10)
    version = models.CharField(max_length=40, help_text="The content version it was built from.")
    built_at = models.DateTimeField()
    content = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "format"], name="dataset_file_unique")]

    def __str__(self):
        return f"{self.name}.{self.format}"


class Lease(models.Model):
    """A named lease that one process holds at a time, until it lets go or the lease runs out: so that, across
    every app server, no two build the dataset files at once."""

    name = models.CharField(max_length=50, unique=True)
    holder = models.CharField(max_length=100, blank=True)
    expires_at = models.DateTimeField()

    def __str__(self):
        return self.name
