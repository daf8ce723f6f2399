"""What the importer reads from each kind of file an editor brings: the same article as a saved web page, a PDF
printed by a browser and a Word file (tests/data/small_embassies.*, made by tests/data/make_documents.py) gives
the same title, byline, date, publication, address and paragraphs; a text in the sources' format is read as it
always was; and every file it cannot read gets a message that says why."""

import io
import zipfile
from datetime import date

import pytest
from pypdf import PdfWriter

from articles.extraction import MAX_DOCUMENT_BYTES, detect_format, extract
from articles.extraction.web import without_site
from articles.parsing import ParseError, parse
from tests.paths import DATA, ROOT

TITLE = "Small Embassies: How City Halls Build Their Own Foreign Ties"
AUTHORS = ["Ana Ruiz", "Tomás Berg"]
ADDRESS = "https://municipal-dispatch.example.org/2025/03/small-embassies/"
BODY = [
    ("paragraph", "When a mayor travels abroad today, she rarely goes alone or on a whim. City halls from Montevideo "
                  "to Seoul now keep small offices of international relations, staffed by a handful of officials who "
                  "track treaties, answer invitations and decide which networks are worth the membership fee. Their "
                  "work is modest in budget but not in ambition."),
    ("paragraph", "Networks are the backbone of this quiet diplomacy. Montevideo joined the Strong Cities Network in "
                  "2019. Its officials say the network gave them a direct line to peers facing the same questions "
                  "about polarisation and public safety, without waiting for a ministry in the capital to arrange a "
                  "meeting."),
    ("paragraph", "Climate remains the field where cities speak loudest. Nairobi is a member of C40 Cities. Los Angeles "
                  "co-founded Climate Mayors in 2014, and its delegations still bring American mayors to the climate "
                  "conferences where national negotiators set the rules."),
    ("heading", "Hosting the world"),
    ("paragraph", "Hosting is another way in. Lisbon hosted the 2022 UN Ocean Conference, and its city council used the "
                  "week to show off a riverfront plan that had waited years for funding. Seoul has made a habit of it "
                  "too: the city hosted the ICLEI World Congress in 2015 and keeps a standing team for visiting "
                  "delegations."),
    ("paragraph", "Not every invitation is accepted. Bogotá did not join Eurocities. The network is open to European "
                  "cities, and the Colombian capital has put its energy into Latin American partnerships instead."),
    ("paragraph", "Smaller cities face harder choices. In Freetown, the mayor’s office weighs each international "
                  "commitment against the cost of sending staff abroad, and prefers networks that bring money or "
                  "expertise home, such as grants for tree planting and drainage."),
    ("paragraph", "What ties these cases together is a simple bet: that a city can solve local problems faster by "
                  "borrowing answers from peers elsewhere. Whether national governments welcome that bet or resent it "
                  "will shape the next decade of city diplomacy."),
]
# What each format tells of itself: a web page names its site and address; a browser's PDF its site (in the
# PDF's title, "Title | Site") but only a file:// address; the Word file says both in lines under the byline.
READ = {
    "small_embassies.html": ("html", "The Municipal Dispatch", ADDRESS),
    "small_embassies.pdf": ("pdf", "The Municipal Dispatch", ""),
    "small_embassies.docx": ("docx", "The Municipal Dispatch", ADDRESS),
}


def read(name, filename=None):
    return extract((DATA / name).read_bytes(), name if filename is None else filename)


def words(article):
    return " ".join(block.text for block in article.blocks)


@pytest.mark.parametrize("name", READ)
def test_each_format_gives_the_same_article(name):
    article = read(name)
    source_format, publication, address = READ[name]
    assert article.source_format == source_format
    assert article.title == TITLE
    assert article.subtitle == ""
    assert article.authors == AUTHORS
    assert (article.date_published, article.date_precision) == (date(2025, 3, 14), "day")
    assert article.publication == publication
    assert article.canonical_url == address
    assert [(block.kind, block.text) for block in article.blocks] == BODY


def test_a_web_page_loses_its_menus_banners_and_footer_and_keeps_its_first_date():
    article = read("small_embassies.html")
    for boilerplate in ["cookies", "Subscribe", "Read next", "Port cities", "Sign up", "All rights reserved",
                        "Privacy policy", "Share on social media", "By Ana Ruiz", "March 14, 2025"]:
        assert boilerplate not in words(article)
    assert article.date_published == date(2025, 3, 14), "article:published_time, not modified_time (2 April)"


SAVED_PAGE = b"""<!-- saved from url=(0047)https://example.org/news/cities?utm_source=feed -->
<html><head><title>Port Cities Swap Notes | Harbour Review</title>
<meta property="og:site_name" content="Harbour Review"></head>
<body><nav><a href="/">Home</a> \xc2\xb7 <a href="/news/">News</a></nav>
<article><h1>Port cities swap notes</h1><p>By Li Wei</p>
<p>Officials from Rotterdam and Durban met to compare how each port keeps its quays above water,<br>and who pays.</p>
<ul><li>Rotterdam shares its flood maps with the network.</li><li>Durban shares its plan for heat.</li></ul>
<blockquote>We learn faster from each other than from any ministry, said one official.</blockquote>
</article><footer>\xc2\xa9 Harbour Review</footer></body></html>"""


def test_a_page_saved_by_a_browser_without_metadata_tags():
    article = extract(SAVED_PAGE)
    assert (article.title, article.authors, article.publication) == ("Port cities swap notes", ["Li Wei"], "Harbour Review")
    assert article.canonical_url == "https://example.org/news/cities", "from the browser's mark, without tracking"
    assert article.date_published is None, "none is given: the editor says when, on confirming"
    assert [block.text for block in article.blocks] == [
        "Officials from Rotterdam and Durban met to compare how each port keeps its quays above water, and who pays.",
        "Rotterdam shares its flood maps with the network.",
        "Durban shares its plan for heat.",
        "We learn faster from each other than from any ministry, said one official.",
    ]


def test_a_printed_pdf_loses_its_running_header_and_footer():
    text = words(read("small_embassies.pdf"))
    assert "file://" not in text and "1/2" not in text and "The Municipal Dispatch" not in text
    assert "ﬁ" not in text, "ligatures are letters again"


def test_a_word_file_leaves_its_page_header_and_footer_out():
    text = words(read("small_embassies.docx"))
    assert "for the editors" not in text and "Page 1" not in text


@pytest.mark.parametrize(
    "name, filename, expected",
    [
        ("small_embassies.html", "article.txt", "html"),
        ("small_embassies.html", "", "html"),
        ("small_embassies.pdf", "article.docx", "pdf"),
        ("small_embassies.docx", "", "docx"),
        ("sixth_article.txt", "sixth.pdf.txt", "text"),
    ],
)
def test_the_format_is_told_by_the_content_not_the_name(name, filename, expected):
    assert detect_format((DATA / name).read_bytes(), filename) == expected


@pytest.mark.parametrize("source", sorted((ROOT / "fixtures" / "sources").glob("*.txt")), ids=lambda p: p.stem)
def test_a_text_in_the_sources_format_is_read_exactly_as_before(source):
    data = source.read_bytes()
    assert extract(data, source.name) == parse(data)


def test_the_sixth_article_reads_as_before():
    data = (DATA / "sixth_article.txt").read_bytes()
    assert extract(data) == parse(data)
    assert extract(data).source_format == "sources"


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def blank_pdf():
    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.write(buffer)
    return buffer.getvalue()


BAD = [
    pytest.param((DATA / "small_embassies_locked.pdf").read_bytes(), "locked.pdf",
                 "The PDF is protected by a password", id="encrypted-pdf"),
    pytest.param((DATA / "scanned_page.pdf").read_bytes(), "scan.pdf",
                 "The PDF has no text to read: its pages are images", id="image-only-pdf"),
    pytest.param(blank_pdf(), "blank.pdf", "The PDF has no text to read", id="blank-pdf"),
    pytest.param((DATA / "small_embassies.pdf").read_bytes()[:3000], "cut.pdf",
                 "The PDF cannot be read: it is damaged or cut short", id="truncated-pdf"),
    pytest.param((DATA / "zip_bomb.docx").read_bytes(), "bomb.docx",
                 "The Word file would unpack to 3,814.7 MB from 1 kB in 2 parts", id="zip-bomb"),
    pytest.param(zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"}), "a.docx",
                 "The file is an OpenDocument text \\(.odt\\), not a Word document", id="odt"),
    pytest.param(zipped({"data.csv": "a,b"}), "a.docx", "The file is a zip archive, not a Word document", id="zip"),
    pytest.param((DATA / "small_embassies.docx").read_bytes()[:5000], "cut.docx",
                 "The Word file cannot be opened: it is damaged or cut short", id="truncated-docx"),
    pytest.param(zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<not-xml"}), "a.docx",
                 "The Word file cannot be opened", id="damaged-docx"),
    pytest.param((DATA / "random_bytes.bin").read_bytes(), "noise.bin",
                 "The file is not a text file \\(it holds binary data\\), nor a web page, PDF or Word", id="random"),
    pytest.param((DATA / "random_bytes.bin").read_bytes(), "report.pdf",
                 "The file is named “report.pdf” but is not a PDF", id="random-named-pdf"),
    pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old.doc",
                 "an older Word or Office file \\(.doc\\); save it as .docx or PDF", id="doc"),
    pytest.param(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "page.html",
                 "No article text was found in the web page", id="page-without-article"),
    pytest.param(b" \n\t ", "empty.txt", "The file is empty", id="empty"),
    pytest.param(b"%PDF-1.7\n" + b"0" * MAX_DOCUMENT_BYTES, "huge.pdf",
                 "The file is 10 MB; an article may be at most 10 MB", id="over-10-MB"),
    pytest.param(b"A title\n\n" + b"words " * 100_000, "long.txt", "at most 512 kB", id="text-over-512-kB"),
]


@pytest.mark.parametrize("data, filename, message", BAD)
def test_a_file_that_cannot_be_read_gets_a_message_that_says_why(data, filename, message):
    with pytest.raises(ParseError, match=message):
        extract(data, filename)


@pytest.mark.parametrize(
    "title, site, headline",
    [
        ("Small Embassies | The Municipal Dispatch", "The Municipal Dispatch", "Small Embassies"),
        ("Berlin confronts Germany's colonial past | DW | 19.01.2020", "DW.COM", "Berlin confronts Germany's colonial past"),
        ("Ein Presse-Event der Extraklasse | MODEPILOT.de", "MODEPILOT.de | Modepilot", "Ein Presse-Event der Extraklasse"),
        ("Die Ablehnung der Gendersprache » SciLogs - Wissenschaftsblogs", "SciLogs - Wissenschaftsblogs", "Die Ablehnung der Gendersprache"),
        ("Cities - the new diplomats - Foreign Policy", "Foreign Policy", "Cities - the new diplomats"),
        # Kept whole: no site's name at the end, or nothing before it.
        ("Budget | 2020/21", "City Council", "Budget | 2020/21"),
        ("Letters: Coddling criminals | Undermining road | Tax dollars", "The Post", "Letters: Coddling criminals | Undermining road | Tax dollars"),
        ("DW", "DW.COM", "DW"),
    ],
)
def test_a_page_title_loses_its_site_s_name_and_the_date_after_it(title, site, headline):
    assert without_site(title, site) == headline
