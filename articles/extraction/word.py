"""A Word file (DOCX): a zip of XML parts. The archive is checked before anything is unpacked — a small file
that unpacks to gigabytes (a "zip bomb") would fill the server's memory — then python-docx reads the body's
paragraphs in order: a paragraph styled Title is the title, Subtitle the subtitle, Heading 1–9 a heading.
The page headers and footers are parts of their own, so they never mix with the body."""

import re
import zipfile
from io import BytesIO

import docx
from docx.document import Document
from docx.text.paragraph import Paragraph

from ..parsing import Block, ParsedArticle, ParseError, file_size
from .layout import clean, finish, read_front

DOCUMENT_PART = "word/document.xml"
MAX_UNPACKED = 50 * 1024 * 1024  # a long article with photographs unpacks to a few megabytes
MAX_RATIO = 100  # XML packs about 10 to 1; a bomb packs a thousand or a million to 1
MAX_MEMBERS = 1000
GENERIC_AUTHORS = {"", "python-docx", "user", "admin", "administrator", "author", "microsoft office user"}
DAMAGED = "The Word file cannot be opened: it is damaged or cut short."


def read(data: bytes) -> ParsedArticle:
    check_archive(data)
    document = open_document(data)
    blocks = [block for paragraph in document.paragraphs if (block := styled_block(paragraph)).text]
    if not blocks:
        raise ParseError("The Word file has no text.")
    first, *rest = blocks
    article = ParsedArticle(title=first.text, source_format="docx")
    if rest and rest[0].kind == "subtitle":
        article.subtitle = rest.pop(0).text
    body = read_front(article, rest)
    author = (document.core_properties.author or "").strip()
    if not article.authors and author.lower() not in GENERIC_AUTHORS:  # the file's own author, when the text names none
        article.authors = [name.strip() for name in re.split(r";|,\s*(?:and\s+)?|\s+and\s+", author) if name.strip()]
    return finish(article, [Block("paragraph" if b.kind == "subtitle" else b.kind, b.text) for b in body])


def check_archive(data: bytes) -> None:
    """Refuse, unread, what is no Word file or would unpack to far more than it weighs."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ParseError(DAMAGED) from None
    names = {member.filename for member in members}
    if DOCUMENT_PART not in names:
        kind = "an OpenDocument text (.odt)" if "content.xml" in names else "a zip archive"
        raise ParseError(f"The file is {kind}, not a Word document (DOCX): save it as .docx or PDF and import that.")
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * len(data):
        raise ParseError(
            f"The Word file would unpack to {file_size(unpacked)} from {file_size(len(data))} in {len(members):,} "
            f"parts: far more than a document's text (a “zip bomb”), so it is refused unopened."
        )


def open_document(data: bytes) -> Document:
    try:
        return docx.Document(BytesIO(data))
    except Exception:  # python-docx raises KeyError, ValueError, lxml's errors… on a damaged part: all mean this
        raise ParseError(DAMAGED) from None


def styled_block(paragraph: Paragraph) -> Block:
    style = (paragraph.style.name if paragraph.style is not None else "").lower()
    kind = "paragraph"
    if style.startswith("heading") or style == "title":
        kind = "heading"
    elif style == "subtitle":
        kind = "subtitle"
    return Block(kind, clean(paragraph.text))
