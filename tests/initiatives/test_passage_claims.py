"""A claim from a passage: the words an editor selects on a paragraph's admin page open the claim form with
the paragraph, the quote and the records it names filled in; saving it makes a sourced claim."""

import html
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, Paragraph
from initiatives.models import City, Membership, Network
from tests.admin_forms import admin_form_data, admin_url
from tests.paths import SIXTH_ARTICLE

pytestmark = pytest.mark.django_db

# ¶2 of the sixth article: it names C40 Cities and Los Angeles, and no other city or network.
QUOTE = "The conversation grew out of contacts made through C40 Cities, where Los Angeles has long been active"
ADD = "/admin/initiatives/membership/add/"


@pytest.fixture
def paragraph():
    call_command("import_article", str(SIXTH_ARTICLE), stdout=StringIO())
    article = Article.objects.get(slug="mayors-at-the-waters-edge-coastal-cities-compare-notes")
    return article.paragraphs.get(number=2)


def test_the_paragraphs_page_offers_a_claim_form_for_a_passage(editor_client, paragraph):
    page = editor_client.get(admin_url(paragraph)).content.decode()
    assert '<form method="get" action="/admin/initiatives/membership/add/">' in page
    assert f'name="paragraph" value="{paragraph.pk}"' in page
    assert 'formaction="/admin/initiatives/participation/add/"' in page
    assert "/static/js/passage_claim.js" in page


def test_the_articles_page_links_each_paragraph_to_its_own_page(editor_client, paragraph):
    page = editor_client.get(admin_url(paragraph.article)).content.decode()
    assert f'href="{admin_url(paragraph)}"' in page


def test_the_claim_form_opens_filled_in_from_the_passage(editor_client, paragraph):
    response = editor_client.get(ADD, {"paragraph": paragraph.pk, "quote": f"  {QUOTE} "})
    form = response.context["adminform"].form
    assert form.initial["city"] == City.objects.get(name="Los Angeles").pk
    assert form.initial["network"] == Network.objects.get(name="C40 Cities").pk
    sources = response.context["inline_admin_formsets"][0].formset
    assert [(f.initial["paragraph"], f.initial["quote"]) for f in sources.forms] == [(paragraph.pk, QUOTE)]
    page = html.unescape(response.content.decode())
    assert f">\n{QUOTE}</textarea>" in page
    assert str(paragraph) in page, "the chosen paragraph is shown in its field"


def test_saving_the_filled_in_form_makes_a_sourced_claim(editor_client, paragraph):
    response = editor_client.get(ADD, {"paragraph": paragraph.pk, "quote": QUOTE})
    Membership.objects.filter(city__name="Los Angeles", network__name="C40 Cities", role="chair").delete()
    response = editor_client.post(ADD + f"?paragraph={paragraph.pk}", admin_form_data(response, role="chair"))
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(city__name="Los Angeles", network__name="C40 Cities", role="chair")
    assert [(s.paragraph_id, s.quote) for s in membership.sources.all()] == [(paragraph.pk, QUOTE)]


def test_a_quote_that_names_two_cities_leaves_the_city_to_the_editor(editor_client):
    paragraph = next(p for p in Paragraph.objects.all() if "Paris" in p.text and "Buenos Aires" in p.text)
    start = min(paragraph.text.index("Paris"), paragraph.text.index("Buenos Aires"))
    quote = paragraph.text[start : start + 200]
    form = editor_client.get(ADD, {"paragraph": paragraph.pk, "quote": quote}).context["adminform"].form
    assert "city" not in form.initial


@pytest.mark.parametrize("query", [{"paragraph": "999999", "quote": QUOTE}, {"paragraph": "²", "quote": QUOTE}, {"paragraph": "1"}])
def test_a_passage_that_is_not_there_opens_the_plain_form(editor_client, query):
    response = editor_client.get(ADD, query)
    assert response.status_code == 200
    assert [f.initial for f in response.context["inline_admin_formsets"][0].formset.forms] == []


def test_a_passage_that_is_not_verbatim_is_refused_with_where_it_differs(editor_client, paragraph):
    misquoted = QUOTE.replace("C40 Cities,", "C40 Cities;")
    response = editor_client.get(ADD, {"paragraph": paragraph.pk, "quote": misquoted})
    Membership.objects.filter(city__name="Los Angeles", network__name="C40 Cities", role="chair").delete()
    response = editor_client.post(ADD, admin_form_data(response, role="chair"))
    assert response.status_code == 200
    assert "the quote has “Cities;” where the paragraph has “Cities,”" in html.unescape(response.content.decode())
    assert not Membership.objects.filter(role="chair", sources__quote=misquoted).exists()
