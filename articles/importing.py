"""Create an article, its byline and its paragraphs from a document an editor brings (articles.extraction
reads it: a text in the sources' format or another layout, a web page, a PDF, a Word file)."""

import reversion
from django.db import IntegrityError, transaction

from citydip.core.models import unique_slug

from .extraction import MAX_DOCUMENT_BYTES, extract
from .models import Article, Author, Authorship, Paragraph
from .parsing import ParsedArticle, ParseError, check_size
from .signals import article_saved


class DuplicateArticle(ParseError):
    """The text reads well, but the article is already here. `field` names what gave it away, for a form."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@transaction.atomic
def import_article(data: bytes, source_file: str = "", user=None) -> Article:
    """An editor's import: the document becomes a draft, its authors matched by name or created.

    Raises ParseError (or DuplicateArticle) with a message for the editor; then nothing is written.
    """
    check_source_name(source_file)
    return import_parsed(extract(data, source_file), source_file=source_file, user=user)


@transaction.atomic
def import_parsed(parsed: ParsedArticle, source_file: str = "", user=None) -> Article:
    """Store what an editor confirmed (or what the command read): refused without a date of first
    publication, or when the article is already here."""
    if parsed.date_published is None:
        raise ParseError(
            "The document gives no date of first publication (such as a line “March 14, 2025” under the title). "
            "Import it in the admin, which asks for it, or add that line."
        )
    refuse_duplicate(parsed)
    with reversion.create_revision():
        reversion.set_comment(f"Imported from {source_file or 'a text'}.")
        if user is not None:
            reversion.set_user(user)
        try:
            with transaction.atomic():
                return create_article(parsed, source_file=source_file)
        except IntegrityError:
            refuse_duplicate(parsed)  # a colleague imported the same address a moment before: say whose
            raise


def check_source_name(source_file: str) -> None:
    limit = Article._meta.get_field("source_file").max_length
    if len(source_file) > limit:
        raise ParseError(f"The file's name is {len(source_file)} characters long; it may be at most {limit}.")


def refuse_duplicate(parsed: ParsedArticle) -> None:
    """Raise DuplicateArticle when an article of the same title and date, or at the same address, is here."""
    if parsed.canonical_url and (existing := Article.objects.filter(canonical_url=parsed.canonical_url).first()):
        raise DuplicateArticle(
            f"An article at {parsed.canonical_url} is already here: “{existing.title}” ({existing.get_absolute_url()}).",
            field="canonical_url",
        )
    if parsed.date_published is None:
        return
    existing = Article.objects.filter(title__iexact=parsed.title, date_published=parsed.date_published).first()
    if existing:
        raise DuplicateArticle(f"“{existing.title}” of {existing.date_published:%d %B %Y} is already here ({existing.get_absolute_url()}).")


def read_upload(upload) -> bytes:
    """The bytes of an uploaded file, refusing an oversize one before reading it."""
    check_size(upload.size, MAX_DOCUMENT_BYTES)
    return upload.read()


@transaction.atomic
def create_article(parsed, *, source_file="", status=Article.Status.DRAFT, slug=None, authors=None, **fields):
    """Store a parsed text. `authors` may name the byline's author records (in order); otherwise authors are
    matched by name, and new ones created. Other `fields` override what the text says."""
    article = Article.objects.create(
        title=parsed.title,
        subtitle=parsed.subtitle,
        slug=slug or unique_slug(Article, parsed.title, max_length=300),
        publication=fields.pop("publication", "") or parsed.publication,
        date_published=fields.pop("date_published", None) or parsed.date_published,
        reposted_in=fields.pop("reposted_in", "") or parsed.reposted_in,
        reposted_on=fields.pop("reposted_on", None) or parsed.reposted_on,
        date_precision=fields.pop("date_precision", None) or parsed.date_precision,
        canonical_url=fields.pop("canonical_url", "") or parsed.canonical_url,
        note=parsed.note,
        summary=fields.pop("summary", ""),
        source_file=source_file,
        status=status,
        **fields,
    )
    # A name given twice ("Ana Ruiz" and "ana ruiz") is one author, once in the byline.
    byline = authors or list(dict.fromkeys(author_named(name) for name in parsed.authors))
    for position, author in enumerate(byline, start=1):
        Authorship.objects.create(article=article, author=author, position=position)
    Paragraph.objects.bulk_create(
        Paragraph(article=article, number=number, kind=block.kind, text=block.text)
        for number, block in enumerate(parsed.blocks, start=1)
    )
    article_saved.send(sender=Article, article=article)
    return article


def author_named(name):
    author = Author.objects.filter(name__iexact=name).first()
    return author or Author.objects.create(name=name, slug=unique_slug(Author, name))
