from django.core.management.base import BaseCommand, CommandError

from citydip.data.releases import ReleaseRefused, make_release


class Command(BaseCommand):
    help = (
        "Freeze the public data as the next numbered release: its data package (kept unchanged and served for ever "
        "at /data/releases/N/), its counts, and a changelog of the records added, changed and removed since the "
        "release before."
    )

    def handle(self, **options):
        try:
            release = make_release()
        except ReleaseRefused as refusal:
            raise CommandError(str(refusal)) from None
        changes = release.changes
        added, changed, removed = (sum(kinds[kind]["count"] for kinds in changes.values()) for kind in ("added", "changed", "removed"))
        self.stdout.write(self.style.SUCCESS(
            f"Release {release.number}: {sum(release.counts.values())} rows in {len(release.counts)} tables; "
            f"{added} added, {changed} changed, {removed} removed since the release before. "
            f"Cite it from {release.get_absolute_url()}"
        ))
