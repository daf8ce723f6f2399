import html
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from articles.importing import create_article
from articles.models import Article, Author, Paragraph
from articles.parsing import parse
from initiatives.models import Mention, Network
from tests.articles.test_extraction_admin import confirmation
from tests.paths import DATA, ROOT

pytestmark = pytest.mark.django_db

DATA = DATA
SOURCES = ROOT / "fixtures" / "sources"
SIXTH = DATA / "sixth_article.txt"
SIXTH_SLUG = "mayors-at-the-waters-edge-coastal-cities-compare-notes"


def import_sixth():
    call_command("import_article", str(SIXTH), stdout=StringIO())
    return Article.objects.get(slug=SIXTH_SLUG)


def row_counts():
    return (Article.objects.count(), Paragraph.objects.count(), Author.objects.count(), Mention.objects.count())


def test_import_makes_a_draft_with_its_byline_paragraphs_and_suggested_links():
    article = import_sixth()
    assert article.status == Article.Status.DRAFT
    assert [a.name for a in article.byline()] == ["Lena Okafor", "Nina Hachigian"]
    assert article.byline()[1].slug == "nina-hachigian", "an existing author is matched, not duplicated"
    assert article.paragraphs.count() == 4
    assert "asked how the corridors are maintained once the ribbon is cut." in article.paragraphs.get(number=3).text
    found = {(m.text, m.target.slug) for m in Mention.objects.filter(paragraph__article=article)}
    assert {("Los Angeles", "los-angeles"), ("C40 Cities", "c40-cities"), ("Urban 20", "urban-20"), ("Paris", "paris")} <= found
    assert all(m.status == Mention.Status.SUGGESTED for m in Mention.objects.filter(paragraph__article=article))


def accept_links(client, article, text):
    """An editor accepts the suggested links of that name, as the review list's action does."""
    chosen = Mention.objects.filter(paragraph__article=article, text=text).values_list("pk", flat=True)
    response = client.post("/admin/initiatives/mention/", {"action": "accept", "_selected_action": list(chosen)})
    assert response.status_code == 302


def test_an_imported_draft_is_not_public_until_published(editor_client):
    article = import_sixth()
    public = Client()
    assert public.get(article.get_absolute_url()).status_code == 404
    assert article.title not in public.get("/articles/").content.decode()
    assert article.title not in public.get("/cities/los-angeles/").content.decode()
    assert public.get("/authors/lena-okafor/").status_code == 404
    preview = editor_client.get(article.get_absolute_url())
    assert preview.status_code == 200 and b'class="mention">Los Angeles</a>' not in preview.content, "only suggested"
    accept_links(editor_client, article, "Los Angeles")
    assert b'class="mention">Los Angeles</a>' in editor_client.get(article.get_absolute_url()).content

    editor_client.post("/admin/articles/article/", {"action": "publish", "_selected_action": [article.pk], "links": "accept"})
    assert public.get(article.get_absolute_url()).status_code == 200
    la = public.get("/cities/los-angeles/").content.decode()
    assert f'href="{article.get_absolute_url()}#p1"' in la


def test_an_editor_links_a_new_city_made_on_the_spot_and_rejects_a_wrong_link(editor_client):
    article = import_sixth()
    assert not Mention.objects.filter(paragraph__article=article, text="Nairobi").exists()
    response = editor_client.post(
        "/admin/initiatives/city/add/",
        {"name": "Nairobi", "slug": "nairobi", "country": "Kenya", "region": "africa", "latitude": "-1.2864",
         "longitude": "36.8172", "aliases": "", "wikidata": "Q3870",
         "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
         "participations-TOTAL_FORMS": "0", "participations-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    nairobi = Mention.objects.filter(paragraph__article=article, text="Nairobi")
    assert nairobi.count() == 2 and nairobi.first().city.slug == "nairobi"
    assert 'href="/cities/nairobi/"' not in editor_client.get(article.get_absolute_url()).content.decode()
    accept_links(editor_client, article, "Nairobi")
    assert 'href="/cities/nairobi/"' in editor_client.get(article.get_absolute_url()).content.decode()

    paris = Mention.objects.get(paragraph__article=article, text="Paris")
    response = editor_client.post(
        "/admin/initiatives/mention/", {"action": "reject", "_selected_action": [paris.pk]}
    )
    assert response.status_code == 302
    page = editor_client.get(article.get_absolute_url()).content.decode()
    assert 'href="/cities/paris/"' not in page
    assert 'href="/cities/nairobi/"' in page


def test_pointing_a_mention_at_two_records_is_refused(editor_client):
    article = import_sixth()
    mention = Mention.objects.get(paragraph__article=article, text="Paris")
    response = editor_client.post(
        f"/admin/initiatives/mention/{mention.pk}/change/",
        {"status": "accepted", "city": mention.city_id, "network": Network.objects.get(slug="c40-cities").pk},
    )
    assert response.status_code == 200
    assert "exactly one record" in response.content.decode()
    mention.refresh_from_db()
    assert mention.network is None


def confirm(editor_client, read):
    """Press “Import as a draft” on the page that shows what was read, changing nothing."""
    assert read.status_code == 200 and not Article.objects.filter(slug=SIXTH_SLUG).exists(), "nothing written yet"
    return editor_client.post("/admin/articles/article/import/", confirmation(read))


def test_the_admin_upload_form_imports_a_draft(editor_client):
    upload = SimpleUploadedFile("sixth.txt", SIXTH.read_bytes(), content_type="text/plain")
    response = confirm(editor_client, editor_client.post("/admin/articles/article/import/", {"file": upload}))
    article = Article.objects.get(slug=SIXTH_SLUG)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/article/{article.pk}/change/"
    assert article.status == Article.Status.DRAFT


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file"),
        ("Mar 3, 2025 by Someone\n\n## Caf\xe9\n\nBody.".encode("latin-1"), "not UTF-8"),
        (b"Mar 3, 2025 by Someone\n\nJust one line and no body", "no body"),
        (b"x" * (513 * 1024), "at most 512 kB"),
    ],
)
def test_the_upload_form_refuses_bad_files_and_writes_nothing(editor_client, content, message):
    before = row_counts()
    upload = SimpleUploadedFile("bad.txt", content, content_type="text/plain")
    response = editor_client.post("/admin/articles/article/import/", {"file": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert row_counts() == before


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "The file is empty"),
        (b"\x00\x01\x02", "not a text file"),
        (b"\xff\xfe\xfa not utf-8", "not UTF-8"),
        (b"Mar 3, 2025 by Someone", "no title"),
        (b"a" * (600 * 1024), "at most 512 kB"),
    ],
)
def test_the_command_refuses_bad_files_with_a_message_and_writes_nothing(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    before = row_counts()
    with pytest.raises(CommandError, match=message):
        call_command("import_article", str(path))
    assert row_counts() == before


def test_a_duplicate_is_refused_and_nothing_of_a_batch_is_written(tmp_path):
    before = row_counts()
    with pytest.raises(CommandError, match="already here"):
        call_command("import_article", str(SIXTH), str(SOURCES / "002_ca4d9cc9276f1746.txt"), stdout=StringIO())
    assert row_counts() == before, "the sixth article, valid on its own, was rolled back with the batch"
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_article", str(tmp_path / "missing.txt"))
    with pytest.raises(CommandError, match="a folder, not a file"):
        call_command("import_article", str(tmp_path))
    assert row_counts() == before


@pytest.mark.parametrize("source", sorted(SOURCES.glob("*.txt")), ids=lambda p: p.stem)
def test_reimporting_a_source_reproduces_its_article_paragraphs_and_mentions(source):
    seeded = Article.objects.get(source_file=source.name)
    copy = create_article(parse(source.read_bytes()), slug="round-trip-copy")

    def shape(article):
        paragraphs = [(p.number, p.kind, p.text) for p in article.paragraphs.all()]
        mentions = [
            (m.paragraph.number, m.start, m.text, str(m.target))
            for m in Mention.objects.filter(paragraph__article=article).select_related("paragraph")
        ]
        # Not the date: the seed gives the day of first publication, which a repost's text does not say.
        return article.title, article.subtitle, [a.pk for a in article.byline()], paragraphs, mentions

    assert shape(copy) == shape(seeded)


SIXTH_BYLINE = "Mar 3, 2025 by [Lena Okafor](#), [Nina Hachigian](#)"
SIXTH_TITLE = "## Mayors at the Water's Edge: Coastal Cities Compare Notes"
SIXTH_NOTE = "*This piece was written for citydip's test suite and is not a real article.*"


def sixth_with(tmp_path, old, new):
    """The sixth article with one header line changed, as a file."""
    text = SIXTH.read_text()
    assert old in text
    path = tmp_path / "changed.txt"
    path.write_text(text.replace(old, new))
    return path


def upload(editor_client, path, name="changed.txt"):
    file = SimpleUploadedFile(name, path.read_bytes(), content_type="text/plain")
    return editor_client.post("/admin/articles/article/import/", {"file": file})


# A right-to-left override shows "Lena Okafor" as "rafakO aneL"; zero-width characters make a second "Nina
# Hachigian" that looks the same and matches no one.
HIDDEN_BYLINE = "Mar 3, 2025 by [\u202eLena Okafor\u202c](#), [Nina\u200b Hach\u200digian\ufeff](#)"
HIDDEN_TITLE = "## \u2066Mayors at the Water's Edge:\u2060 Coastal Cities Compare Notes\u200c"


def assert_imported_without_invisible_characters():
    article = Article.objects.get(slug=SIXTH_SLUG)
    assert article.title == "Mayors at the Water's Edge: Coastal Cities Compare Notes"
    assert [author.name for author in article.byline()] == ["Lena Okafor", "Nina Hachigian"]
    assert article.byline()[1].slug == "nina-hachigian", "the existing author is matched"
    assert article.byline()[0].slug == "lena-okafor"


def test_the_command_takes_invisible_characters_out_of_names_and_titles(tmp_path):
    path = sixth_with(tmp_path, SIXTH_BYLINE, HIDDEN_BYLINE)
    path.write_text(path.read_text().replace(SIXTH_TITLE, HIDDEN_TITLE))
    call_command("import_article", str(path), stdout=StringIO())
    assert_imported_without_invisible_characters()


def test_the_admin_import_takes_invisible_characters_out_of_names_and_titles(editor_client, tmp_path):
    path = sixth_with(tmp_path, SIXTH_BYLINE, HIDDEN_BYLINE)
    path.write_text(path.read_text().replace(SIXTH_TITLE, HIDDEN_TITLE))
    assert confirm(editor_client, upload(editor_client, path)).status_code == 302
    assert_imported_without_invisible_characters()


REFUSED = [
    pytest.param(SIXTH_BYLINE, "Mar 3, 2025 by [Lena Okafor](#), [\u202e\u200b](#)",
                 "The author's name is made of invisible characters only", id="invisible-name"),
    pytest.param(SIXTH_TITLE, "## \u200b\ufeff", "The title is made of invisible characters only",
                 id="invisible-title"),
    pytest.param(SIXTH_TITLE, "## " + "T" * 301, "The title is 301 characters long; it may be at most 300",
                 id="long-title"),
    pytest.param(SIXTH_BYLINE, f"Mar 3, 2025 by [{'L' * 201}](#)",
                 "The author's name is 201 characters long; it may be at most 200", id="long-name"),
    pytest.param(SIXTH_TITLE, f"{SIXTH_TITLE}\n\n## {'S' * 301}",
                 "The subtitle is 301 characters long; it may be at most 300", id="long-subtitle"),
    pytest.param(SIXTH_NOTE, f"*This piece was originally published in {'F' * 201} here.*",
                 "The publication is 201 characters long; it may be at most 200", id="long-publication"),
]


@pytest.mark.parametrize("old, new, message", REFUSED)
def test_the_command_refuses_a_header_it_cannot_store_and_writes_nothing(tmp_path, old, new, message):
    path = sixth_with(tmp_path, old, new)
    before = row_counts()
    with pytest.raises(CommandError, match=message):
        call_command("import_article", str(path), stdout=StringIO())
    assert row_counts() == before


@pytest.mark.parametrize("old, new, message", REFUSED)
def test_the_admin_import_refuses_a_header_it_cannot_store_and_writes_nothing(editor_client, tmp_path, old, new,
                                                                              message):
    path = sixth_with(tmp_path, old, new)
    before = row_counts()
    response = upload(editor_client, path)
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert row_counts() == before


def test_a_file_name_longer_than_its_column_is_refused(editor_client, tmp_path):
    path = tmp_path / ("n" * 197 + ".txt")
    path.write_bytes(SIXTH.read_bytes())
    with pytest.raises(CommandError, match="The file's name is 201 characters long; it may be at most 200"):
        call_command("import_article", str(path), stdout=StringIO())
    response = upload(editor_client, path, name=path.name)
    assert "The file's name is 201 characters long; it may be at most 200" in html.unescape(response.content.decode())
    assert not Article.objects.filter(slug=SIXTH_SLUG).exists()


def test_publishing_from_the_form_asks_about_links_only_once_the_form_would_save(editor_client):
    from tests.admin_forms import admin_form_data, admin_url

    article = import_sixth()
    url = admin_url(article)
    incomplete = admin_form_data(editor_client.get(url), status="published", summary="")
    page = editor_client.post(url, incomplete).content.decode()
    assert "This field is required." in page and "Publish with links that no one has reviewed?" not in page
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT

    complete = admin_form_data(editor_client.get(url), status="published", summary="Coastal mayors compare notes.")
    assert "Publish with links that no one has reviewed?" in editor_client.post(url, complete).content.decode()
    assert editor_client.post(url, {**complete, "links": "accept"}).status_code == 302
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED
