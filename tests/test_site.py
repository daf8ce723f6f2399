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


def test_404_page_matches_the_site(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b'class="site-header"' in response.content
