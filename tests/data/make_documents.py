"""Make the documents the extraction tests read, from small_embassies.html — an article written for these tests,
in our own words, as a news site would serve it. The outputs are committed; run this again only to change them:

    .venv/bin/python tests/data/make_documents.py

- small_embassies.docx: the same article as an author's Word file (Title and Heading styles, a byline, a
  "Published in … on …" line and the address under the title, a page header and footer that are not body);
- small_embassies.pdf: the page printed by Chromium as an editor's browser would, with its running header
  (date and time, the page's title) and footer (address, page number);
- small_embassies_locked.pdf: that PDF behind a password; scanned_page.pdf: a page that is only an image;
- zip_bomb.docx: a few kilobytes whose parts declare gigabytes; random_bytes.bin: 4 kB of noise.
"""

import base64
import random
import struct
import subprocess
import tempfile
import zipfile
import zlib
from datetime import datetime
from io import BytesIO
from pathlib import Path

import docx
import lxml.html
from pypdf import PdfReader, PdfWriter

HERE = Path(__file__).resolve().parent
PAGE = HERE / "small_embassies.html"
CHROMIUM = "/usr/bin/chromium"


def article_parts():
    """(kind, text) of the page's <article>: its h1, paragraphs and h2, as the HTML gives them."""
    article = lxml.html.parse(str(PAGE)).find(".//article")
    return [(element.tag, " ".join(element.text_content().split())) for element in article
            if element.tag in ("h1", "h2", "p") and "share" not in element.get("class", "")]


def make_docx(path):
    document = docx.Document()
    for tag, text in article_parts():
        if tag == "h1":
            document.add_paragraph(text, style="Title")
        elif tag == "h2":
            document.add_heading(text, level=2)
        elif text == "March 14, 2025":  # the page's dateline; a Word file says where as well as when
            document.add_paragraph("Published in The Municipal Dispatch on March 14, 2025")
            document.add_paragraph("https://municipal-dispatch.example.org/2025/03/small-embassies/")
        else:
            document.add_paragraph(text)
    section = document.sections[0]
    section.header.paragraphs[0].text = "The Municipal Dispatch — for the editors, not for publication"
    section.footer.paragraphs[0].text = "Page 1"
    properties = document.core_properties
    properties.title, properties.author = "Small Embassies", "Ana Ruiz; Tomás Berg"
    properties.created = properties.modified = datetime(2025, 3, 10, 9, 0)
    document.save(path)


def print_pdf(html, path, *flags):
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", *flags, f"--print-to-pdf={path}", str(html)],
                   check=True, capture_output=True, timeout=120)


def make_locked_pdf(source, path):
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password="city-hall", owner_password="city-hall-owner", algorithm="RC4-128")
    with open(path, "wb") as file:
        writer.write(file)


def png(width, height):
    """A grey page-like image with darker bands for lines of type: what a scanner gives, without any text."""
    rows = b"".join(b"\x00" + bytes(90 if (y // 6) % 3 == 0 and 20 < x < width - 20 else 235 for x in range(width))
                    for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def make_scanned_pdf(path):
    with tempfile.TemporaryDirectory() as folder:
        html = Path(folder) / "scan.html"
        image = base64.b64encode(png(400, 560)).decode()
        html.write_text(f'<html><body style="margin:0"><img alt="" src="data:image/png;base64,{image}"></body></html>')
        print_pdf(html, path, "--no-pdf-header-footer")


def make_zip_bomb(path):
    """A Word file's parts, its document a megabyte of blank space that packs to a kilobyte, and declaring
    (in its local header and the central directory) 4,000,000,000 bytes unpacked."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<w:document>" + " " * 1_000_000 + "</w:document>")
    data = bytearray(buffer.getvalue())
    declared = struct.pack("<I", 4_000_000_000)
    local, central = second(data, b"PK\x03\x04"), second(data, b"PK\x01\x02")  # the document's, after the types'
    data[local + 22 : local + 26] = declared
    data[central + 24 : central + 28] = declared
    path.write_bytes(bytes(data))


def second(data, signature):
    return data.index(signature, data.index(signature) + 1)


def main():
    make_docx(HERE / "small_embassies.docx")
    print_pdf(PAGE, HERE / "small_embassies.pdf")
    make_locked_pdf(HERE / "small_embassies.pdf", HERE / "small_embassies_locked.pdf")
    make_scanned_pdf(HERE / "scanned_page.pdf")
    make_zip_bomb(HERE / "zip_bomb.docx")
    (HERE / "random_bytes.bin").write_bytes(random.Random(14).randbytes(4096))


if __name__ == "__main__":
    main()
