from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from citydip.core.progress import Progress
from citydip.data.backup import backup


class Command(BaseCommand):
    help = "Write the whole database to PATH (JSON, records referred to by slug), for `restore`."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, path, **options):
        if path.suffix != ".json":
            raise CommandError("Name the backup file with .json, e.g. citydip-backup.json.")
        if not path.parent.is_dir():
            raise CommandError(f"There is no folder {path.parent} to write the backup in.")
        progress = Progress()
        try:
            backup(path, progress=progress)
        finally:
            progress.close()
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path} ({path.stat().st_size // 1024} kB)."))
