"""Read an article from the plain-text format of the sources: a header (date and byline, or a publication
line, a title, a subtitle, a publisher's note) followed by the body in blank-line-separated blocks.

The texts were copied from web pages and PDFs, so a sentence is sometimes cut by a page break into two
blocks; those halves are joined again. Pull quotes repeat the body and separators carry no text, so both
are left out. What remains keeps the texts' words exactly, without their markdown marks.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from .models import Article, Author

MAX_BYTES = 512 * 1024
MAX_BLOCKS = 2000  # the longest source has 40; the admin edits an article's paragraphs on one page
# A pull quote is a sentence or two, set within a few blocks of the passage it repeats.
PULL_QUOTE_LENGTH = 600
PULL_QUOTE_REACH = 12
# Characters that show nothing yet change how a name reads or compares: bidirectional marks, embeddings,
# overrides and isolates (U+202E shows "Lena" as "aneL") and zero-width ones (U+200B–U+200D, U+2060, U+FEFF).
INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
FOOTNOTE = re.compile(r"\s*(<sup>\s*\[\d+\]\s*</sup>|\^\[\d+\])")
DATE_BYLINE = re.compile(r"^(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}) by (?P<names>.+)$")
PUBLICATION_LINE = re.compile(r"^(?P<publication>[A-Z][A-Z .&’']+[A-Z])\s*\((?P<date>[A-Za-z]+\.? \d{1,2}, \d{4})\)\.?$")
BYLINE = re.compile(r"^By (?P<names>.+)$")
ORIGINALLY = re.compile(r"originally published (?:by|in) (?P<publication>[A-Z][\w.&’' ]*?)(?: here| on |[.,]|$)")
SENTENCE_END = re.compile(r"[.!?:;…\"”’)\]]$")


class ParseError(ValueError):
    """The text cannot be read as an article; the message says why, for an editor to act on."""


@dataclass
class Block:
    kind: str  # "paragraph" or "heading"
    text: str


@dataclass
class ParsedArticle:
    """What a document says of itself, before an editor confirms it: the parts an Article is made of."""

    title: str
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    date_published: date | None = None
    date_precision: str = "day"  # Article.DatePrecision: "day", "month" or "year"
    publication: str = ""
    reposted_in: str = ""
    reposted_on: date | None = None
    note: str = ""
    canonical_url: str = ""
    source_format: str = "sources"  # which reader read it: articles.extraction.FORMATS
    blocks: list[Block] = field(default_factory=list)


def plain(markdown):
    """Markdown-marked text as a reader sees it: links become their words, emphasis and heading marks go."""
    text = LINK.sub(r"\1", markdown)
    text = FOOTNOTE.sub("", text)
    text = text.replace("*", "").lstrip("#").replace("\\", "")
    return re.sub(r"\s+", " ", text).strip()


def parse_date(value):
    for fmt in ("%b %d, %Y", "%b. %d, %Y", "%B %d, %Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ParseError(f"“{value}” is not a date this importer reads (e.g. Feb 15, 2024 or December 29, 2020).")


def header_field(text, name, model, column):
    """A header field as stored: without invisible characters, and refused when nothing else is left or when
    it is longer than its column (which PostgreSQL would refuse with an error the editor cannot act on)."""
    shown = " ".join(INVISIBLE.sub("", text).split())
    if text and not shown:
        raise ParseError(f"The {name} is made of invisible characters only (zero-width or direction marks).")
    limit = model._meta.get_field(column).max_length
    if len(shown) > limit:
        raise ParseError(f"The {name} is {len(shown)} characters long; it may be at most {limit}: “{shown[:60]}…”.")
    return shown


def split_names(names):
    """'A, B, and C' / 'A and B' → ['A', 'B', 'C']."""
    names = plain(names)
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", names)
    return [header_field(part, "author's name", Author, "name") for part in parts if part.strip()]


def check_size(size: int, limit: int = MAX_BYTES) -> None:
    """Refuse a file over the limit — asked before reading it where its size is known first. The limit is
    MAX_BYTES for a text; a web page, PDF or Word file, which carry more than their words, may be larger."""
    if size > limit:
        raise ParseError(f"The file is {file_size(size)}; an article may be at most {file_size(limit)}.")


def file_size(size: int) -> str:
    """'600 kB' below a megabyte, as the texts' limit has always been said; '12.5 MB' above."""
    return f"{size // 1024:,} kB" if size < 1024 * 1024 else f"{round(size / 1024 / 1024, 1):,g} MB"


def decode(data):
    if not data.strip():
        raise ParseError("The file is empty.")
    check_size(len(data))
    if b"\x00" in data:
        raise ParseError("The file is not a text file (it holds binary data).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ParseError(f"The file is not UTF-8 text (byte {error.start} cannot be read).") from None


def is_pull_quote(raw):
    stripped = raw.lstrip("#").strip()
    return stripped.startswith("***") and stripped.endswith("***")


def is_heading(raw):
    return raw.startswith("#") or bool(re.match(r"^\d+\)\s", raw))


def parse(data: bytes) -> ParsedArticle:
    """Parse bytes of a source text into a ParsedArticle, or raise ParseError."""
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    raw_blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    article = ParsedArticle(title="")
    body_start = None
    for index, raw in enumerate(raw_blocks):
        words = plain(raw)
        if not words or words.rstrip(":") == "Thumbnail Image":
            continue
        if match := DATE_BYLINE.match(words):
            article.date_published = parse_date(match["date"])
            article.authors = split_names(match["names"])
        elif match := PUBLICATION_LINE.match(words):
            article.publication = match["publication"].title()
            article.date_published = parse_date(match["date"])
        elif (match := BYLINE.match(words)) and not article.authors:
            article.authors = split_names(match["names"])
        elif words.startswith("Note from"):
            article.note = words
            site = "USC Center on Public Diplomacy blog" if "CPD Blog" in words else article.publication
            if found := ORIGINALLY.search(words):
                # A repost: cited by where it first appeared. The text gives only the repost's day, which
                # stands for the first one until an editor corrects it.
                article.reposted_in, article.reposted_on = site, article.date_published
                article.publication = found["publication"].strip()
            else:
                article.publication = site
        elif not article.title:
            article.title = words
        elif not article.subtitle and raw.startswith("#") and index + 1 < len(raw_blocks):
            article.subtitle = words
        else:
            body_start = index
            break
    if not article.title:
        raise ParseError("The text has no title (expected a line such as “## Title” before the body).")
    check_header(article)
    if article.date_published is None:
        raise ParseError("The text has no date (expected e.g. “Feb 15, 2024 by Name” or “FOREIGN AFFAIRS (December 29, 2020).”).")
    if body_start is None:
        raise ParseError("The text has a title but no body.")
    article.blocks = body_blocks(raw_blocks[body_start:])
    if not any(block.kind == "paragraph" for block in article.blocks):
        raise ParseError("The text has a title but no body paragraphs.")
    return article


def check_header(article: ParsedArticle) -> None:
    """The header's fields as they will be stored, or ParseError when one cannot be (see header_field)."""
    article.title = header_field(article.title, "title", Article, "title")
    article.subtitle = header_field(article.subtitle, "subtitle", Article, "subtitle")
    article.publication = header_field(article.publication, "publication", Article, "publication")
    article.reposted_in = header_field(article.reposted_in, "site of the repost", Article, "reposted_in")


def body_blocks(raw_blocks):
    blocks = []
    continues = False
    for raw in raw_blocks:
        if raw.strip("-—– ") == "" or is_pull_quote(raw):
            continue
        words = plain(raw)
        if not words:
            continue
        if is_heading(raw):
            blocks.append(Block("heading", words))
            continues = False
        elif continues:
            blocks[-1].text = f"{blocks[-1].text} {words}"
        else:
            blocks.append(Block("paragraph", words))
        # A body block that stops mid-sentence was cut by a page break: the next block finishes it.
        continues = blocks[-1].kind == "paragraph" and not SENTENCE_END.search(blocks[-1].text)
    if len(blocks) > MAX_BLOCKS:
        raise ParseError(f"The text has {len(blocks):,} paragraphs; an article may have at most {MAX_BLOCKS:,}.")
    return [block for index, block in enumerate(blocks) if not repeated_nearby(blocks, index)]


def repeated_nearby(blocks, index):
    """Whether the block is a pull quote set in the page as a paragraph or heading: a short passage repeated
    inside a block near it. Looking only nearby keeps parsing linear: comparing every pair of blocks took 50 s
    for a text of 36,000 short paragraphs."""
    text = blocks[index].text
    if len(text) > PULL_QUOTE_LENGTH:
        return False
    nearby = blocks[max(index - PULL_QUOTE_REACH, 0) : index] + blocks[index + 1 : index + 1 + PULL_QUOTE_REACH]
    return any(text in other.text for other in nearby)
