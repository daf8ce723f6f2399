import html
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from articles.models import Article, Paragraph
from initiatives.models import City, Initiative

pytestmark = pytest.mark.django_db

MODELS = [
    "articles/article", "articles/author", "articles/topic", "articles/paragraph",
    "initiatives/city", "initiatives/network", "initiatives/body", "initiatives/membership",
    "initiatives/initiative", "initiatives/participation", "initiatives/mention",
]


def management(prefix, total=0, initial=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def test_editor_logs_in_adds_an_initiative_linked_to_a_city_and_it_shows_on_the_city_page(client, editor):
    response = client.post("/admin/login/?next=/admin/", {"username": "ed", "password": "a-long-editor-password"})
    assert response.status_code == 302
    paragraph = Paragraph.objects.get(article__slug="toward-city-diplomacy-20", number=13)
    quote = paragraph.text[:60]
    seattle = City.objects.get(slug="seattle")
    data = {
        "name": "Seattle youth exchange", "slug": "seattle-youth-exchange", "kind": "exchange", "status": "under way",
        "scope": "international",
        "summary": "A test initiative.", "year": "2022", "date": "", "aliases": "", "wikidata": "",
        **management("participations", total=1), "participations-0-city": seattle.pk, "participations-0-role": "lead",
        **management("sources", total=1), "sources-0-paragraph": paragraph.pk, "sources-0-quote": quote,
    }
    response = client.post("/admin/initiatives/initiative/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    initiative = Initiative.objects.get(slug="seattle-youth-exchange")
    assert initiative.sources.get().quote == quote
    assert client.get("/initiatives/seattle-youth-exchange/").status_code == 200, "quoted from a published article"
    page = client.get("/cities/seattle/").content.decode()
    assert 'href="/initiatives/seattle-youth-exchange/"' not in page, "Seattle's part has no quote of its own yet"
    participation = initiative.participations.get()
    participation.sources.create(paragraph=paragraph, quote=quote)
    page = client.get("/cities/seattle/").content.decode()
    assert 'href="/initiatives/seattle-youth-exchange/"' in page


def test_a_quote_that_is_not_in_its_paragraph_is_refused(editor_client):
    paragraph = Paragraph.objects.filter(kind="paragraph").first()
    data = {
        "name": "Invented", "slug": "invented", "kind": "event", "summary": "x", "year": "", "date": "",
        "aliases": "", "wikidata": "", **management("participations"),
        **management("sources", total=1), "sources-0-paragraph": paragraph.pk, "sources-0-quote": "words nobody wrote",
    }
    response = editor_client.post("/admin/initiatives/initiative/add/", data)
    assert response.status_code == 200
    assert "verbatim passage" in response.content.decode()
    assert not Initiative.objects.filter(slug="invented").exists()


def test_a_refused_quote_says_where_it_differs_from_its_paragraph(editor_client):
    paragraph = Paragraph.objects.filter(kind="paragraph", text__contains="-").first()
    hyphenated = next(word for word in paragraph.text.split() if "-" in word.strip("-"))
    misquoted = paragraph.text[: paragraph.text.index(hyphenated)] + hyphenated.replace("-", " ", 1)
    data = {
        "name": "Misquoted", "slug": "misquoted", "kind": "event", "summary": "x", "year": "", "date": "",
        "aliases": "", "wikidata": "", **management("participations"),
        **management("sources", total=1), "sources-0-paragraph": paragraph.pk, "sources-0-quote": misquoted,
    }
    response = editor_client.post("/admin/initiatives/initiative/add/", data)
    assert response.status_code == 200
    assert (
        f"the quote has “{hyphenated.replace('-', ' ', 1)}” where the paragraph has “{hyphenated}”"
        in html.unescape(response.content.decode())
    )
    assert not Initiative.objects.filter(slug="misquoted").exists()


@pytest.mark.parametrize("model", MODELS)
def test_editors_reach_every_content_list_and_change_page(editor_client, model):
    response = editor_client.get(f"/admin/{model}/")
    assert response.status_code == 200
    first = response.context["cl"].result_list[0]
    assert editor_client.get(f"/admin/{model}/{first.pk}/change/").status_code == 200


@pytest.mark.parametrize("url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"])
def test_editors_cannot_manage_users_or_groups(editor_client, url):
    assert editor_client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/admin/initiatives/city/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert client.post("/admin/initiatives/city/add/", {"name": "X"}).status_code == 302
    assert not City.objects.filter(name="X").exists()


def test_createeditor_makes_a_staff_user_in_the_editors_group(monkeypatch):
    monkeypatch.setenv("CITYDIP_EDITOR_PASSWORD", "correct-horse-battery")
    call_command("createeditor", "maria", stdout=StringIO())
    user = User.objects.get(username="maria")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    assert user.has_perm("initiatives.add_initiative") and not user.has_perm("auth.add_user")


def test_createeditor_refuses_a_weak_password_or_a_taken_name(monkeypatch):
    monkeypatch.setenv("CITYDIP_EDITOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("createeditor", "weak")
    assert not User.objects.filter(username="weak").exists()
    monkeypatch.setenv("CITYDIP_EDITOR_PASSWORD", "correct-horse-battery")
    User.objects.create_user("taken")
    with pytest.raises(CommandError, match="already exists"):
        call_command("createeditor", "taken")


def test_editors_publish_from_the_article_list(editor_client):
    article = Article.objects.get(slug="toward-city-diplomacy-20")
    article.status = Article.Status.DRAFT
    article.save()
    response = editor_client.post(
        "/admin/articles/article/", {"action": "publish", "_selected_action": [article.pk]}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_published


def test_a_long_article_links_its_paragraphs_instead_of_a_form_for_each(editor_client):
    article = Article.objects.get(slug="toward-city-diplomacy-20")
    short = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'id="paragraphs-group"' in short and "paragraphs — below, or" in short
    Paragraph.objects.bulk_create(Paragraph(article=article, number=100 + n, text=f"Filler {n}.") for n in range(100))
    long = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'id="paragraphs-group"' not in long
    listed = f"/admin/articles/paragraph/?article__id__exact={article.pk}"
    assert "paragraphs — too many to edit here:" in long and listed.replace("&", "&amp;") in long
    assert editor_client.get(listed).status_code == 200
