"""The editors' page of the new records an article names: listed with a Create button each; one click makes the
record (POST, CSRF, the editor's add permission) and links the article's mentions of it."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from initiatives import gazetteer
from initiatives.models import City, Mention, Network
from tests.initiatives.test_record_suggestions import TEXT, article_with

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def loaded(django_db_setup, django_db_blocker):
    """The gazetteer, loaded again if a `flush` earlier in the run emptied it (see test_gazetteer)."""
    with django_db_blocker.unblock():
        gazetteer.ensure_loaded()


@pytest.fixture
def article():
    return article_with(TEXT)


def page(article) -> str:
    return reverse("admin:initiatives_record_suggestions", args=[article.pk])


def test_the_page_lists_the_new_records_each_with_a_create_button(editor_client, article):
    response = editor_client.get(page(article))
    assert response.status_code == 200
    content = response.content.decode()
    for name in ["Montevideo", "Nairobi", "Lisbon", "Bogotá", "ICLEI", "Eurocities"]:
        assert f"<strong>{name}</strong>" in content
    assert "<strong>Los Angeles</strong>" not in content
    assert content.count('name="create"') == 6
    assert 'value="city:3441575"' in content
    assert 'href="https://www.geonames.org/3441575"' in content
    assert f'href="{article.get_absolute_url()}#p2"' in content, "where the article names it"


def test_create_makes_the_city_with_its_fields_and_links_the_articles_mentions(editor_client, editor, article):
    response = editor_client.post(page(article), {"create": "city:3441575"}, follow=True)
    city = City.objects.get(geonames_id=3441575)
    assert (city.name, city.slug, city.country, city.region) == ("Montevideo", "montevideo", "Uruguay", "latin-america")
    assert city.latitude is not None and city.longitude is not None
    linked = Mention.objects.filter(paragraph__article=article, city=city).order_by("paragraph__number", "start")
    assert [(m.paragraph.number, m.text, m.status) for m in linked] == [
        (1, "Montevideo", Mention.Status.SUGGESTED), (2, "Montevideo", Mention.Status.SUGGESTED)
    ]
    assert "2 mentions in this article now link to it" in response.content.decode()
    assert 'value="city:3441575"' not in response.content.decode(), "no longer suggested"
    assert Version.objects.get_for_object(city).get().revision.user == editor
    assert LogEntry.objects.filter(object_id=str(city.pk), action_flag=ADDITION, user=editor).exists()


def test_create_makes_a_network(editor_client, article):
    editor_client.post(page(article), {"create": "network:ICLEI"})
    network = Network.objects.get(name="ICLEI")
    assert Mention.objects.filter(paragraph__article=article, network=network).count() == 1


def test_a_suggestion_the_text_no_longer_makes_creates_nothing(editor_client, article):
    cities = City.objects.count()
    response = editor_client.post(page(article), {"create": "city:2988507"}, follow=True)  # Paris: known
    assert City.objects.count() == cities
    assert "no longer made" in response.content.decode()


def test_creating_takes_the_permission_to_add_that_kind_of_record(article):
    reader = User.objects.create_user("reviewer", password="a-long-reviewer-password", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_mention"))
    client = Client()
    client.force_login(reader)
    response = client.get(page(article))
    assert response.status_code == 200 and 'name="create"' not in response.content.decode()
    assert client.post(page(article), {"create": "city:3441575"}).status_code == 403
    assert not City.objects.filter(geonames_id=3441575).exists()


def test_the_page_is_for_editors_only(client, article):
    assert client.get(page(article)).status_code == 302  # to the admin's sign-in


def test_create_is_refused_without_the_forms_csrf_token(editor, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(page(article), {"create": "city:3441575"}).status_code == 403
    assert not City.objects.filter(geonames_id=3441575).exists()
