"""Create an article, its byline and its paragraphs from a text in the sources' plain format."""

import reversion
from django.db import transaction

from citydip.core.models import unique_slug

from .models import Article, Author, Authorship, Paragraph
from .parsing import ParseError, check_size, parse
from .signals import article_saved


class DuplicateArticle(ParseError):
    """The text reads well, but the article is already here."""


@transaction.atomic
def import_article(data: bytes, source_file: str = "", user=None) -> Article:
    """An editor's import: the text becomes a draft, its authors matched by name or created.

    Raises ParseError (or DuplicateArticle) with a message for the editor; then nothing is written.
    """
    limit = Article._meta.get_field("source_file").max_length
    if len(source_file) > limit:
        raise ParseError(f"The file's name is {len(source_file)} characters long; it may be at most {limit}.")
    parsed = parse(data)
    existing = Article.objects.filter(title__iexact=parsed.title, date_published=parsed.date_published).first()
    if existing:
        raise DuplicateArticle(f"“{existing.title}” of {existing.date_published:%d %B %Y} is already here ({existing.get_absolute_url()}).")
    with reversion.create_revision():
        reversion.set_comment(f"Imported from {source_file or 'a text'}.")
        if user is not None:
            reversion.set_user(user)
        return create_article(parsed, source_file=source_file)


def read_upload(upload):
    """The bytes of an uploaded file, refusing an oversize one before reading it."""
    check_size(upload.size)
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
        note=parsed.note,
        summary=fields.pop("summary", ""),
        source_file=source_file,
        status=status,
        **fields,
    )
    for position, author in enumerate(authors or [author_named(name) for name in parsed.authors], start=1):
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
