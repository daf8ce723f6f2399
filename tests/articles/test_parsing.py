from pathlib import Path

import pytest

from articles.parsing import ParseError, parse

SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"


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
