"""How lines become an article when a document has no header fields: a pasted or plain text in any reasonable
layout, the header lines under a title, and a PDF's lines, page breaks and running headers."""

from datetime import date
from types import SimpleNamespace

import pytest

from articles.extraction import extract
from articles.extraction.headers import canonical, read_byline, read_date
from articles.extraction.layout import join_lines
from articles.extraction.pdf import document_blocks, fill_from_metadata, without_running_lines
from articles.parsing import ParsedArticle, ParseError

FIRST = "Cities now keep small offices of international relations. Their work is modest."
SECOND = "Montevideo joined the Strong Cities Network in 2019. Its officials found peers there."


def texts(article):
    return [(block.kind, block.text) for block in article.blocks]


def test_a_text_without_headers_has_its_first_line_as_title_and_blank_line_paragraphs():
    article = extract(f"Small Embassies\n\n{FIRST}\n\n{SECOND}\n".encode())
    assert article.source_format == "text"
    assert article.title == "Small Embassies"
    assert (article.authors, article.date_published, article.publication) == ([], None, "")
    assert texts(article) == [("paragraph", FIRST), ("paragraph", SECOND)]


def test_the_lines_under_the_title_give_byline_date_publication_and_address():
    text = (
        "Small Embassies\r\nBy Ana Ruiz and Tomás Berg\r\nMarch 2025\r\n"
        "Published in The Municipal Dispatch\r\nSource: https://Dispatch.example.org/a?utm_source=x#top\r\n\r\n"
        f"{FIRST}\r\n"
    )
    article = extract(text.encode())
    assert article.title == "Small Embassies"
    assert article.authors == ["Ana Ruiz", "Tomás Berg"]
    assert (article.date_published, article.date_precision) == (date(2025, 3, 1), "month")
    assert article.publication == "The Municipal Dispatch"
    assert article.canonical_url == "https://dispatch.example.org/a"
    assert texts(article) == [("paragraph", FIRST)]


def test_a_byline_and_date_on_one_line_and_in_a_block_of_their_own():
    article = extract(f"# Small Embassies\n\nBy Ana Ruiz | 14 March 2025\n\n{FIRST}".encode())
    assert article.title == "Small Embassies", "the markdown mark is not part of the title"
    assert (article.authors, article.date_published) == (["Ana Ruiz"], date(2025, 3, 14))
    assert texts(article) == [("paragraph", FIRST)]


def test_hard_wrapped_lines_are_joined_into_paragraphs_and_hyphenated_words_made_whole():
    wrapped = (
        "Small Embassies\n\n"
        "Cities now keep small offices of international relations, staffed by\n"
        "a handful of officials who track treaties and answer the many invita-\n"
        "tions from abroad. Their work is modest.\n"
        "Montevideo joined the Strong Cities Network in 2019, and its Franco-\n"
        "German partners followed a year later.\n"
        "It worked.\n"
    )
    assert texts(extract(wrapped.encode())) == [
        ("paragraph", "Cities now keep small offices of international relations, staffed by a handful of officials "
                      "who track treaties and answer the many invitations from abroad. Their work is modest."),
        ("paragraph", "Montevideo joined the Strong Cities Network in 2019, and its Franco-German partners followed "
                      "a year later."),
        ("paragraph", "It worked."),
    ]


def test_a_text_of_one_paragraph_per_line_keeps_each_line():
    long_first, long_second = FIRST * 3, SECOND * 3
    article = extract(f"Small Embassies\n{long_first}\nHosting the world\n{long_second}\n".encode())
    assert texts(article) == [("paragraph", long_first), ("heading", "Hosting the world"), ("paragraph", long_second)]


def test_a_sentence_that_begins_with_by_stays_in_the_body():
    article = extract(f"Small Embassies\n\nBy 2030, most cities will keep an office abroad.\n\n{FIRST}".encode())
    assert article.authors == []
    assert texts(article)[0] == ("paragraph", "By 2030, most cities will keep an office abroad.")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"Only a title", "The document has a title but no body paragraphs"),
        (("T" * 301 + "\n\nA body.").encode(), "The title is 301 characters long; it may be at most 300"),
        ("A title\nBy Ana \u200b\n\nA body.".encode(), None),
        ("Caf\xe9\n\nBody.".encode("latin-1"), "not UTF-8"),
    ],
)
def test_a_text_without_headers_is_refused_with_a_reason(data, message):
    if message is None:  # a byline whose name is invisible is no byline: it stays body, and nothing is refused
        assert extract(data).authors == []
        return
    with pytest.raises(ParseError, match=message):
        extract(data)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("March 14, 2025", (date(2025, 3, 14), "day")),
        ("Mar. 14, 2025", (date(2025, 3, 14), "day")),
        ("Friday, March 14, 2025", (date(2025, 3, 14), "day")),
        ("14 March 2025", (date(2025, 3, 14), "day")),
        ("14th Sept 2025", (date(2025, 9, 14), "day")),
        ("Published on 2025-03-14", (date(2025, 3, 14), "day")),
        ("March 2025", (date(2025, 3, 1), "month")),
        ("February 30, 2025", None),
        ("Lisbon hosted the 2022 UN Ocean Conference.", None),
        ("Volume 2025", None),
    ],
)
def test_a_date_line(line, expected):
    assert read_date(line) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("By Ana Ruiz and Tomás Berg", ["Ana Ruiz", "Tomás Berg"]),
        ("by Anthony F. Pipa, Nina Hachigian, and Ludwig van Beethoven",
         ["Anthony F. Pipa", "Nina Hachigian", "Ludwig van Beethoven"]),
        ("By 2030, cities will matter more", None),
        ("By the end of the year the network had grown", None),
    ],
)
def test_a_byline(line, expected):
    assert read_byline(line) == expected


def test_an_address_is_compared_without_fragment_tracking_or_case():
    assert canonical("HTTPS://Example.ORG/a/b?id=3&utm_medium=mail#comments") == "https://example.org/a/b?id=3"
    assert canonical("file:///tmp/page.html") == "" and canonical("javascript:alert(1)") == ""


def test_hyphens_at_line_ends():
    assert join_lines(["inter-", "national"]) == "international"
    assert join_lines(["Franco-", "German"]) == "Franco-German", "a capital: the hyphen is the word's own"
    assert join_lines(["city\u00ad", "halls"]) == "cityhalls", "a soft hyphen is never printed"
    assert join_lines(["ﬁrst", "  ", "ofﬁce"]) == "first office"


def test_running_headers_footers_and_page_numbers_are_dropped_from_every_page():
    pages = [
        ["The Review of City Affairs · Vol. 3", "", "A Title", "", "First page text.", "", "1"],
        ["The Review of City Affairs · Vol. 3", "Second page text.", "", "Page 2 of 3"],
        ["The Review of City Affairs · Vol. 3", "Third page text.", "", "- 3 -"],
    ]
    kept, dropped = without_running_lines(pages)
    assert [[line for line in page if line] for page in kept] == [
        ["A Title", "First page text."], ["Second page text."], ["Third page text."]
    ]
    assert len(dropped) == 6


def test_a_paragraph_cut_by_a_page_break_is_whole_again():
    pages = [
        ["A Title", "", "The cities agreed to meet again before the next climate conference and to pub-"],
        ["lish a short note.", "", "Hosting the world", "", "Lisbon hosted the 2022 UN Ocean Conference."],
    ]
    assert [(b.kind, b.text) for b in document_blocks(pages)] == [
        ("heading", "A Title"),
        ("paragraph", "The cities agreed to meet again before the next climate conference and to publish a short note."),
        ("heading", "Hosting the world"),
        ("paragraph", "Lisbon hosted the 2022 UN Ocean Conference."),
    ]


def test_a_page_printed_from_the_web_gives_its_address_from_the_browsers_footer():
    """One page: nothing repeats, so the browser's header and footer are known by their shape."""
    page = ["3/14/25, 9:41 AM      Small Embassies | The Municipal Dispatch", "", "Small Embassies", "",
            FIRST, "", "https://Dispatch.example.org/small?utm_campaign=x      1/1"]
    (kept,), dropped = without_running_lines([page])
    assert [line for line in kept if line] == ["Small Embassies", FIRST]
    article = ParsedArticle(title="Small Embassies")
    fill_from_metadata(article, SimpleNamespace(metadata={"/Title": "Small Embassies | The Municipal Dispatch"}), dropped)
    assert (article.canonical_url, article.publication) == ("https://dispatch.example.org/small", "The Municipal Dispatch")
