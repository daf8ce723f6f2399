from django.core.management.base import BaseCommand, CommandError

from citydip.core.progress import Progress
from citydip.data.seeding import Seeder, SeedError


class Command(BaseCommand):
    help = "Load the curated records of fixtures/ (articles, cities, networks, initiatives, sources). Idempotent."

    def handle(self, **options):
        progress = Progress()
        try:
            created = Seeder(progress=progress).run()
        except SeedError as error:
            raise CommandError(f"Nothing was loaded: {error}") from None
        finally:
            progress.close()
        if created:
            summary = ", ".join(f"{count} {kind}" for kind, count in sorted(created.items()))
            self.stdout.write(self.style.SUCCESS(f"Seeded: {summary}."))
        else:
            self.stdout.write("Already seeded: nothing to add.")
