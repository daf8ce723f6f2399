from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from citydip.core.progress import Progress
from citydip.data.backup import RestoreRefused, restore


class Command(BaseCommand):
    help = "Load a backup made by `backup` into this database, in one transaction (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--force", action="store_true", help="Replace everything this database holds.")
        parser.add_argument(
            "--without-manifest", action="store_true",
            help="Restore a file that has no manifest (from dumpdata, or an older backup) without checking it is whole.",
        )

    def handle(self, path, force, without_manifest, **options):
        if not path.is_file() or path.suffix != ".json":
            raise CommandError(f"{path} is not a backup file (a .json file written by `backup`).")
        progress = Progress()
        try:
            admins = restore(path, force=force, progress=progress, verify=not without_manifest)
        except RestoreRefused as error:
            raise CommandError(str(error)) from None
        except Exception as error:  # a damaged or foreign file: nothing was written
            raise CommandError(f"Nothing was restored: {path} could not be loaded ({error}).") from None
        finally:
            progress.close()
        self.stdout.write(self.style.SUCCESS(f"Restored from {path}."))
        self.stdout.write(
            f"Users who may sign in to the admin: {', '.join(admins)}." if admins else "No restored user may sign in to the admin."
        )
