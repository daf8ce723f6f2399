import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Author
from tests.paths import SIXTH_ARTICLE

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_without_touching_the_database(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert len(queries) == 0


def test_home_shows_counts_and_ways_in(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    for path in ("/articles/", "/initiatives/", "/cities/", "/networks/", "/topics/"):
        assert f'href="{path}"' in page
    assert "Most connected cities" in page
    assert 'href="/cities/los-angeles/"' in page


def test_404_page_matches_the_site(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b'class="site-header"' in response.content


SIXTH = SIXTH_ARTICLE


def dataset_counts(client):
    page = client.get("/data/").content.decode()
    rows = re.findall(r'<th scope="row">(\w+)</th><td>[^<]*</td><td class="num">(\d+)</td>', page)
    return {name.lower(): int(count) for name, count in rows}


def test_the_data_page_counts_what_each_dataset_holds(client):
    # A draft by a new author (Lena Okafor) and an existing one: neither it nor its new author is public.
    call_command("import_article", str(SIXTH), stdout=StringIO())
    counts = dataset_counts(client)
    assert counts["authors"] == 5 == Author.objects.public().count()
    assert len(counts) == 7
    for name, count in counts.items():
        assert json.loads(b"".join(client.get(f"/data/{name}.json").streaming_content))["count"] == count, name


def test_public_authors_are_the_authors_of_a_published_article():
    call_command("import_article", str(SIXTH), stdout=StringIO())
    published = Article.objects.published()
    assert set(Author.objects.public()) == {author for article in published for author in article.authors.all()}
    assert not Author.objects.public().filter(slug="lena-okafor").exists()
    assert Author.objects.public().filter(slug="nina-hachigian").count() == 1, "once, however many articles"
    Article.objects.filter(authors__slug="lena-okafor").update(status=Article.Status.PUBLISHED)
    assert Author.objects.public().filter(slug="lena-okafor").exists()


def test_an_author_of_drafts_only_is_neither_listed_nor_shown(client):
    call_command("import_article", str(SIXTH), stdout=StringIO())
    listed = {author["slug"] for author in client.get("/authors/?format=json").json()["results"]}
    assert listed == set(Author.objects.public().values_list("slug", flat=True))
    assert "lena-okafor" not in listed
    assert client.get("/authors/lena-okafor/").status_code == 404
