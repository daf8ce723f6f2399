"""Quoted passages: marked in their paragraph where a source link leads, and listed once with their claims."""

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.utils.html import escape

from articles.models import Article, Quotation
from articles.passages import mark_passages, quote_anchor
from initiatives.models import City

FOREIGN_AFFAIRS = "/articles/cities-are-transforming-us-foreign-policy/"
LINK = '<a href="/cities/los-angeles/" class="mention">Los Angeles</a>'


class Nesting(HTMLParser):
    """Fails on a closing tag that is not the innermost open one; gathers the text of each mark by id."""

    def __init__(self):
        super().__init__()
        self.open, self.marks = [], {}

    def handle_starttag(self, tag, attrs):
        self.open.append((tag, dict(attrs).get("id")))
        if tag == "mark":
            self.marks[dict(attrs)["id"]] = ""

    def handle_endtag(self, tag):
        assert self.open and self.open[-1][0] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data):
        for tag, anchor in self.open:
            if tag == "mark":
                self.marks[anchor] += data


def marks_in(html):
    parser = Nesting()
    parser.feed(html)
    assert not parser.open
    return parser.marks


def test_a_quote_is_marked_with_its_anchor_and_the_links_it_holds_kept():
    html = f"Last year {LINK} met Seoul &amp; Paris. Then it rained."
    marked = mark_passages(html, {"Last year Los Angeles met Seoul & Paris.": "q-1"})
    assert marked == f'<mark class="quote" id="q-1">Last year {LINK} met Seoul &amp; Paris.</mark> Then it rained.'


@pytest.mark.parametrize("quote", ["Angeles met Seoul.", "Last year Los", "Los"])
def test_a_quote_that_starts_or_ends_inside_a_link_drops_that_link_and_nests_validly(quote):
    html = f"Last year {LINK} met Seoul. A {LINK} link elsewhere stays."
    marked = mark_passages(html, {quote: "q-1"})
    assert marks_in(marked) == {"q-1": quote}
    assert marked.count("<a ") == 1  # the other mention keeps its link
    assert "link elsewhere" in marked.split("</mark>")[1]


def test_a_quote_inside_another_nests_and_an_overlapping_one_gets_a_target_where_it_starts():
    html = "One two three four five."
    marked = mark_passages(html, {"One two three": "outer", "two": "inner", "three four": "overlap"})
    assert marks_in(marked) == {"outer": "One two three", "inner": "two"}
    assert '<span class="quote" id="overlap"></span>three' in marked


def test_a_paragraph_without_quotes_is_left_as_it_was():
    html = f"{LINK} &lt;b&gt; stays &quot;escaped&quot;."
    assert mark_passages(html, {}) == html


@pytest.mark.django_db
def test_the_article_marks_every_quote_once_inside_its_paragraph(client):
    article = Article.objects.get(slug="cities-are-transforming-us-foreign-policy")
    page = client.get(FOREIGN_AFFAIRS).content.decode()
    body = page[page.index('<div class="body" id="text">') : page.index("</article>")]
    marks = marks_in(body)
    quotations = Quotation.sourced_by(article)
    for quotation in quotations:
        anchor = quote_anchor(quotation.paragraph.number, quotation.quote)
        assert Counter(re.findall(r'id="([^"]+)"', body))[anchor] == 1
        if anchor in marks:
            assert marks[anchor] == quotation.quote
        paragraph = re.search(rf'<(p|h2) id="p{quotation.paragraph.number}" class="para">.*?</\1>', body).group()
        assert f'id="{anchor}"' in paragraph
    # All but one (which overlaps another quote and gets an empty target where it starts) are marks.
    assert len(marks) == len({(q.paragraph_id, q.quote) for q in quotations}) - 1


@pytest.mark.django_db
def test_a_quote_that_supports_several_claims_is_listed_once_with_its_claims(client):
    article = Article.objects.get(slug="cities-are-transforming-us-foreign-policy")
    quotations = Quotation.sourced_by(article)
    quote, times = Counter(q.quote for q in quotations).most_common(1)[0]
    assert times > 1
    page = client.get(FOREIGN_AFFAIRS).content.decode()
    listed = page[page.index('<section aria-labelledby="sourced"') :]
    shown = f"<p>“{escape(quote)}”</p>"
    assert listed.count(shown) == 1
    item = listed[listed.index(shown) :].split("</ul></li>")[0]
    for quotation in quotations:
        if quotation.quote == quote:
            assert f'<a href="{quotation.claim.get_absolute_url()}">' in item


@pytest.mark.django_db
def test_every_source_link_of_a_city_page_leads_to_its_marked_quote(client):
    city = City.objects.get(slug="los-angeles")
    page = client.get(city.get_absolute_url()).content.decode()
    links = set(re.findall(r'<p class="source-ref">— <a href="(/articles/[^"#]+/)#(q-[^"]+)">', page))
    assert links
    articles = {}
    for path, anchor in links:
        articles.setdefault(path, client.get(path).content.decode())
        assert f'<mark class="quote" id="{anchor}">' in articles[path] or f'<span class="quote" id="{anchor}">' in articles[path]
