"""A city's country is chosen from ISO 3166's list, never typed: a typo would become a country facet of its own."""

import html

import pytest

from initiatives.models import City
from tests.admin_forms import admin_form_data, admin_url

pytestmark = pytest.mark.django_db


def test_the_country_is_a_list_of_iso_3166_names(editor_client):
    page = editor_client.get(admin_url(City.objects.get(slug="prague"))).content.decode()
    assert '<select name="country"' in page
    assert '<option value="Czech Republic" selected>Czech Republic</option>' in page, "the base's own name"
    assert '<option value="Uruguay">Uruguay</option>' in page
    assert page.count("<option value=") > 240


def test_a_country_not_on_the_list_is_refused_and_nothing_changes(editor_client):
    city = City.objects.get(slug="bogota") if City.objects.filter(slug="bogota").exists() else City.objects.first()
    before = city.country
    response = editor_client.post(admin_url(city), admin_form_data(editor_client.get(admin_url(city)), country="Columbia"))
    assert response.status_code == 200
    assert "“Columbia” is not a country of ISO 3166: choose one from the list." in html.unescape(response.content.decode())
    assert City.objects.get(pk=city.pk).country == before


def test_a_country_typed_before_the_list_is_shown_to_be_corrected(editor_client):
    city = City.objects.get(slug="prague")
    City.objects.filter(pk=city.pk).update(country="Czechoslovakia")
    page = editor_client.get(admin_url(city)).content.decode()
    assert "Czechoslovakia (not a country of ISO 3166: choose one above)" in page
    response = editor_client.post(admin_url(city), admin_form_data(editor_client.get(admin_url(city)), country="Czech Republic"))
    assert response.status_code == 302
    assert City.objects.get(pk=city.pk).country == "Czech Republic"
