"""A PDF. pypdf lays each page's text out as it is printed (extraction_mode="layout"), so the blank lines
between paragraphs survive; the running headers and footers of the pages (the date and title a browser prints
at the top, the address and page number at the bottom, a journal's name) are dropped; lines are joined into
paragraphs, words hyphenated at a line's end made whole, and a paragraph cut by a page break joined again."""

import re
from collections import Counter
from io import BytesIO

from pypdf import PageObject, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from ..parsing import SENTENCE_END, Block, ParsedArticle, ParseError
from . import headers
from .layout import HEADING_LENGTH, clean, finish, join_lines, looks_like_heading, read_front, wrapped_paragraphs

MAX_PAGES = 300
EDGE = 2  # lines at the top and at the bottom of each page where running headers and footers are looked for
COLUMN_GAP = re.compile(r"\S {4,}\S")  # two columns side by side in the layout
# What is printed on every page whatever it holds: page numbers, a browser's date and time, and its footer of
# the page's address and the page's number ("https://… 1/2"), the address of the page that was printed.
BROWSER_FOOTER = re.compile(r"(?P<address>(?:https?|file)://\S+)\s+\d+\s*(?:/|of)\s*\d+", re.IGNORECASE)
FURNITURE = re.compile(
    r"(?:page\s+)?\d+(?:\s*(?:/|of)\s*\d+)?|[-–—]\s*\d+\s*[-–—]|\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}.*"
    rf"|{BROWSER_FOOTER.pattern}",
    re.IGNORECASE,
)
GENERIC_AUTHORS = {"", "user", "admin", "administrator", "author", "microsoft office user"}
ENCRYPTED = (
    "The PDF is protected by a password, so its text cannot be read. Open it, save or print it as a PDF "
    "without protection, and import that."
)


def read(data: bytes) -> ParsedArticle:
    reader = open_pdf(data)
    pages = [page_lines(page) for page in reader.pages]
    if not any(line.strip() for lines in pages for line in lines):
        raise ParseError(
            "The PDF has no text to read: its pages are images (a scan or a photograph). Run it through text "
            "recognition (OCR) first, or paste the article's text."
        )
    pages, furniture = without_running_lines(pages)
    blocks = document_blocks(pages)
    if not blocks:
        raise ParseError("The PDF holds only page numbers and running headers, no article text.")
    article = ParsedArticle(title=blocks[0].text, source_format="pdf")
    body = read_front(article, blocks[1:])
    fill_from_metadata(article, reader, furniture)
    return finish(article, body)


def open_pdf(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not opens_without_password(reader):
            raise ParseError(ENCRYPTED)
        count = len(reader.pages)
    except ParseError:
        raise
    except FileNotDecryptedError:
        raise ParseError(ENCRYPTED) from None
    except Exception:  # pypdf raises many kinds of error on a damaged file; each means the same to an editor
        raise ParseError("The PDF cannot be read: it is damaged or cut short.") from None
    if count > MAX_PAGES:
        raise ParseError(f"The PDF has {count:,} pages; an article may have at most {MAX_PAGES}.")
    return reader


def opens_without_password(reader: PdfReader) -> bool:
    """Many PDFs are encrypted only against editing, with an empty password for reading: those are read."""
    try:
        return bool(reader.decrypt(""))
    except DependencyError:  # AES needs the cryptography package, which we do not install for this alone
        return False


def page_lines(page: PageObject) -> list[str]:
    """A page's lines as laid out, or in content order when the page sets columns side by side (the layout
    would interleave them); in content order, blank lines are put where a wrapped paragraph ends."""
    try:
        lines = page.extract_text(extraction_mode="layout").split("\n")
        if sum(bool(COLUMN_GAP.search(line.strip())) for line in lines) * 3 > sum(bool(line.strip()) for line in lines):
            lines = page.extract_text().split("\n")
            lines = [line for paragraph in wrapped_paragraphs(lines or [""]) for line in [*paragraph, ""]]
    except Exception:  # a font or stream pypdf cannot decode: the page gives no text rather than the import failing
        return []
    return [clean(line) for line in lines]


def without_running_lines(pages: list[list[str]]) -> tuple[list[list[str]], list[str]]:
    """The pages without their running headers and footers: a line at a page's top or bottom that comes back
    on at least half of the pages (numbers aside), or that is page furniture. Also returns what was dropped."""
    seen = Counter(key for lines in pages for key in {running_key(lines[i]) for i in edges(lines)})
    repeated = {key for key, count in seen.items() if count >= 2 and count * 2 >= len(pages)}
    kept, dropped = [], []
    for lines in pages:
        edge = edges(lines)
        running = {i for i in edge if running_key(lines[i]) in repeated or FURNITURE.fullmatch(lines[i])}
        dropped += [lines[i] for i in sorted(running)]
        kept.append([line for i, line in enumerate(lines) if i not in running])
    return kept, dropped


def edges(lines: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line]
    return sorted(set(filled[:EDGE] + filled[-EDGE:]))


def running_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


def document_blocks(pages: list[list[str]]) -> list[Block]:
    """Each page's paragraphs (lines between blank lines); a paragraph that a page break cut — it does not end
    a sentence, and it is long or the next page goes on in lower case — is joined to the next page's first."""
    blocks: list[Block] = []
    for lines in pages:
        page = [group_block(group) for group in groups(lines)]
        if blocks and page and cut_by_page_break(blocks[-1], page[0]):
            blocks[-1] = Block("paragraph", join_lines([blocks[-1].text, page.pop(0).text]))
        blocks += page
    return blocks


def groups(lines: list[str]) -> list[list[str]]:
    found, current = [], []
    for line in [*lines, ""]:
        if line:
            current.append(line)
        elif current:
            found.append(current)
            current = []
    return found


def group_block(lines: list[str]) -> Block:
    text = join_lines(lines)
    return Block("heading" if len(lines) == 1 and looks_like_heading(text) else "paragraph", text)


def cut_by_page_break(last: Block, first: Block) -> bool:
    if last.kind != "paragraph" or SENTENCE_END.search(last.text):
        return False
    return first.text[:1].islower() or len(last.text) > HEADING_LENGTH


def fill_from_metadata(article: ParsedArticle, reader: PdfReader, furniture: list[str]) -> None:
    """What the text did not say, from the PDF's properties and its running lines: the authors, the site a
    browser printed the page from ('Title | Site' as the PDF's title) and its address (the footer's)."""
    try:
        info = reader.metadata or {}
        title, author = str(info.get("/Title") or ""), str(info.get("/Author") or "")
    except Exception:  # damaged properties are no reason to refuse the text
        title, author = "", ""
    if not article.authors and author.strip().lower() not in GENERIC_AUTHORS:
        article.authors = [name.strip() for name in re.split(r";|,\s*(?:and\s+)?|\s+and\s+", author) if name.strip()]
    for separator in (" | ", " - ", " – ", " — "):
        if not article.publication and clean(title).startswith(article.title + separator):
            article.publication = clean(title)[len(article.title + separator) :]
    for line in furniture:
        if not article.canonical_url and (match := BROWSER_FOOTER.fullmatch(line)):
            article.canonical_url = headers.canonical(match["address"])  # '' for a file:// one
