"""Nothing an editor does is lost: history, comparison, restore, recovery, and no silent overwrite."""

import pytest
from django.contrib.auth.models import Group, User
from django.db.models import Count
from django.test import Client
from reversion.models import Version

from initiatives.models import City, Initiative, Membership, Mention, Network
from tests.admin_forms import add_inline_row, admin_form_data, admin_url, messages_of, save_admin_form
from tests.paths import SIXTH_ARTICLE
from tests.readers import article_links

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
    assert change_city(editor_client, city, country="San Marino").status_code == 302
    history = editor_client.get(f"/admin/initiatives/city/{city.pk}/history/")
    page = history.content.decode()
    assert "ed" in page and "Compare the two chosen versions" in page
    newer, older = Version.objects.get_for_object(city)[:2]
    compare = editor_client.get(f"/admin/initiatives/city/{city.pk}/history/compare/", {"a": older.pk, "b": newer.pk})
    assert compare.status_code == 200
    rows = compare.context["rows"]
    assert [(str(label), before, after) for label, before, after in rows] == [("country", "Italy", "San Marino")]
    assert editor_client.get(f"/admin/initiatives/city/{city.pk}/history/compare/", {"a": "x", "b": newer.pk}).status_code == 404


def test_an_editor_restores_an_earlier_version(editor_client):
    city = City.objects.get(slug="milan")
    change_city(editor_client, city, country="San Marino")
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
    stale = admin_form_data(editor_client.get(url), country="North Korea")
    assert change_city(second_editor, city, country="Japan").status_code == 302
    response = editor_client.post(url, stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "saved by another editor" in page and "flo" in page
    assert "Japan" in page
    assert City.objects.get(slug="seoul").country == "Japan", "the first save was not overwritten"


def test_the_next_save_from_a_fresh_form_goes_through(editor_client, second_editor):
    city = City.objects.get(slug="seoul")
    change_city(second_editor, city, country="Japan")
    assert change_city(editor_client, city, country="China").status_code == 302
    assert City.objects.get(slug="seoul").country == "China"


def test_an_import_that_fails_part_way_writes_nothing(monkeypatch):

    from django.core.management import call_command

    from articles.models import Article, Author, Paragraph

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    before = (Article.objects.count(), Author.objects.count(), Paragraph.objects.count())
    monkeypatch.setattr(Paragraph.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        call_command("import_article", str(SIXTH_ARTICLE))
    assert (Article.objects.count(), Author.objects.count(), Paragraph.objects.count()) == before


def test_an_admin_save_that_fails_part_way_leaves_the_record_as_it_was(editor, monkeypatch):
    from initiatives.admin import CityAdmin

    city = City.objects.get(slug="milan")
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    url = f"/admin/initiatives/city/{city.pk}/change/"
    data = admin_form_data(client.get(url), country="San Marino")

    def broken(*args, **kwargs):
        raise RuntimeError("the inlines could not be saved")

    monkeypatch.setattr(CityAdmin, "save_related", broken)
    assert client.post(url, data).status_code == 500
    assert City.objects.get(slug="milan").country == "Italy"


# A revert touches the chosen record and the rows of its own form, nothing else — not the records the seed
# saved in the same revision, nor what colleagues added to them since.


def revert(client, record, version):
    url = f"{admin_url(record, 'history')}{version.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    return page, client.post(url, admin_form_data(page))


def add_membership(client, city, network):
    data = admin_form_data(client.get(admin_url(city)))
    add_inline_row(data, "memberships", network=network.pk, role="member")
    assert client.post(admin_url(city), data).status_code == 302


def colleagues_work(client):
    """Changes since the seed to records other than Atlanta, which the seed saved in the same revision."""
    barcelona, c40 = City.objects.get(slug="barcelona"), Network.objects.get(slug="c40-cities")
    assert save_admin_form(client, admin_url(barcelona), country="Andorra").status_code == 302
    assert save_admin_form(client, admin_url(c40), description="Ninety-odd megacities.").status_code == 302
    mexla = Initiative.objects.get(slug="mexla")
    assert save_admin_form(client, admin_url(mexla), summary="A summary rewritten.").status_code == 302
    add_membership(client, barcelona, Network.objects.get(slug="urban-20"))


def assert_colleagues_work_kept():
    barcelona = City.objects.get(slug="barcelona")
    assert barcelona.country == "Andorra"
    assert barcelona.memberships.filter(network__slug="urban-20").exists()
    assert Network.objects.get(slug="c40-cities").description == "Ninety-odd megacities."
    assert Initiative.objects.get(slug="mexla").summary == "A summary rewritten."


def test_a_revert_touches_only_the_chosen_record_and_says_first_what_will_change(editor_client, second_editor):
    atlanta, c40 = City.objects.get(slug="atlanta"), Network.objects.get(slug="c40-cities")
    seeded = Version.objects.get_for_object(atlanta).last()
    colleagues_work(second_editor)
    assert change_city(editor_client, atlanta, country="Canada").status_code == 302
    add_membership(editor_client, atlanta, c40)

    page, response = revert(editor_client, atlanta, seeded)

    shown = page.content.decode()
    assert "What will change" in shown and "<del>Canada</del>" in shown and "<ins>United States</ins>" in shown
    assert "Membership “Atlanta — member of C40 Cities”: removed" in shown
    assert response.status_code == 302
    when = f"{seeded.revision.date_created:%-d %B %Y %H:%M}"
    assert messages_of(response) == [f"Reverted “Atlanta” to the version of {when}: 1 membership removed."]
    atlanta.refresh_from_db()
    assert atlanta.country == "United States" and not atlanta.memberships.filter(network=c40).exists()
    assert_colleagues_work_kept()


def test_the_revert_page_changes_nothing_until_it_is_saved(editor_client):
    atlanta = City.objects.get(slug="atlanta")
    seeded = Version.objects.get_for_object(atlanta).last()
    change_city(editor_client, atlanta, country="Canada")
    add_membership(editor_client, atlanta, Network.objects.get(slug="c40-cities"))
    assert editor_client.get(f"{admin_url(atlanta, 'history')}{seeded.pk}/").status_code == 200
    assert City.objects.get(pk=atlanta.pk).country == "Canada"
    assert atlanta.memberships.filter(network__slug="c40-cities").exists()


def test_recovering_a_record_rewinds_no_other(editor_client, second_editor):
    """Deleted where no revision was saved for the deletion, a city's last version is the seed's — the revision
    that holds every curated record. Recovering it brings back the city and its own rows, nothing else."""
    berlin = City.objects.annotate(n=Count("memberships")).filter(n__gt=0).exclude(slug="barcelona").first()
    memberships = set(berlin.memberships.values_list("network_id", "role"))
    colleagues_work(second_editor)
    City.objects.filter(pk=berlin.pk).delete()
    deleted = Version.objects.get_deleted(City).get(object_id=str(berlin.pk))
    url = f"/admin/initiatives/city/recover/{deleted.pk}/"
    assert editor_client.post(url, admin_form_data(editor_client.get(url))).status_code == 302
    assert set(City.objects.get(pk=berlin.pk).memberships.values_list("network_id", "role")) == memberships
    assert_colleagues_work_kept()


def test_records_deleted_together_come_back_one_at_a_time(editor_client):
    first, second = City.objects.filter(slug__in=["milan", "seoul"]).order_by("slug")
    chosen = {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"}
    response = editor_client.post("/admin/initiatives/city/", chosen)
    assert response.status_code == 302 and not City.objects.filter(pk__in=[first.pk, second.pk]).exists()
    deleted = Version.objects.get_deleted(City).get(object_id=str(first.pk))
    assert deleted.revision.comment == "Deleted 2 cities." and deleted.revision.user.username == "ed"
    url = f"/admin/initiatives/city/recover/{deleted.pk}/"
    assert editor_client.post(url, admin_form_data(editor_client.get(url))).status_code == 302
    assert City.objects.filter(pk=first.pk).exists() and not City.objects.filter(pk=second.pk).exists()


def test_a_revert_names_the_version_and_who_saved_it(editor_client, second_editor):
    city = City.objects.get(slug="milan")
    change_city(editor_client, city, country="San Marino")
    chosen = Version.objects.get_for_object(city).first()
    change_city(second_editor, city, country="Vatican")
    _, response = revert(editor_client, city, chosen)
    when = chosen.revision.date_created
    assert messages_of(response) == [f"Reverted “Milan” to the version of {when:%-d %B %Y %H:%M} by ed."]
    assert City.objects.get(slug="milan").country == "San Marino"


def links_in_articles_naming(city):
    mentions = Mention.objects.filter(city=city).select_related("paragraph__article")
    articles = {mention.paragraph.article.get_absolute_url() for mention in mentions}
    return {path: article_links(Client(), path) for path in articles}


def test_a_reverted_rename_links_the_name_again(editor_client):
    """Renamed, Milan is no longer found in the article bodies; reverted, its links are back as editors left them."""
    city = City.objects.get(slug="milan")
    links = links_in_articles_naming(city)
    assert any(href == "/cities/milan/" for found in links.values() for href, _ in found)
    seeded = Version.objects.get_for_object(city).last()
    assert change_city(editor_client, city, name="Milano").status_code == 302
    assert not Mention.objects.filter(city=city).exists()
    assert not any(href == "/cities/milan/" for path in links for href, _ in article_links(Client(), path))

    _, response = revert(editor_client, city, seeded)

    assert response.status_code == 302
    assert {path: article_links(Client(), path) for path in links} == links


def test_a_link_rejected_by_mistake_is_reverted_to_accepted(editor_client):
    mention = Mention.objects.filter(city__slug="milan", status=Mention.Status.ACCEPTED).first()
    path = mention.paragraph.article.get_absolute_url()
    links = article_links(Client(), path)
    assert save_admin_form(editor_client, admin_url(mention), status="rejected").status_code == 302
    assert len(article_links(Client(), path)) == len(links) - 1
    earlier = Version.objects.get_for_object(mention)[1]
    _, response = revert(editor_client, mention, earlier)
    assert response.status_code == 302
    assert article_links(Client(), path) == links


def test_comparing_two_versions_lists_the_rows_of_its_form_that_changed(editor_client):
    atlanta = City.objects.get(slug="atlanta")
    seeded = Version.objects.get_for_object(atlanta).last()
    add_membership(editor_client, atlanta, Network.objects.get(slug="c40-cities"))
    newest = Version.objects.get_for_object(atlanta).first()
    page = editor_client.get(f"{admin_url(atlanta, 'history')}compare/", {"a": seeded.pk, "b": newest.pk})
    assert page.context["inline_changes"] == [("membership", "“Atlanta — member of C40 Cities”", "added")]
