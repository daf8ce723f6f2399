"""The admin's import as an editor goes through it: choose a file (or paste a text), see what was read —
title, authors, date of first publication, publication, address, original or repost — correct it, confirm;
only then is the draft written. A bad file, a bad confirmation, a tampered page or a duplicate writes nothing."""

import html
from datetime import date

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, Author, Paragraph
from initiatives.models import Mention
from tests.articles.test_extraction import ADDRESS, AUTHORS, BODY, TITLE
from tests.paths import DATA

pytestmark = pytest.mark.django_db

IMPORT = "/admin/articles/article/import/"
TYPES = {"html": "text/html", "pdf": "application/pdf", "docx": "application/octet-stream"}


def row_counts():
    return (Article.objects.count(), Paragraph.objects.count(), Author.objects.count(), Mention.objects.count())


def upload(client, name, content=None):
    data = (DATA / name).read_bytes() if content is None else content
    file = SimpleUploadedFile(name, data, content_type=TYPES.get(name.rsplit(".", 1)[-1], "text/plain"))
    return client.post(IMPORT, {"file": file})


def page(response):
    return html.unescape(response.content.decode())


def confirmation(response, **changes):
    """The confirmation form as the page shows it, with the editor's `changes`: what pressing Import sends."""
    data = {}
    for field in response.context["form"]:
        value = field.value()
        if value not in (None, ""):
            data[field.html_name] = value.isoformat() if isinstance(value, date) else str(value)
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


@pytest.mark.parametrize("name", ["small_embassies.html", "small_embassies.pdf", "small_embassies.docx"])
def test_an_upload_shows_what_was_read_and_writes_nothing_until_confirmed(editor_client, name):
    before = row_counts()
    response = upload(editor_client, name)
    assert response.status_code == 200
    shown = page(response)
    assert "Nothing is saved yet" in shown
    assert f'value="{TITLE}"' in shown
    assert "Ana Ruiz\nTomás Berg</textarea>" in shown
    assert 'value="2025-03-14"' in shown
    assert 'value="The Municipal Dispatch"' in shown
    assert "Not every invitation is accepted. Bogotá did not join Eurocities." in shown
    assert "Subscribe for €4 a month" not in shown
    assert row_counts() == before


def test_confirming_creates_the_draft_with_its_metadata_paragraphs_and_suggested_links(editor_client):
    response = editor_client.post(IMPORT, confirmation(upload(editor_client, "small_embassies.html")))
    article = Article.objects.get(title=TITLE)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/article/{article.pk}/change/"
    assert article.status == Article.Status.DRAFT
    assert [author.name for author in article.byline()] == AUTHORS
    assert (article.date_published, article.date_precision) == (date(2025, 3, 14), "day")
    assert (article.publication, article.canonical_url, article.reposted_in) == ("The Municipal Dispatch", ADDRESS, "")
    assert article.source_file == "small_embassies.html"
    assert [(p.kind, p.text) for p in article.paragraphs.order_by("number")] == BODY
    linked = {m.text for m in Mention.objects.filter(paragraph__article=article)}
    assert {"Los Angeles", "Seoul", "Freetown", "Strong Cities Network", "C40 Cities", "Climate Mayors"} <= linked
    assert not linked & {"Montevideo", "Nairobi", "Lisbon", "Bogotá", "ICLEI", "Eurocities"}, "not known to the base"


def test_the_editor_corrects_the_metadata_and_marks_a_repost(editor_client):
    read = upload(editor_client, "small_embassies.pdf")
    corrected = confirmation(
        read, title="Small Embassies", authors="Ana Ruiz\n\nTomás Berg\nLi Wei", publication="Urban Affairs Weekly",
        date_published="2025-03-01", date_precision="month", canonical_url="https://urban-affairs.example.com/small",
        origin="repost", reposted_in="The Municipal Dispatch", reposted_on="2025-03-14",
    )
    assert editor_client.post(IMPORT, corrected).status_code == 302
    article = Article.objects.get(title="Small Embassies")
    assert [author.name for author in article.byline()] == ["Ana Ruiz", "Tomás Berg", "Li Wei"]
    assert (article.publication, article.first_published) == ("Urban Affairs Weekly", "March 2025")
    assert (article.reposted_in, article.reposted_on) == ("The Municipal Dispatch", date(2025, 3, 14))
    assert article.canonical_url == "https://urban-affairs.example.com/small"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"title": ""}, "This field is required."),
        ({"title": "\u200b\u2060"}, "The title is made of invisible characters only"),
        ({"date_published": ""}, "This field is required."),
        ({"date_published": "14 of March"}, "Enter a valid date."),
        ({"publication": ""}, "This field is required."),
        ({"authors": "Ana Ruiz\n" + "N" * 201}, "The author's name is 201 characters long; it may be at most 200"),
        ({"canonical_url": "not an address"}, "Enter a valid URL."),
        ({"canonical_url": "ftp://files.example.org/a"}, "beginning with http:// or https://"),
        ({"origin": "repost"}, "Say where you read the repost"),
    ],
)
def test_a_bad_confirmation_shows_the_form_again_with_its_error_and_writes_nothing(editor_client, changes, message):
    read = upload(editor_client, "small_embassies.html")
    before = row_counts()
    response = editor_client.post(IMPORT, confirmation(read, **changes))
    assert response.status_code == 200
    assert message in page(response)
    assert "Its body, as it will be stored" in page(response), "the text read is still carried"
    assert row_counts() == before
    fixed = confirmation(response, **{name: value for name, value in confirmation(read).items() if name in changes})
    assert editor_client.post(IMPORT, fixed).status_code == 302, "corrected, it imports"


def test_a_tampered_or_foreign_confirmation_is_refused(editor_client, editor):
    read = upload(editor_client, "small_embassies.html")
    before = row_counts()
    tampered = confirmation(read)
    tampered["document"] = tampered["document"][:-3] + "abc"
    response = editor_client.post(IMPORT, tampered)
    assert response.status_code == 200 and "could not be checked" in page(response)
    assert "Or paste the text" in page(response), "back to the first step"
    colleague = User.objects.create_user("jo", password="another-long-password", is_staff=True)
    colleague.groups.add(Group.objects.get(name="Editors"))
    editor_client.force_login(colleague)
    assert "could not be checked" in page(editor_client.post(IMPORT, confirmation(read)))
    assert row_counts() == before


@pytest.mark.parametrize(
    "name, message",
    [
        ("small_embassies_locked.pdf", "The PDF is protected by a password"),
        ("scanned_page.pdf", "The PDF has no text to read"),
        ("zip_bomb.docx", "(a “zip bomb”), so it is refused unopened"),
        ("random_bytes.bin", "The file is not a text file (it holds binary data)"),
    ],
)
def test_a_bad_file_gets_its_reason_on_the_form_and_writes_nothing(editor_client, name, message):
    before = row_counts()
    response = upload(editor_client, name)
    assert response.status_code == 200
    assert message in page(response)
    assert "Nothing is saved yet" not in page(response)
    assert row_counts() == before


def test_an_article_already_here_at_the_same_address_is_refused(editor_client):
    editor_client.post(IMPORT, confirmation(upload(editor_client, "small_embassies.html")))
    before = row_counts()
    response = upload(editor_client, "small_embassies.docx")  # another format, the same address
    assert response.status_code == 200
    assert f"An article at {ADDRESS} is already here" in page(response)
    read = editor_client.post(IMPORT, {"text": "Another title\n\nMarch 1, 2025\n\nA body."})  # no address of its own
    response = editor_client.post(IMPORT, confirmation(read, publication="P", canonical_url=ADDRESS + "#top"))
    assert response.status_code == 200 and f"An article at {ADDRESS} is already here" in page(response)
    assert row_counts() == before


def test_a_pasted_text_is_read_and_confirmed_with_the_date_the_editor_gives(editor_client):
    pasted = "Small Embassies\r\nBy Ana Ruiz\r\n\r\nCities now keep offices abroad.\r\n\r\nSeoul hosts often.\r\n"
    read = editor_client.post(IMPORT, {"text": pasted})
    assert read.status_code == 200 and "a plain text" in page(read)
    response = editor_client.post(IMPORT, confirmation(read, publication="The Municipal Dispatch"))
    assert response.status_code == 200 and "This field is required." in page(response), "no date was read"
    response = editor_client.post(IMPORT, confirmation(response, date_published="2025-03-14"))
    assert response.status_code == 302
    article = Article.objects.get(title="Small Embassies")
    assert [p.text for p in article.paragraphs.all()] == ["Cities now keep offices abroad.", "Seoul hosts often."]
    assert article.source_file == "" and [a.name for a in article.byline()] == ["Ana Ruiz"]


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Choose a file or paste a text"),
        ({"text": "   "}, "Choose a file or paste a text"),
        ({"text": "A title\n\n" + "é" * 300_000}, "The text is 585 kB; an article may be at most 512 kB."),
        ({"text": "Only a title"}, "The document has a title but no body paragraphs."),
    ],
    ids=["nothing", "blank", "too-long", "no-body"],
)
def test_the_form_asks_for_a_file_or_a_text_it_can_read(editor_client, data, message):
    response = editor_client.post(IMPORT, data)
    assert response.status_code == 200 and message in page(response)
    assert "Nothing is saved yet" not in page(response)


def test_the_import_page_offers_a_file_and_a_paste_box(editor_client):
    shown = page(editor_client.get(IMPORT))
    assert 'type="file"' in shown and "<textarea" in shown and "Or paste the text" in shown


def test_the_sixth_article_in_two_steps_keeps_its_header_without_invisible_characters(editor_client):
    """What test_import's one-step admin tests checked, through the confirmation step: a right-to-left override
    and zero-width characters are taken out of the byline and title read from a text in the sources' format."""
    text = (DATA / "sixth_article.txt").read_text()
    text = text.replace("[Lena Okafor](#), [Nina Hachigian](#)", "[\u202eLena Okafor\u202c](#), [Nina\u200b Hachigian\ufeff](#)")
    text = text.replace("## Mayors at the Water's Edge:", "## \u2066Mayors at the Water's Edge:\u2060")
    read = upload(editor_client, "changed.txt", text.encode())
    assert 'value="USC Center on Public Diplomacy blog"' in page(read)
    response = editor_client.post(IMPORT, confirmation(read))
    article = Article.objects.get(slug="mayors-at-the-waters-edge-coastal-cities-compare-notes")
    assert response["Location"] == f"/admin/articles/article/{article.pk}/change/"
    assert article.title == "Mayors at the Water's Edge: Coastal Cities Compare Notes"
    assert [author.slug for author in article.byline()] == ["lena-okafor", "nina-hachigian"]
    assert article.note.startswith("Note from the CPD Blog Manager") and article.paragraphs.count() == 4
