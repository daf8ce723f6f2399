"""The editors' page of an article's suggested claims (initiatives.claim_review): each suggestion with its quote
marked in its paragraph; Accept makes a sourced claim, public once the article is published; Reject hides it
for good; flagged suggestions are not accepted with the others by default."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from articles.importing import import_article
from articles.models import Article, Paragraph
from initiatives.claim_suggestions import suggest_claims
from initiatives.linking import link_article
from initiatives.models import City, Membership, Participation, RejectedClaimSuggestion

from .test_claim_suggestions import PARAGRAPHS, article_text, long_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    City.objects.create(name="Montevideo", slug="montevideo", country="Uruguay", region="latin-america")
    City.objects.create(name="Lagos", slug="lagos", country="Nigeria", region="africa")
    return import_article(article_text(PARAGRAPHS), source_file="networks.txt")


def page_of(article):
    return reverse("admin:initiatives_claim_suggestions", args=[article.pk])


def key_of(article, line):
    return next(s.key for s in suggest_claims(article, include_rejected=True) if str(s) == line)


def publish(article):
    article.status = Article.Status.PUBLISHED
    article.save()


MONTEVIDEO = "claim: Montevideo — member — Strong Cities Network (¶1)"
FREETOWN = "claim: Freetown — member — C40 Cities (¶4) [negated]"


def test_the_page_lists_each_suggestion_with_its_quote_marked_in_its_paragraph(editor_client, article):
    page = editor_client.get(page_of(article)).content.decode()

    assert "Claims suggested by “Cities Compare Their Networks”" in page
    assert (
        '<mark class="claim-quote"><strong>Montevideo</strong> <strong>joined</strong> the '
        "<strong>Strong Cities Network</strong> in 2019, after a wave of hate crimes led its mayor to look abroad for "
        "practices that work.</mark>"
    ) in page
    assert page.count('<tr class="claim-suggestion') == 10
    assert "this article is still a draft" in page


def test_negated_and_hedged_suggestions_are_flagged_and_left_unchecked(editor_client, article):
    page = editor_client.get(page_of(article)).content.decode()
    checkboxes = dict(re.findall(r'<input type="checkbox" name="checked" value="([^"]+)"( checked)?', page))

    assert checkboxes[key_of(article, MONTEVIDEO)] == " checked"
    assert checkboxes[key_of(article, FREETOWN)] == ""
    assert checkboxes[key_of(article, "claim: Seoul — member — C40 Cities (¶5) [hedged]")] == ""
    assert page.count("<strong>negated</strong></div>") == 1 and page.count("<strong>hedged</strong></div>") == 2


def test_accept_makes_a_sourced_claim_that_is_public_once_the_article_is_published(editor_client, article):
    response = editor_client.post(page_of(article), {"accept": key_of(article, MONTEVIDEO)}, follow=True)

    assert "Made “Montevideo — member of Strong Cities Network”, quoting ¶1." in response.content.decode()
    membership = Membership.objects.get(city__slug="montevideo", network__slug="strong-cities-network")
    assert (membership.role, membership.start_year) == ("member", 2019)
    assert membership.sources.get().quote == PARAGRAPHS[0]
    reader = Client()
    assert reader.get("/cities/montevideo/?format=json").json()["networks"] == []
    publish(article)
    networks = reader.get("/cities/montevideo/?format=json").json()["networks"]
    assert [network["slug"] for network in networks] == ["strong-cities-network"]
    page = editor_client.get(page_of(article)).content.decode()
    assert "already quoted from this paragraph" in page


def test_accept_the_checked_takes_those_left_checked(editor_client, article):
    checked = [key_of(article, MONTEVIDEO), key_of(article, "claim: Seoul — host — Local2030 initiative (¶3)")]

    editor_client.post(page_of(article), {"accept_checked": "1", "checked": checked})

    assert Membership.objects.filter(city__slug="montevideo").count() == 1
    assert Participation.objects.filter(city__slug="seoul", initiative__slug="local2030", role="host").exists()
    assert not Membership.objects.filter(city__slug="freetown", network__slug="c40-cities").exists()


def test_reject_hides_the_suggestion_for_good(editor_client, editor, article):
    key = key_of(article, FREETOWN)

    response = editor_client.post(page_of(article), {"reject": key}, follow=True)

    assert "Rejected, and not suggested again: Freetown — member — C40 Cities (¶4)." in response.content.decode()
    rejection = RejectedClaimSuggestion.objects.get()
    assert (rejection.city.slug, rejection.network.slug, rejection.role, rejection.rejected_by) == (
        "freetown", "c40-cities", "member", editor
    )
    link_article(article)  # the article saved again: still rejected
    page = editor_client.get(page_of(article)).content.decode()
    assert f'name="accept" value="{key}"' not in page and f'name="again" value="{key}"' in page
    assert FREETOWN not in map(str, suggest_claims(article))
    editor_client.post(page_of(article), {"accept": key})  # an old page's button: refused
    assert not Membership.objects.filter(city__slug="freetown", network__slug="c40-cities").exists()
    editor_client.post(page_of(article), {"again": key})
    assert FREETOWN in map(str, suggest_claims(article))


def test_a_suggestion_the_text_no_longer_makes_changes_nothing(editor_client, article):
    key = key_of(article, MONTEVIDEO)
    paragraph = article.paragraphs.get(number=1)
    Paragraph.objects.filter(pk=paragraph.pk).update(text="Montevideo weighed its options.")
    link_article(article)

    response = editor_client.post(page_of(article), {"accept": key}, follow=True)

    assert "no longer made by the text" in response.content.decode()
    assert not Membership.objects.filter(city__slug="montevideo").exists()


def test_only_editors_decide(client, article):
    client.force_login(User.objects.create_user("visitor", password="a-long-visitor-password", is_staff=True))

    assert client.get(page_of(article)).status_code == 403
    assert client.post(page_of(article), {"accept": key_of(article, MONTEVIDEO)}).status_code == 403
    assert not Membership.objects.filter(city__slug="montevideo").exists()


def test_the_page_takes_the_same_queries_for_a_long_article(editor_client, django_assert_max_num_queries):
    """The page must not grow with the article's paragraphs: its suggestions are read in seven queries."""
    short, long = long_article("Ten", 10), long_article("Three hundred", 300)
    editor_client.get(page_of(short))  # the session and the user, once
    with django_assert_max_num_queries(30) as short_queries:
        editor_client.get(page_of(short))
    with django_assert_max_num_queries(30) as long_queries:
        assert editor_client.get(page_of(long)).status_code == 200
    assert len(long_queries.captured_queries) == len(short_queries.captured_queries)


def test_a_rejection_comes_back_with_the_city_it_names_when_the_city_is_recovered(editor_client, article):
    from reversion.models import Version

    from tests.admin_forms import admin_form_data, admin_url

    editor_client.post(page_of(article), {"reject": key_of(article, MONTEVIDEO)})
    montevideo = City.objects.get(slug="montevideo")
    assert editor_client.post(admin_url(montevideo, "delete"), {"post": "yes"}).status_code == 302
    assert not RejectedClaimSuggestion.objects.exists(), "deleted with the city"

    deleted = Version.objects.get_deleted(City).get(object_id=str(montevideo.pk))
    url = f"/admin/initiatives/city/recover/{deleted.pk}/"
    assert editor_client.post(url, admin_form_data(editor_client.get(url))).status_code == 302

    assert RejectedClaimSuggestion.objects.get().city.slug == "montevideo"
    assert MONTEVIDEO not in map(str, suggest_claims(article)), "not suggested again"
