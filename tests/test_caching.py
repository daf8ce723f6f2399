"""Anonymous readers get cached pages that an edit invalidates at once; editors always see fresh pages;
unchanged pages answer 304."""

import pytest
from django.test import Client

from initiatives.models import City, Network

from .admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def test_a_second_anonymous_request_is_served_from_the_cache(django_assert_num_queries):
    client = Client()
    assert client.get("/cities/los-angeles/")["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get("/cities/los-angeles/")
    assert response["X-Cache"] == "hit"
    assert b"<h1>Los Angeles</h1>" in response.content


def test_an_edit_invalidates_the_cached_pages_at_once(editor_client):
    reader = Client()
    assert b"Italy" in reader.get("/cities/milan/").content
    assert b"Italy" in reader.get("/cities/?region=europe").content
    city = City.objects.get(slug="milan")
    url = f"/admin/initiatives/city/{city.pk}/change/"
    assert editor_client.post(url, admin_form_data(editor_client.get(url), country="Repubblica Italiana")).status_code == 302
    for page in ("/cities/milan/", "/cities/?region=europe"):
        response = reader.get(page)
        assert response["X-Cache"] == "miss"
        assert b"Repubblica Italiana" in response.content


def test_a_deletion_invalidates_too():
    reader = Client()
    assert b"Freetown" in reader.get("/cities/").content
    City.objects.get(slug="freetown").delete()
    assert b"Freetown" not in reader.get("/cities/").content


def test_editors_always_see_fresh_pages(editor_client):
    Client().get("/cities/los-angeles/")
    response = editor_client.get("/cities/los-angeles/")
    assert "X-Cache" not in response


def test_unchanged_pages_answer_304_to_a_conditional_get():
    client = Client()
    first = client.get("/networks/c40-cities/")
    etag = first["ETag"]
    assert client.get("/networks/c40-cities/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    city = City.objects.create(name="Test Member", slug="test-member", country="X", region="europe")
    city.memberships.create(network=Network.objects.get(slug="c40-cities"))
    assert client.get("/networks/c40-cities/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_json_is_cached_and_csv_streams_uncached():
    client = Client()
    client.get("/initiatives/?format=json")
    assert client.get("/initiatives/?format=json")["X-Cache"] == "hit"
    assert "X-Cache" not in client.get("/initiatives/?format=csv")
