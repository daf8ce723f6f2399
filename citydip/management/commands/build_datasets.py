from django.core.management.base import BaseCommand

from citydip.data.datasets import build_stale


class Command(BaseCommand):
    help = "Build the files of /data/ that are older than the content (each dataset as JSON and CSV)."

    def handle(self, **options):
        built = build_stale()
        if built:
            self.stdout.write(self.style.SUCCESS(f"Built {len(built)} files: {', '.join(built)}."))
        else:
            self.stdout.write("Nothing to build: every file is up to date, or another process is building them.")
