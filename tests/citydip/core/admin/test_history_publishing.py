"""Publishing an article whose body still has links no editor has reviewed asks first — accept them all, or
publish them unlinked — because readers see only accepted links. And a paragraph edited on its own page, or in
its article's form, is linked and indexed again."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from articles.models import Article, Paragraph
from initiatives.models import Mention
from tests.admin_forms import admin_form_data, admin_url, inline_row, save_admin_form
from tests.paths import SIXTH_ARTICLE
from tests.readers import article_links

pytestmark = pytest.mark.django_db

SIXTH = SIXTH_ARTICLE


@pytest.fixture
def draft():
    """The sixth article, imported: a draft whose links are all only suggested."""
    call_command("import_article", str(SIXTH), stdout=StringIO())
    article = Article.objects.get(slug="mayors-at-the-waters-edge-coastal-cities-compare-notes")
    assert Mention.objects.filter(paragraph__article=article, status=Mention.Status.SUGGESTED).exists()
    return article


def statuses(article):
    return set(Mention.objects.filter(paragraph__article=article).values_list("status", flat=True))


def publish_action(client, article, **choice):
    return client.post("/admin/articles/article/", {"action": "publish", "_selected_action": [article.pk], **choice})


def ask_then_answer(client, first_response, answer):
    """Press one of the two buttons of the page that asks: it sends the same form back with the choice."""
    assert first_response.status_code == 200
    page = first_response.content.decode()
    assert "still only suggested" in page and "Accept them all" in page and "Publish them unlinked" in page
    carried = {}
    for name, value in first_response.context["carried"]:
        carried.setdefault(name, []).append(value)
    return client.post(first_response.wsgi_request.get_full_path(), {**carried, "links": answer})


def test_publishing_from_the_list_asks_first_then_accepts_the_links(editor_client, draft):
    asked = publish_action(editor_client, draft)
    assert not Article.objects.get(pk=draft.pk).is_published, "nothing is published before the editor answers"
    assert ask_then_answer(editor_client, asked, "accept").status_code == 302
    draft.refresh_from_db()
    assert draft.is_published and statuses(draft) == {Mention.Status.ACCEPTED}
    assert ("/cities/los-angeles/", "Los Angeles") in article_links(Client(), draft.get_absolute_url())


def test_publishing_unlinked_rejects_the_suggested_links(editor_client, draft):
    assert ask_then_answer(editor_client, publish_action(editor_client, draft), "reject").status_code == 302
    draft.refresh_from_db()
    assert draft.is_published and statuses(draft) == {Mention.Status.REJECTED}
    assert article_links(Client(), draft.get_absolute_url()) == []


def test_publishing_with_the_status_field_asks_first_too(editor_client, draft):
    url = admin_url(draft)
    form = admin_form_data(editor_client.get(url), status="published", summary="Coastal mayors compare notes.")
    asked = editor_client.post(url, form)
    assert not Article.objects.get(pk=draft.pk).is_published
    assert ask_then_answer(editor_client, asked, "accept").status_code == 302
    draft.refresh_from_db()
    assert draft.is_published and draft.summary == "Coastal mayors compare notes."
    assert statuses(draft) == {Mention.Status.ACCEPTED}


def test_an_article_whose_links_are_all_decided_is_published_at_once(editor_client):
    article = Article.objects.get(slug="toward-city-diplomacy-20")
    article.status = Article.Status.DRAFT
    article.save()
    assert publish_action(editor_client, article).status_code == 302
    assert Article.objects.get(pk=article.pk).is_published


def search_finds(words):
    return Client().get("/search/", {"q": words, "format": "json", "kind": "article"}).json()["count"]


def test_a_paragraph_edited_on_its_own_page_is_linked_and_indexed_again(editor_client):
    paragraph = Paragraph.objects.get(article__slug="toward-city-diplomacy-20", number=3)
    text = paragraph.text + " Seoul and Zanzibar compared notes."
    assert search_finds("Zanzibar") == 0
    assert save_admin_form(editor_client, admin_url(paragraph), text=text).status_code == 302
    paragraph.refresh_from_db()
    assert "Zanzibar compared notes." in paragraph.html
    assert paragraph.mentions.filter(city__slug="seoul", status=Mention.Status.SUGGESTED).exists()
    assert search_finds("Zanzibar") == 1


def test_a_paragraph_edited_in_its_article_form_is_linked_and_indexed_again(editor_client):
    article = Article.objects.get(slug="toward-city-diplomacy-20")
    paragraph = article.paragraphs.get(number=3)
    url = admin_url(article)
    data = admin_form_data(editor_client.get(url))
    row = inline_row(data, "paragraphs", paragraph)
    data[f"{row}-text"] = paragraph.text + " Seoul and Zanzibar compared notes."
    assert editor_client.post(url, data).status_code == 302
    paragraph.refresh_from_db()
    assert "Zanzibar compared notes." in paragraph.html
    assert paragraph.mentions.filter(city__slug="seoul").exists()
    assert search_finds("Zanzibar") == 1
