"""A notebook in a browser can call the read API from another site; pages, forms and the admin allow no one."""

import pytest

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "https://notebook.example"}


@pytest.mark.parametrize("url", [
    "/initiatives/?format=json", "/initiatives/?format=csv&topic=climate", "/cities/los-angeles/?format=json",
    "/articles/cities-are-transforming-us-foreign-policy/?format=bibtex", "/api/openapi.json",
    "/data/cities.json", "/initiatives/facets/city/?format=json", "/search/?q=climate&format=json",
])
def test_the_read_api_allows_any_origin_without_credentials(client, url):
    response = client.get(url, **ORIGIN)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "Content-Disposition" in response["Access-Control-Expose-Headers"]


@pytest.mark.parametrize("url", ["/initiatives/?format=json&city=narnia", "/cities/nowhere/?format=json"])
def test_errors_of_the_read_api_are_readable_from_another_site(client, url):
    response = client.get(url, **ORIGIN)
    assert response.status_code in (400, 404)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "error" in response.json()


def test_a_cached_answer_carries_the_header_too(client):
    client.get("/cities/?format=json", **ORIGIN)
    response = client.get("/cities/?format=json", **ORIGIN)
    assert response["X-Cache"] == "hit"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_preflight_is_answered_for_reads_only(client):
    response = client.options(
        "/initiatives/?format=json", **ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET", HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Headers"] == "if-none-match"
    assert int(response["Access-Control-Max-Age"]) > 0


@pytest.mark.parametrize("url", ["/initiatives/", "/", "/search/?q=climate", "/admin/login/", "/admin/?format=json", "/data/"])
def test_pages_forms_and_the_admin_allow_no_other_site(client, url):
    assert "Access-Control-Allow-Origin" not in client.get(url, **ORIGIN)
    preflight = client.options(url, **ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert "Access-Control-Allow-Origin" not in preflight
