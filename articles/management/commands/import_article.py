from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from articles.importing import import_article
from articles.parsing import ParseError, check_size
from citydip.core.progress import Progress


class Command(BaseCommand):
    help = (
        "Add articles from plain texts in the sources' format (title, byline, date, body) as drafts, with their "
        "authors, paragraphs and suggested links. All or nothing: if one file is refused, none is added."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def handle(self, paths, **options):
        progress = Progress()
        try:
            with transaction.atomic():
                articles = []
                for done, path in enumerate(paths, start=1):
                    articles.append(self.import_one(Path(path)))
                    progress("files", done, len(paths))
        except ParseError as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        finally:
            progress.close()
        for article in articles:
            review = reverse("admin:articles_article_change", args=[article.pk])
            self.stdout.write(
                self.style.SUCCESS(f"Imported “{article.title}” as a draft with {article.paragraphs.count()} paragraphs.")
                + f" Review its links, preview and publish at {review}"
            )

    @staticmethod
    def read(path):
        if not path.is_file():
            raise ParseError("no such file.")
        check_size(path.stat().st_size)
        return path.read_bytes()

    def import_one(self, path):
        try:
            return import_article(self.read(path), source_file=path.name)
        except ParseError as error:
            raise ParseError(f"{path}: {error}") from None
