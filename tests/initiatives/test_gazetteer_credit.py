"""The About page: what citydip is, and GeoNames credited as its licence asks (CC BY 4.0, with links)."""

import pytest
from django.urls import path

from citydip import urls as site_urls
from citydip.site.about import about
from initiatives import gazetteer

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

# The site's addresses, with /about/ where citydip.urls does not route it yet.
urlpatterns = [*site_urls.urlpatterns]
if not any(getattr(pattern, "name", None) == "about" for pattern in urlpatterns):
    urlpatterns.insert(0, path("about/", about, name="about"))


@pytest.fixture(scope="module", autouse=True)
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        gazetteer.ensure_loaded()


def test_the_about_page_says_what_citydip_is_and_credits_geonames(client):
    response = client.get("/about/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>About citydip</h1>" in content
    assert '<a href="https://www.geonames.org/">GeoNames</a>' in content
    assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">' in content
    assert "34,004" in content


def test_the_about_page_is_html_only(client):
    assert client.get("/about/?format=json").status_code == 400
