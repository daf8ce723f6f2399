"""The model pieces every app builds on — an edit counter, natural keys by slug, unique slugs — and the
content version that the page cache checks (citydip.core.versions). Imports no app."""

from django.db import models
from django.utils.text import slugify


class Versioned(models.Model):
    """A counter bumped by every save, so that an editor's form made from an older version can be refused
    instead of silently overwriting a colleague's change (see citydip.core.admin.locking)."""

    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.version = (self.version or 0) + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


class SlugNaturalKeyManager(models.Manager):
    """Fixtures and backups refer to records by slug, never by id."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class ContentVersion(models.Model):
    """The version of everything readers see, kept with the content itself (citydip.core.versions): one row, whose
    sequence every transaction that writes content advances, in that transaction.

    The epoch is random and new after every migration, so that no cache state — a Redis restarted from an old
    snapshot, pages made before a deploy — can make an old page current again.
    """

    epoch = models.CharField(max_length=16)
    sequence = models.PositiveBigIntegerField(default=1)

    def __str__(self):
        return f"{self.epoch}.{self.sequence}"


class VersionTag(models.Model):
    """The version that last changed a table, or a record (citydip.core.versions): what a cached page made from it
    is checked against."""

    tag = models.CharField(max_length=200, primary_key=True)
    sequence = models.PositiveBigIntegerField()

    def __str__(self):
        return f"{self.tag} @ {self.sequence}"


def unique_slug(model, name, max_length=200):
    """A slug derived from the name, suffixed -2, -3 … when another record already has it."""
    base = slugify(name)[:max_length] or "untitled"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base[: max_length - len(str(n)) - 1]}-{n}"
        n += 1
    return slug
