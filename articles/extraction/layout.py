"""What every reader does with the blocks of text it found: lines joined into paragraphs, the header lines
under the title read as byline, date, publication and address, and the same checks as the sources' format
(no field longer than its column or made of invisible characters, a body, a bounded number of paragraphs)."""

import re

from ..models import Article, Author
from ..parsing import (
    MAX_BLOCKS,
    MAX_BYTES,
    SENTENCE_END,
    Block,
    ParsedArticle,
    ParseError,
    check_header,
    file_size,
    header_field,
    repeated_nearby,
)
from . import headers

# Print and PDF fonts join some letter pairs into one glyph; the words are what we keep.
LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
SOFT_HYPHEN = "\u00ad"
HYPHENATED = re.compile(r"[^\W\d_]-$")
FRONT_REACH = 5  # header lines come straight under the title: a byline, a date, a publication, an address
HEADING_LENGTH = 100
HEADING_WORDS = 12


def clean(text: str) -> str:
    """One line of words: ligatures and soft hyphens undone, runs of white space (new lines, tabs, no-break
    spaces) made one space."""
    return " ".join(text.translate(LIGATURES).replace(SOFT_HYPHEN, "").split())


def join_lines(lines: list[str]) -> str:
    """The lines of one paragraph as one line. A word hyphenated at a line's end ("inter-" / "national") is
    made whole again when the next line goes on in lower case; before a capital the hyphen is the word's own
    ("Franco-" / "German": "Franco-German"); a soft hyphen, which only shows where a line breaks, joins."""
    text, soft = "", False
    for raw in lines:
        line = clean(raw)
        if not line:
            continue
        if soft:
            text += line
        elif HYPHENATED.search(text) and line[0].isalpha():
            text = (text[:-1] if line[0].islower() else text) + line
        else:
            text = f"{text} {line}" if text else line
        soft = raw.rstrip().endswith(SOFT_HYPHEN)
    return text


def wrapped_paragraphs(lines: list[str]) -> list[list[str]]:
    """Lines cut at a width (a PDF's, an e-mail's) as paragraphs: one ends where a line ends a sentence
    short of the width."""
    width = max(len(line.rstrip()) for line in lines)
    paragraphs, current = [], []
    for line in lines:
        current.append(line)
        stripped = line.rstrip()
        if stripped.endswith((".", "!", "?", ":", "”", '"')) and len(stripped) < 0.8 * width:
            paragraphs.append(current)
            current = []
    return [*paragraphs, current] if current else paragraphs


def looks_like_heading(text: str) -> bool:
    """A short line of a few words that does not end a sentence, such as "Hosting the world" in a PDF or a
    text — not a line cut short mid-sentence ("… and to pub-", "… the mayors,")."""
    return (
        len(text) <= HEADING_LENGTH and len(text.split()) <= HEADING_WORDS and text[:1].isupper()
        and not SENTENCE_END.search(text) and not text.endswith(("-", ",", ";"))
    )


def read_front(article: ParsedArticle, blocks: list[Block]) -> list[Block]:
    """Take the byline, date, publication and address from the lines just under the title; the rest is the
    body. What the document's own metadata already gave (a web page's) is kept: its lines only fill gaps."""
    taken = 0
    for block in blocks[:FRONT_REACH]:
        if not (fields := header_fields(block.text)):
            break
        if "date_published" in fields and not article.date_published:  # a date and its precision go together
            article.date_published, article.date_precision = fields["date_published"], fields["date_precision"]
        for name, value in fields.items():
            if name not in ("date_published", "date_precision") and not getattr(article, name):
                setattr(article, name, value)
        taken += 1
    return blocks[taken:]


def header_fields(text: str) -> dict:
    """The fields a header line gives, {} when it is body. "By Ana Ruiz | March 14, 2025" gives both."""
    found = {}
    for part in headers.split_dateline(text):
        if not (fields := read_header_line(part)):
            return {}
        found = {**fields, **found}
    return found


def read_header_line(text: str) -> dict:
    """The fields one part of a header line gives ({} when it is body)."""
    if names := headers.read_byline(text):
        return {"authors": names}
    if when := headers.read_date(text):
        return {"date_published": when[0], "date_precision": when[1]}
    if published := headers.read_published_in(text):
        publication, when = published
        dated = {"date_published": when[0], "date_precision": when[1]} if when else {}
        return {"publication": publication, **dated}
    if url := headers.read_url(text):
        return {"canonical_url": url}
    return {}


def finish(article: ParsedArticle, body: list[Block]) -> ParsedArticle:
    """The article as the importer stores it, or ParseError saying what is missing or cannot be stored."""
    if not article.title:
        raise ParseError("The document has no title: nothing stands before its body.")
    check_header(article)
    article.authors = [header_field(name, "author's name", Author, "name") for name in article.authors]
    article.canonical_url = headers.canonical(article.canonical_url)
    if len(article.canonical_url) > Article._meta.get_field("canonical_url").max_length:
        article.canonical_url = ""  # an address that long is a tracking link, not the article's own
    article.blocks = checked_body([block for block in body if block.text.strip()])
    return article


def checked_body(blocks: list[Block]) -> list[Block]:
    if len(blocks) > MAX_BLOCKS:
        raise ParseError(f"The document has {len(blocks):,} paragraphs; an article may have at most {MAX_BLOCKS:,}.")
    size = sum(len(block.text.encode()) for block in blocks)
    if size > MAX_BYTES:
        raise ParseError(f"The document's text is {file_size(size)}; an article may be at most {file_size(MAX_BYTES)}.")
    blocks = [block for index, block in enumerate(blocks) if not repeated_nearby(blocks, index)]
    if not any(block.kind == "paragraph" for block in blocks):
        raise ParseError("The document has a title but no body paragraphs.")
    return blocks
