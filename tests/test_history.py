"""Nothing an editor does is lost: history, comparison, restore, recovery, and no silent overwrite."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from reversion.models import Version

from initiatives.models import City, Membership

from .admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor(db):
    user = User.objects.create_user("flo", password="another-long-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


def change_city(client, city, **changes):
    url = f"/admin/initiatives/city/{city.pk}/change/"
    return client.post(url, admin_form_data(client.get(url), **changes))


def test_every_seeded_record_has_a_first_version():
    assert Version.objects.get_for_object(City.objects.get(slug="los-angeles")).exists()


def test_history_shows_who_changed_what_and_compares_two_versions(editor_client):
    city = City.objects.get(slug="milan")
    assert change_city(editor_client, city, country="Italia").status_code == 302
    history = editor_client.get(f"/admin/initiatives/city/{city.pk}/history/")
    page = history.content.decode()
    assert "ed" in page and "Compare the two chosen versions" in page
    newer, older = Version.objects.get_for_object(city)[:2]
    compare = editor_client.get(f"/admin/initiatives/city/{city.pk}/history/compare/", {"a": older.pk, "b": newer.pk})
    assert compare.status_code == 200
    rows = compare.context["rows"]
    assert [(str(label), before, after) for label, before, after in rows] == [("country", "Italy", "Italia")]
    assert editor_client.get(f"/admin/initiatives/city/{city.pk}/history/compare/", {"a": "x", "b": newer.pk}).status_code == 404


def test_an_editor_restores_an_earlier_version(editor_client):
    city = City.objects.get(slug="milan")
    change_city(editor_client, city, country="Italia")
    original = Version.objects.get_for_object(city).last()
    url = f"/admin/initiatives/city/{city.pk}/history/{original.pk}/"
    response = editor_client.post(url, admin_form_data(editor_client.get(url)))
    assert response.status_code == 302
    assert City.objects.get(slug="milan").country == "Italy"


def test_an_editor_recovers_a_deleted_city_with_its_memberships(editor_client):
    city = City.objects.get(slug="paris")
    memberships = set(Membership.objects.filter(city=city).values_list("network__slug", "role"))
    change_city(editor_client, city)  # a revision that holds the city with its inline memberships
    response = editor_client.post(f"/admin/initiatives/city/{city.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not City.objects.filter(slug="paris").exists()
    recover_list = editor_client.get("/admin/initiatives/city/recover/")
    deleted = Version.objects.get_deleted(City).get(object_id=str(city.pk))
    assert f"/admin/initiatives/city/recover/{deleted.pk}/" in recover_list.content.decode()
    url = f"/admin/initiatives/city/recover/{deleted.pk}/"
    response = editor_client.post(url, admin_form_data(editor_client.get(url)))
    assert response.status_code == 302
    restored = City.objects.get(slug="paris")
    assert set(Membership.objects.filter(city=restored).values_list("network__slug", "role")) == memberships
    assert Client().get("/cities/paris/").status_code == 200


def test_a_stale_form_is_refused_with_what_changed_meanwhile(editor_client, second_editor):
    city = City.objects.get(slug="seoul")
    url = f"/admin/initiatives/city/{city.pk}/change/"
    stale = admin_form_data(editor_client.get(url), country="South Korea (ROK)")
    assert change_city(second_editor, city, country="Republic of Korea").status_code == 302
    response = editor_client.post(url, stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "saved by another editor" in page and "flo" in page
    assert "Republic of Korea" in page
    assert City.objects.get(slug="seoul").country == "Republic of Korea", "the first save was not overwritten"


def test_the_next_save_from_a_fresh_form_goes_through(editor_client, second_editor):
    city = City.objects.get(slug="seoul")
    change_city(second_editor, city, country="Republic of Korea")
    assert change_city(editor_client, city, country="Korea").status_code == 302
    assert City.objects.get(slug="seoul").country == "Korea"


def test_an_import_that_fails_part_way_writes_nothing(monkeypatch):
    from pathlib import Path

    from django.core.management import call_command

    from articles.models import Article, Author, Paragraph

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    before = (Article.objects.count(), Author.objects.count(), Paragraph.objects.count())
    monkeypatch.setattr(Paragraph.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        call_command("import_article", str(Path(__file__).parent / "data" / "sixth_article.txt"))
    assert (Article.objects.count(), Author.objects.count(), Paragraph.objects.count()) == before


def test_an_admin_save_that_fails_part_way_leaves_the_record_as_it_was(editor, monkeypatch):
    from initiatives.admin import CityAdmin

    city = City.objects.get(slug="milan")
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    url = f"/admin/initiatives/city/{city.pk}/change/"
    data = admin_form_data(client.get(url), country="Italia")

    def broken(*args, **kwargs):
        raise RuntimeError("the inlines could not be saved")

    monkeypatch.setattr(CityAdmin, "save_related", broken)
    assert client.post(url, data).status_code == 500
    assert City.objects.get(slug="milan").country == "Italy"
