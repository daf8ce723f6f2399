"""Quoted passages: each distinct quote of a paragraph, once, with the claims it supports, and the paragraph's HTML
with each passage marked, so that following a source link marks the quoted sentence itself.

A passage's anchor derives from its paragraph and its words, not from a quotation's id: every page that shows a
quote can link to its mark without asking the database which quotation of the same words came first.
"""

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from hashlib import blake2s

from django.utils.html import escape

# The linked paragraph HTML (initiatives.linking.linked_html) holds escaped text and <a href class>…</a> only.
TAG = re.compile(r"(<[^>]*>)")


def quote_anchor(number: int, quote: str) -> str:
    """The id of the passage's mark: "q-p12-" and eight hex digits of its words."""
    return f"q-p{number}-{blake2s(quote.encode(), digest_size=4).hexdigest()}"


@dataclass
class Passage:
    """A quote of a paragraph and the claims it supports, in the order the quotations came."""

    paragraph: object  # articles.models.Paragraph
    quote: str
    claims: list = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return quote_anchor(self.paragraph.number, self.quote)


def passages(quotations: Iterable) -> list[Passage]:
    """The quotations gathered by passage: a quote that supports six claims is one passage with six claims."""
    found: dict[tuple[int, str], Passage] = {}
    for quotation in quotations:
        key = (quotation.paragraph_id, quotation.quote)
        if key not in found:
            found[key] = Passage(quotation.paragraph, quotation.quote)
        found[key].claims.append(quotation.claim)
    return list(found.values())


def mark_paragraphs(paragraphs: Iterable, quoted: Iterable[Passage]) -> None:
    """Give each paragraph its `marked_html`: its linked HTML (or escaped text) with its passages marked."""
    anchors: dict[int, dict[str, str]] = {}
    for passage in quoted:
        anchors.setdefault(passage.paragraph.pk, {})[passage.quote] = passage.anchor
    for paragraph in paragraphs:
        linked = paragraph.html or escape(paragraph.text)
        paragraph.marked_html = mark_passages(linked, anchors.get(paragraph.pk, {}))


def _segments(linked: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """The plain text of linked HTML, and each link as (start, end, opening tag, closing tag) in that text."""
    text, links, opened = [], [], None
    position = 0
    for token in TAG.split(linked):
        if not token:
            continue
        if token.startswith("</"):
            if opened is not None:
                links.append((opened[0], position, opened[1], token))
                opened = None
        elif token.startswith("<"):
            opened = (position, token)
        else:
            plain = html.unescape(token)
            text.append(plain)
            position += len(plain)
    return "".join(text), links


def mark_passages(linked: str, quotes: dict[str, str]) -> str:
    """The paragraph's linked HTML with each quote (quote → anchor) in a <mark class="quote" id=anchor>.

    Marks nest when one quote lies inside another; a quote that only overlaps a marked one gets an empty
    <span id=anchor> where it starts instead (still a target inside the paragraph). A link that a mark starts or
    ends inside is left out (its text stays): a mark split in two would leave half the quote unmarked.
    A quote not found in the text (never, for a verbatim one) gets its empty span at the paragraph's start.
    """
    if not quotes:
        return linked
    text, links = _segments(linked)
    spans = sorted(
        ((start, start + len(quote), anchor) for quote, anchor in quotes.items() if (start := text.find(quote)) >= 0),
        key=lambda span: (span[0], -span[1]),
    )
    marks, starts = [], [(0, anchor) for quote, anchor in quotes.items() if quote not in text]
    for start, end, anchor in spans:
        if any(s < start < e < end or start < s < end < e for s, e, _ in marks):
            starts.append((start, anchor))
        else:
            marks.append((start, end, anchor))
    bounds = {p for start, end, _ in marks for p in (start, end)} | {p for p, _ in starts}
    kept = [link for link in links if not any(link[0] < p < link[1] for p in bounds)]

    # At one position: links close, then marks close (inner first), marks open (outer first), links open.
    events: dict[int, list[tuple[tuple, str]]] = {}
    for start, end, tag, close in kept:
        events.setdefault(end, []).append(((0,), close))
        events.setdefault(start, []).append(((3,), tag))
    for start, end, anchor in marks:
        events.setdefault(end, []).append(((1, -start), "</mark>"))
        events.setdefault(start, []).append(((2, -end), f'<mark class="quote" id="{anchor}">'))
    for position, anchor in starts:
        events.setdefault(position, []).append(((2, 0), f'<span class="quote" id="{anchor}"></span>'))
    out, positions = [], sorted(events)
    for index, position in enumerate(positions):
        out += [markup for _, markup in sorted(events[position], key=lambda event: event[0])]
        following = positions[index + 1] if index + 1 < len(positions) else len(text)
        out.append(html.escape(text[position:following], quote=False))
    return html.escape(text[: positions[0]], quote=False) + "".join(out)
