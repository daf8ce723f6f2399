"""What the dataset files of /data/ are kept in, and who may build them (citydip.data.datasets)."""

from django.db import models


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
