import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from citydip.core.progress import Progress
from citydip.data.synthesis import Synthesizer


class Command(BaseCommand):
    help = (
        "Add deterministic synthetic records, N times the curated set (cities, networks, memberships, initiatives, "
        "articles with paragraphs, mentions, sources, topics), for measuring citydip at size."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, required=True, metavar="N")

    def handle(self, scale, **options):
        if not 1 <= scale <= 10_000:
            raise CommandError("--scale takes a whole number from 1 to 10000.")
        started = time.monotonic()
        progress = Progress()
        try:
            created = Synthesizer(scale, progress=progress).run()
        finally:
            progress.close()
        with connection.cursor() as cursor:
            # The planner's statistics, which autovacuum would bring up to date only later: until then it plans
            # the pages' queries for the tables as they were (measured: the map ranked 3,700 cities as if 300).
            cursor.execute("ANALYZE")
        total = sum(created.values())
        self.stdout.write(self.style.SUCCESS(
            f"Synthesized {total:,} rows at scale {scale} in {time.monotonic() - started:.1f} s: "
            + ", ".join(f"{count:,} {label}" for label, count in created.items()) + "."
        ))
