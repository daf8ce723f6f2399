"""/about/: what citydip is, how it is sourced, its licences, how to cite it, the reconciliation service and how
to report an error — short, and loading nothing from elsewhere."""

import re

import pytest

pytestmark = pytest.mark.django_db


def about(client) -> str:
    response = client.get("/about/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_states_the_licences_plainly(client):
    content = about(client)
    assert '<h2 id="licence">Licences</h2>' in content
    assert "are under the\n  <a href=\"https://creativecommons.org/licenses/by/4.0/\" rel=\"license\">Creative Commons" in content
    assert "“citydip contributors, CC BY 4.0”" in content
    assert "<strong>Article texts</strong> belong to their authors and publishers" in content
    assert "quoted here for\n  research" in content
    assert "They are not under our licence." in content
    assert '<a href="https://www.geonames.org/">GeoNames</a>' in content


def test_the_page_says_how_records_are_sourced_and_curated(client):
    content = about(client)
    assert "carries a verbatim quote of the\nparagraph it comes from" in content
    assert "A quote that is not word for word in its paragraph is refused." in content
    assert "Every change\nis kept with who made it and when" in content


def test_the_page_says_how_to_cite_with_links_to_the_data_and_its_releases(client):
    content = about(client)
    assert '<h2 id="cite">How to cite</h2>' in content
    assert '<a href="/data/">Data</a> page; for results others must be able to repeat' in content
    assert '<a href="/data/releases/">the list of releases</a>' in content


def test_the_page_documents_the_reconciliation_service(client):
    content = about(client)
    assert '<h2 id="reconciliation">' in content
    assert "<code>http://testserver/reconcile/</code>" in content
    assert "<code>city</code> (city), <code>network</code> (network), <code>body</code> (multilateral body)" in content
    assert "<code>country</code>, the city’s country" in content
    assert "up to 100 queries a batch" in content


def test_errors_are_reported_to_the_address_the_site_sets(client, settings):
    settings.CONTACT_EMAIL = "editors@citydip.org"
    content = about(client)
    assert '<a href="mailto:editors@citydip.org?subject=citydip%20correction">editors@citydip.org</a>' in content


def test_without_an_address_the_page_says_so(client, settings):
    settings.CONTACT_EMAIL = ""
    content = about(client)
    assert '<h2 id="report">Report an error</h2>' in content
    assert "no address to\nwrite to is set here yet" in content
    assert "mailto:" not in content


def test_the_page_loads_nothing_from_elsewhere_and_costs_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(2):  # the content version (page cache), the count of GeoNames places
        content = about(client)
    loaded = re.findall(r'<(?:link|script|img|iframe)[^>]+(?:href|src)="([^"]+)"', content)
    assert loaded and all(address.startswith("/") for address in loaded), loaded
    assert "<script" not in content
