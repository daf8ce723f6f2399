"""What the dataset files of /data/ and its releases are kept in, and who may build them (citydip.data.datasets,
citydip.data.releases)."""

from django.db import models
from django.urls import reverse


class DatasetFile(models.Model):
    """A file of /data/ (a whole dataset as JSON or CSV) as built for one content version (citydip.data.datasets).

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


class Release(models.Model):
    """A numbered, frozen version of the public data (citydip.data.releases): its files are kept unchanged, its
    counts and its changelog against the release before."""

    number = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField()
    content_version = models.CharField(max_length=40, help_text="The content version it was made from.")
    counts = models.JSONField(help_text="Rows per table.")
    changes = models.JSONField(
        help_text="Per table: how many records were added, changed and removed, and the first keys of each."
    )

    class Meta:
        ordering = ["-number"]

    def __str__(self):
        return f"Release {self.number}"

    def get_absolute_url(self):
        return reverse("release", args=[self.number])

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class ReleaseFile(models.Model):
    """One file of a release, by its path in the release (`datapackage.json`, `tables/cities.csv`, `CITATION.cff`):
    in the database, which every app server shares, so that each serves it unchanged for ever."""

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="files")
    path = models.CharField(max_length=100)
    content = models.BinaryField()

    class Meta:
        ordering = ["release", "path"]
        constraints = [models.UniqueConstraint(fields=["release", "path"], name="release_file_unique_path")]

    def __str__(self):
        return f"{self.release}: {self.path}"


class ReleasedRecord(models.Model):
    """The last release a record with a page of its own was in, by its table and slug: what its page says."""

    table = models.CharField(max_length=30)
    slug = models.CharField(max_length=300)
    release = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["table", "slug"], name="released_record_unique")]

    def __str__(self):
        return f"{self.table}/{self.slug}: release {self.release}"
