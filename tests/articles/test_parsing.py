
import pytest

from articles.parsing import ParseError, parse
from tests.paths import ROOT

SOURCES = ROOT / "fixtures" / "sources"


def source(stem):
    return (SOURCES / f"{stem}.txt").read_bytes()


def test_reads_a_cpd_blog_header():
    article = parse(source("000_22007f86116f8795"))
    assert article.title == "Can Cities Fix a Post-Pandemic World Order?"
    assert article.authors == ["Nina Hachigian", "Anthony F. Pipa"]
    assert article.publication == "Foreign Policy", "cited by where it first appeared"
    assert article.reposted_in == "USC Center on Public Diplomacy blog"
    assert article.reposted_on.isoformat() == "2024-02-15"


def test_reads_a_foreign_affairs_header_with_subtitle():
    article = parse(source("002_ca4d9cc9276f1746"))
    assert article.title == "Cities Are Transforming U.S. Foreign Policy"
    assert article.subtitle == "Biden Would Do Well to Work with Them"
    assert article.authors == ["Eric Garcetti", "Nina Hachigian"]
    assert article.publication == "Foreign Affairs"
    assert article.date_published.isoformat() == "2020-12-29"


def test_a_sentence_cut_by_a_page_break_is_one_paragraph():
    first = parse(source("000_22007f86116f8795")).blocks[0]
    assert "Donald Trump has now frozen American funding." in first.text


def test_pull_quotes_and_separators_are_left_out():
    texts = [block.text for block in parse(source("000_22007f86116f8795")).blocks]
    assert not any(text.startswith("It will be the cities that will fight hardest") for text in texts)
    assert "---" not in texts
    # The pull quote set as a plain paragraph in the Foreign Affairs text appears once, inside its paragraph.
    fa = [block.text for block in parse(source("002_ca4d9cc9276f1746")).blocks]
    assert sum("bring them home from unexpected places" in text for text in fa) == 1


def test_section_headings_are_kept_as_headings():
    blocks = parse(source("004_5d28ba5499ef8ff4")).blocks
    headings = [block.text for block in blocks if block.kind == "heading"]
    assert headings[0] == "1. Renew the Key Progress Indicators (KPIs) to Capture the Role of the “International Connector”"
    assert len(headings) == 4


def test_markdown_marks_are_removed_but_words_kept():
    article = parse(source("003_d7cb8a7ac35d87fc"))
    assert "first one of the series, hosted in April" in article.blocks[0].text
    assert all("*" not in block.text and "](#)" not in block.text for block in article.blocks)


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\xff\xfe\x00\x01binary", "not a text file"),
        ("Feb 15, 2024 by A\n\n## Title\n\nBody.".encode("latin-1") + b"\xe9\xe8", "not UTF-8"),
        (b"Feb 15, 2024 by Someone", "no title"),
        (b"## A title\n\nA body paragraph.", "no date"),
        (b"Feb 15, 2024 by Someone\n\n## A title", "no body"),
        (b"x" * (600 * 1024), "at most"),
    ],
)
def test_bad_input_gets_a_clear_message(data, message):
    with pytest.raises(ParseError, match=message):
        parse(data)


def header(byline="Mar 3, 2025 by Lena Okafor, Nina Hachigian", title="A title", subtitle=""):
    subtitle = f"## {subtitle}\n\n" if subtitle else ""
    return f"{byline}\n\n## {title}\n\n{subtitle}A body paragraph.".encode()


# U+202E shows what follows right to left; the others show nothing at all.
INVISIBLE = ["\u202e", "\u202d", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f",
             "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]


@pytest.mark.parametrize("mark", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_characters_are_taken_out_of_names_and_titles(mark):
    article = parse(header(
        byline=f"Mar 3, 2025 by {mark}Lena{mark} Okafor{mark}, Nina {mark}Hachigian",
        title=f"{mark}Mayors at{mark} the Water's Edge{mark}",
        subtitle=f"Coastal {mark}Cities",
    ))
    assert article.authors == ["Lena Okafor", "Nina Hachigian"]
    assert article.title == "Mayors at the Water's Edge"
    assert article.subtitle == "Coastal Cities"


@pytest.mark.parametrize(
    "data, message",
    [
        (header(byline="Mar 3, 2025 by Okafor, \u202e\u200b"), "author's name is made of invisible characters only"),
        (header(byline="Mar 3, 2025 by \ufeff"), "author's name is made of invisible characters only"),
        (header(title="\u200b\u2060"), "The title is made of invisible characters only"),
        (header(subtitle="\u200d"), "The subtitle is made of invisible characters only"),
    ],
)
def test_a_name_or_title_of_invisible_characters_only_is_refused(data, message):
    with pytest.raises(ParseError, match=message):
        parse(data)


@pytest.mark.parametrize(
    "data, message",
    [
        (header(title="T" * 301), "The title is 301 characters long; it may be at most 300"),
        (header(subtitle="S" * 301), "The subtitle is 301 characters long; it may be at most 300"),
        (header(byline="Mar 3, 2025 by Lena Okafor, " + "N" * 201),
         "The author's name is 201 characters long; it may be at most 200"),
        (f"{'A' * 201} (December 29, 2020).\n\n## A title\n\nBy Someone\n\nA body.".encode(),
         "The publication is 201 characters long; it may be at most 200"),
    ],
)
def test_a_field_longer_than_its_column_is_refused_with_its_limit(data, message):
    with pytest.raises(ParseError, match=message):
        parse(data)


def test_fields_as_long_as_their_columns_are_read():
    article = parse(header(title="T" * 300, subtitle="S" * 300, byline="Mar 3, 2025 by " + "N" * 200))
    assert (len(article.title), len(article.subtitle), [len(name) for name in article.authors]) == (300, 300, [200])


def test_a_text_of_too_many_paragraphs_is_refused_with_how_many():
    text = "Jan 1, 2024 by Ann Author\n\n## A long list\n\n" + "\n\n".join(f"P{n}." for n in range(36_000))
    with pytest.raises(ParseError, match="The text has 36,000 paragraphs; an article may have at most 2,000."):
        parse(text.encode())


def test_a_pull_quote_is_dropped_when_it_repeats_a_passage_nearby():
    body = ["The mayor spoke first: cities act where nations stall. Others agreed.",
            "Cities act where nations stall.", "Then the meeting closed."]
    text = "Jan 1, 2024 by Ann Author\n\n## Title\n\n" + "\n\n".join(body)
    assert [block.text for block in parse(text.encode()).blocks] == [body[0], body[1], body[2]], "not a repeat"
    body[0] = "The mayor spoke first. Cities act where nations stall. Others agreed."
    text = "Jan 1, 2024 by Ann Author\n\n## Title\n\n" + "\n\n".join(body)
    assert [block.text for block in parse(text.encode()).blocks] == [body[0], body[2]]
