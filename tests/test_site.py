import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


def test_search_ranks_the_exact_name_first_and_covers_every_kind(client):
    data = client.get("/search/?q=Los+Angeles&format=json").json()
    assert data["results"][0]["name"] == "Los Angeles"
    assert data["results"][0]["url"] == "http://testserver/cities/los-angeles/"
    assert data["count"] > 20 and data["next"]
    articles = client.get("/search/?q=Los+Angeles&kind=article&format=json").json()
    assert articles["count"] == 4
    assert {r["kind"] for r in articles["results"]} == {"article"}


def test_search_marks_the_matched_words(client):
    page = client.get("/search/?q=WhatsApp").content.decode()
    assert "<mark>WhatsApp</mark>" in page


def test_search_filters_by_kind(client):
    data = client.get("/search/?q=cities&kind=network&format=json").json()
    assert data["results"] and {r["kind"] for r in data["results"]} == {"network"}
    assert client.get("/search/?q=x&kind=spaceship").status_code == 400


@pytest.mark.parametrize(
    "query",
    ["", "a", "x" * 10_000, "城市外交", "<script>alert(1)</script>", "' OR 1=1 --", "%", "\\", "\"unclosed"],
)
def test_odd_searches_give_a_clean_page(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert client.get("/search/", {"q": query, "format": "json"}).status_code == 200


def test_404_page_matches_the_site(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b'class="site-header"' in response.content
