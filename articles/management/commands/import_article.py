from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from articles.extraction import FORMATS, MAX_DOCUMENT_BYTES, extract
from articles.importing import check_source_name, import_parsed
from articles.models import Article
from articles.parsing import ParseError, check_size
from articles.signals import article_imported
from citydip.core.progress import Progress


class Command(BaseCommand):
    help = (
        "Add articles as drafts, with their authors, paragraphs and suggested links, from the files editors have: "
        "saved web pages (HTML), PDFs, Word files (DOCX) and plain texts (the sources' format or any layout: "
        "title on the first line, then paragraphs). What each file says of its title, byline, date and "
        "publication is printed for review. All or nothing: if one file is refused, none is added."
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
        for article, source_format in articles:
            review = reverse("admin:articles_article_change", args=[article.pk])
            self.stdout.write(
                self.style.SUCCESS(f"Imported “{article.title}” as a draft with {article.paragraphs.count()} paragraphs.")
                + f" Review its links, preview and publish at {review}"
            )
            self.stdout.write(f"  {described(article, source_format)}")
            for _, suggestions in article_imported.send(sender=Article, article=article):
                for line in suggestions:
                    self.stdout.write(line)

    @staticmethod
    def read(path: Path) -> bytes:
        if path.is_dir():
            raise ParseError("a folder, not a file: name the article's file (a web page, PDF, DOCX or text).")
        if not path.is_file():
            raise ParseError("no such file.")
        check_size(path.stat().st_size, MAX_DOCUMENT_BYTES)
        return path.read_bytes()

    def import_one(self, path: Path) -> tuple[Article, str]:
        try:
            check_source_name(path.name)
            parsed = extract(self.read(path), path.name)
            return import_parsed(parsed, source_file=path.name), parsed.source_format
        except ParseError as error:
            raise ParseError(f"{path}: {error}") from None


def described(article: Article, source_format: str) -> str:
    """What was read, for the editor to check since the command asks nothing: 'Read from a web page: by Ana
    Ruiz, Tomás Berg; first published 14 March 2025 in The Municipal Dispatch; https://…'."""
    names = [author.name for author in article.byline()]
    parts = [f"by {', '.join(names)}" if names else "no byline"]
    parts.append(f"first published {article.first_published}" + (f" in {article.publication}" if article.publication else ""))
    if article.reposted_in:
        parts.append(f"reposted in {article.reposted_in}")
    if article.canonical_url:
        parts.append(article.canonical_url)
    return f"Read from a {FORMATS[source_format]}: {'; '.join(parts)}."
