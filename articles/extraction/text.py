"""Plain text, as a file or pasted into the admin. A text in the sources' format (a dateline such as "Feb 15,
2024 by Name" or "FOREIGN AFFAIRS (December 29, 2020).") is read by articles.parsing exactly as before.
Any other text: its first line is the title, the lines under it may give byline, date, publication and
address, and the rest is the body — paragraphs separated by blank lines, or one per line, or lines
hard-wrapped as copied from a PDF or an e-mail."""

import re

from ..parsing import DATE_BYLINE, PUBLICATION_LINE, Block, ParsedArticle, ParseError, decode, parse, plain
from .layout import finish, header_fields, join_lines, looks_like_heading, read_front, wrapped_paragraphs

SOURCES_REACH = 8  # the sources' dateline comes within their first blocks, after a thumbnail line or two
WRAP_WIDTH = 120  # lines no longer than this were cut by a width; longer ones are whole paragraphs
CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")
HEADING_MARK = re.compile(r"^\s*#{1,6}\s+")  # markdown's "## Heading", not a "#hashtag"


def read(data: bytes) -> ParsedArticle:
    refuse_binary(data)
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    if in_sources_format(text):
        return parse(data)
    return read_layout(text)


def refuse_binary(data: bytes) -> None:
    """A file of another kind (an image, an archive, random bytes) is said to be one, before it is read as
    text: a text has no NUL and almost no control characters."""
    sample = data[:4096]
    if b"\x00" in data or len(CONTROL.findall(sample)) * 100 > len(sample):
        raise ParseError(
            "The file is not a text file (it holds binary data), nor a web page, PDF or Word document (DOCX): "
            "the kinds of file this importer reads."
        )


def in_sources_format(text: str) -> bool:
    blocks = [plain(block) for block in BLANK_LINE.split(text, maxsplit=SOURCES_REACH * 2) if block.strip()]
    return any(DATE_BYLINE.match(block) or PUBLICATION_LINE.match(block) for block in blocks[:SOURCES_REACH])


def read_layout(text: str) -> ParsedArticle:
    """The first line is the title; each other line of its block is a header line or a paragraph of its own
    ("By …", "March 14, 2025" typed straight under the title), then the body's blocks."""
    chunks = [chunk.strip("\n").split("\n") for chunk in BLANK_LINE.split(text.strip())]
    first, *rest = chunks
    article = ParsedArticle(title=unmarked(first[0]), source_format="text")
    blocks = [line_block(line) for line in first[1:] if line.strip()]
    for lines in rest:
        blocks += chunk_blocks([line for line in lines if line.strip()])
    return finish(article, read_front(article, blocks))


def chunk_blocks(lines: list[str]) -> list[Block]:
    """A block of lines between blank lines: one line is a paragraph or a heading; lines cut at a width are
    a paragraph, or several where a line ends a sentence short of the width; longer lines are one each, and so
    are header lines ("By …" over "March 14, 2025")."""
    if not lines:
        return []
    if len(lines) == 1 or max(len(line) for line in lines) > WRAP_WIDTH or all(map(header_fields, lines)):
        return [line_block(line) for line in lines]
    return [Block("paragraph", join_lines(paragraph)) for paragraph in wrapped_paragraphs(lines)]


def line_block(line: str) -> Block:
    words = unmarked(line)
    heading = bool(HEADING_MARK.match(line)) or looks_like_heading(words)
    return Block("heading" if heading else "paragraph", words)


def unmarked(line: str) -> str:
    """A line without the "#" marks of a markdown heading, its white space made single spaces."""
    return " ".join(HEADING_MARK.sub("", line).split())
