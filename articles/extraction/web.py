"""A saved web page. trafilatura finds the article's text among the page's menus, banners, related links and
footer, and reads its metadata: title, authors, date of first publication (not of the last update), the
site's name and the page's canonical address."""

import re
from datetime import date

import trafilatura
from lxml.etree import _Element

from ..parsing import Block, ParsedArticle, ParseError
from .layout import clean, finish, read_front

DATE_PARAMS = {"original_date": True, "extensive_search": False}  # first publication; no guess from the text
# A browser's "Save page as" marks where the page came from: <!-- saved from url=(0047)https://… -->.
SAVED_FROM = re.compile(rb"<!-- saved from url=\(\d+\)(?P<url>\S+?) ?-->")
AUTHOR_SEPARATORS = re.compile(r";|,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")


def read(data: bytes) -> ParsedArticle:
    document = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=False, include_images=False,
        date_extraction_params=DATE_PARAMS,  # trafilatura's balance: a paragraph lost is worse than one extra
    )
    if document is None or document.body is None or not len(document.body):
        raise ParseError(
            "No article text was found in the web page (a menu, a search page, or a page its scripts draw). "
            "Save the article's own page, or paste its text."
        )
    publication = clean(document.sitename or "")
    article = ParsedArticle(
        title=without_site(clean(document.title or ""), publication),
        authors=[name.strip() for name in AUTHOR_SEPARATORS.split(document.author or "") if name.strip()],
        date_published=iso_date(document.date),
        publication=publication,
        canonical_url=document.url or saved_from(data),
        source_format="html",
    )
    blocks = page_blocks(document.body)
    if blocks and blocks[0].kind == "heading" and same_title(blocks[0].text, article.title):
        article.title = article.title or blocks[0].text  # the page's <h1> is the title, not the body's first line
        blocks = blocks[1:]
    return finish(article, read_front(article, blocks))


def same_title(heading: str, title: str) -> bool:
    """Whether the page's first heading is its title, give or take case and punctuation ("Small embassies —
    how city halls…" beside the og:title "Small Embassies: How City Halls…"); true when the page gave none."""
    heading, title = (re.sub(r"\W+", "", text.casefold()) for text in (heading, title))
    return not title or heading == title


def page_blocks(body: _Element) -> list[Block]:
    """trafilatura's body in reading order: <head> a heading, <p> and <quote> a paragraph, each <item> of a
    <list> a paragraph of its own."""
    for line_break in body.iter("lb"):
        line_break.tail = " " + (line_break.tail or "")
    blocks = []
    for element in body:
        parts = element.findall(".//item") if element.tag == "list" else [element]
        kind = "heading" if element.tag == "head" else "paragraph"
        blocks += [Block(kind, clean("".join(part.itertext()))) for part in parts]
    return [block for block in blocks if block.text]


# What stands between a page's headline and its site's name in its <title>.
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " · ", " » ")
DATE_LIKE = re.compile(r"[0-9]{1,4}(?:[./-][0-9]{1,4}){1,2}")
DOMAIN_ENDING = re.compile(r"^www\.|\.[a-z]{2,6}$", re.IGNORECASE)


def without_site(title: str, site: str) -> str:
    """A page's <title> without its site's name, and a date after that: 'Small Embassies | The Municipal
    Dispatch' → 'Small Embassies'; 'Berlin confronts … | DW | 19.01.2020' from the site DW.COM → 'Berlin confronts …'."""
    parts = [site, *re.split("|".join(map(re.escape, TITLE_SEPARATORS)), site)]  # "MODEPILOT.de | Modepilot"
    names = {key(name) for part in parts for name in (part, DOMAIN_ENDING.sub("", part))} - {""}
    cuts = [position for separator in TITLE_SEPARATORS for position in separator_positions(title, separator)]
    for start, end in sorted(cuts):  # the longest end that is the site's name: "SciLogs - Wissenschaftsblogs"
        if start and is_site(title[end:], names):
            return title[:start]
    return title


def is_site(tail: str, names: set[str]) -> bool:
    """Whether the end of a title is the site's name, alone or followed by a date."""
    if key(tail) in names:
        return True
    for separator in TITLE_SEPARATORS:
        name, found, rest = tail.partition(separator)
        if found and key(name) in names and DATE_LIKE.fullmatch(rest):
            return True
    return False


def separator_positions(title: str, separator: str) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in re.finditer(re.escape(separator), title)]


def key(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def saved_from(data: bytes) -> str:
    match = SAVED_FROM.search(data[:4096])
    return match["url"].decode("ascii", "replace") if match else ""
