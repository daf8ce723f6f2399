"""Read an article from what editors have: a saved web page, a PDF, a Word file (DOCX), or a plain text —
in the sources' format, read exactly as articles.parsing always has, or in any other reasonable layout.

One entry point, `extract(data, filename)`, which returns a ParsedArticle or raises ParseError with a
message for the editor. The format is told by the content — a PDF begins with %PDF, a Word file is a zip
holding word/document.xml, a web page with <html> or <!DOCTYPE html> — and the file's name only where the
content leaves it open (a page fragment named .html) or contradicts it (random bytes named .pdf).
"""

import re
from importlib import import_module
from pathlib import PurePath

from ..parsing import ParsedArticle, ParseError, check_size

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024  # a web page, PDF or Word file; a plain text stays within MAX_BYTES
FORMATS = {
    "sources": "plain text in the sources' format",
    "text": "plain text",
    "html": "web page",
    "pdf": "PDF",
    "docx": "Word document",
}
# Each format's module, imported when a file of its kind comes: trafilatura alone adds 0.4 s to the start of
# every process that loads the admin, and most never import anything.
READERS = {"text": "text", "html": "web", "pdf": "pdf", "docx": "word"}
HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*|<\?xml[^>]*>\s*)*<(?:!doctype\s+html|html|head|body)[\s>]", re.I | re.S)
HTML_TAGS = re.compile(rb"<(?:p|div|article|h1|title|meta)[\s>]", re.I)
SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".xhtml": "html"}
# Files editors may have that this importer does not read, and what to do with each.
OTHER_KINDS = [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an older Word or Office file (.doc); save it as .docx or PDF and import that"),
    (b"{\\rtf", "a rich text file (.rtf); save it as .docx or PDF and import that"),
    (b"\x89PNG", "an image (PNG), not a text file or a document with text"),
    (b"\xff\xd8\xff", "an image (JPEG), not a text file or a document with text"),
    (b"GIF8", "an image (GIF), not a text file or a document with text"),
]


def extract(data: bytes, filename: str = "") -> ParsedArticle:
    """The article a file holds, whatever its format; ParseError says why not, and then nothing is written."""
    if not data.strip():
        raise ParseError("The file is empty.")
    check_size(len(data), MAX_DOCUMENT_BYTES)
    reader = import_module(f"{__name__}.{READERS[detect_format(data, filename)]}")
    return reader.read(data)


def detect_format(data: bytes, filename: str = "") -> str:
    """"pdf", "docx", "html" or "text" from the first bytes; ParseError for a kind of file not read here."""
    head = data[:1024]
    if b"%PDF-" in head:  # the specification allows a few bytes before it
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"  # word.read says so when the zip is some other kind
    for magic, kind in OTHER_KINDS:
        if head.startswith(magic):
            raise ParseError(f"The file is {kind}.")
    if HTML_START.match(head.removeprefix(b"\xef\xbb\xbf")):
        return "html"
    named = SUFFIXES.get(PurePath(filename).suffix.lower())
    if named == "html" and HTML_TAGS.search(data[:65536]):
        return "html"
    if named in ("pdf", "docx"):
        raise ParseError(f"The file is named “{PurePath(filename).name}” but is not a {FORMATS[named]}: it may be "
                         "damaged, or another kind of file renamed.")
    return "text"
