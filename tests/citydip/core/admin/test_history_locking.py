"""No silent overwrite through inline rows: a form carries the version of every row it shows, and a save is
refused, with who changed what, when any of them was saved by someone else since the form was opened."""

import pytest
import reversion
from django.contrib.auth.models import User

from articles.models import Article
from initiatives.models import City, Membership, MembershipSource
from tests.admin_forms import admin_form_data, admin_url, form_errors, inline_row, save_admin_form, signed_in_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(db):
    return signed_in_editor("alice")


@pytest.fixture
def bob(db):
    return signed_in_editor("bob")


def refused(response, *words):
    """The save was refused, with a message that says each of the words."""
    assert response.status_code == 200, "the save went through"
    errors = str(form_errors(response))
    assert all(word in errors for word in words), errors
    return errors


def test_a_membership_changed_on_its_own_page_is_not_undone_by_a_stale_city_form(alice, bob):
    city = City.objects.get(slug="milan")
    membership = city.memberships.select_related("network").get(network__slug="c40-cities")
    stale = admin_form_data(bob.get(admin_url(city)), country="Switzerland")
    assert save_admin_form(alice, admin_url(membership), start_year=2009).status_code == 302

    refused(bob.post(admin_url(city), stale), "saved by another editor", "alice", "start year", "2009")

    assert Membership.objects.get(pk=membership.pk).start_year == 2009
    assert City.objects.get(pk=city.pk).country == "Italy"


def test_a_membership_changed_on_its_network_page_is_not_undone_by_a_stale_city_form(alice, bob):
    city = City.objects.get(slug="milan")
    membership = city.memberships.select_related("network").get(network__slug="c40-cities")
    stale = admin_form_data(bob.get(admin_url(city)), country="Switzerland")
    network_page = admin_form_data(alice.get(admin_url(membership.network)))
    network_page[f"{inline_row(network_page, 'memberships', membership)}-end_year"] = "2030"
    assert alice.post(admin_url(membership.network), network_page).status_code == 302

    refused(bob.post(admin_url(city), stale), "alice", "end year")
    assert Membership.objects.get(pk=membership.pk).end_year == 2030


def test_deleting_a_row_a_colleague_just_changed_is_refused(alice, bob):
    city = City.objects.get(slug="milan")
    membership = city.memberships.get(network__slug="c40-cities")
    stale = admin_form_data(bob.get(admin_url(city)))
    stale[f"{inline_row(stale, 'memberships', membership)}-DELETE"] = "on"
    assert save_admin_form(alice, admin_url(membership), start_year=2009).status_code == 302

    refused(bob.post(admin_url(city), stale), "alice")
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_paragraph_edited_on_its_own_page_is_not_undone_by_a_stale_article_form(alice, bob):
    article = Article.objects.get(slug="toward-city-diplomacy-20")
    paragraph = article.paragraphs.get(number=3)
    stale = admin_form_data(bob.get(admin_url(article)), subtitle="A stale subtitle")
    text = paragraph.text + " (Corrected.)"
    assert save_admin_form(alice, admin_url(paragraph), text=text).status_code == 302

    refused(bob.post(admin_url(article), stale), "saved by another editor", "alice", "(Corrected.)")
    assert article.paragraphs.get(number=3).text == text


def changed_by(username, record, **changes):
    """A colleague's save of the row that does not pass through this form's parent: its own version moves on."""
    with reversion.create_revision():
        reversion.set_user(User.objects.get(username=username))
        for name, value in changes.items():
            setattr(record, name, value)
        record.save()


def test_a_byline_changed_meanwhile_is_not_undone_by_a_stale_article_form(alice, bob):
    article = Article.objects.get(slug="toward-city-diplomacy-20")
    authorship = article.authorships.get(position=1)
    stale = admin_form_data(bob.get(admin_url(article)), subtitle="A stale subtitle")
    changed_by("alice", authorship, position=9)

    refused(bob.post(admin_url(article), stale), "alice", "position")
    assert article.authorships.get(pk=authorship.pk).position == 9


def test_a_quote_changed_meanwhile_is_not_undone_by_a_stale_membership_form(alice, bob):
    source = MembershipSource.objects.select_related("membership", "paragraph").first()
    stale = admin_form_data(bob.get(admin_url(source.membership)), start_year=1999)
    shorter = source.quote[: len(source.quote) // 2 + 10].rstrip()
    changed_by("alice", source, quote=shorter)

    refused(bob.post(admin_url(source.membership), stale), "alice", "quote")
    assert MembershipSource.objects.get(pk=source.pk).quote == shorter


def test_a_form_that_does_not_say_which_version_it_was_made_from_is_refused(editor_client):
    city = City.objects.get(slug="milan")
    data = admin_form_data(editor_client.get(admin_url(city)), country="San Marino")
    without_parent = {name: value for name, value in data.items() if name != "loaded_version"}
    refused(editor_client.post(admin_url(city), without_parent), "does not say which version")
    row_version = next(name for name in data if name.startswith("memberships-") and name.endswith("-loaded_version"))
    without_row = {name: value for name, value in data.items() if name != row_version}
    refused(editor_client.post(admin_url(city), without_row), "does not say which version")
    assert City.objects.get(pk=city.pk).country == "Italy"
    assert editor_client.post(admin_url(city), data).status_code == 302
