"""Deleting a record and recovering it through the admin brings back exactly what readers saw: the record, its
relations and their quotes, its topics and aliases, the links in article bodies with their editors' decisions,
its search entry — and the same for every record it is linked to."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from reversion.models import Version

from articles.models import Article, Author, Topic
from initiatives.models import Body, City, Initiative, Membership, Mention, Network, Participation
from tests.admin_forms import admin_form_data, admin_url, form_errors, messages_of
from tests.paths import SIXTH_ARTICLE
from tests.readers import what_readers_see

pytestmark = pytest.mark.django_db

SIXTH = SIXTH_ARTICLE


def delete(client, record):
    response = client.post(admin_url(record, "delete"), {"post": "yes"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not type(record).objects.filter(pk=record.pk).exists()


def recover(client, model, pk):
    deleted = Version.objects.get_deleted(model).get(object_id=str(pk))
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/recover/{deleted.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, admin_form_data(page))
    assert response.status_code == 302, response.content.decode()[:3000]
    return page, messages_of(response)


def busiest(model, *relations):
    """The record of the model with the most rows in these relations."""
    rows = sum((Count(relation, distinct=True) for relation in relations[1:]), Count(relations[0], distinct=True))
    return model.objects.annotate(n=rows).order_by("-n", "pk").first()


RECORDS = {
    "city": lambda: busiest(City, "memberships", "participations", "mentions"),
    "network": lambda: busiest(Network, "memberships", "initiatives", "mentions"),
    "body": lambda: busiest(Body, "initiatives", "mentions"),
    "initiative": lambda: busiest(Initiative, "participations", "sources", "topics", "networks", "mentions"),
    "membership": lambda: busiest(Membership, "sources"),
    "participation": lambda: busiest(Participation, "sources"),
    "topic": lambda: busiest(Topic, "articles", "initiatives"),
}


def public_page(record):
    """The page readers see the record on, and the name they search it by."""
    if isinstance(record, (Membership, Participation)):
        return record.city.get_absolute_url(), record.city.name
    return record.get_absolute_url(), record.name


@pytest.mark.parametrize("kind", RECORDS)
def test_a_deleted_record_comes_back_with_its_neighbourhood_exactly(editor_client, kind):
    record = RECORDS[kind]()
    path, name = public_page(record)
    before = what_readers_see(path, name)
    delete(editor_client, record)
    assert what_readers_see(path, name) != before
    page, messages = recover(editor_client, type(record), record.pk)
    assert "What comes back" in page.content.decode()
    assert messages and messages[0].startswith(f"Recovered “{record}”")
    assert what_readers_see(path, name) == before


@pytest.fixture
def sixth_article(editor_client):
    """The sixth article imported, given topics, and published with its links accepted — as an editor would."""
    call_command("import_article", str(SIXTH), stdout=StringIO())
    article = Article.objects.get(slug="mayors-at-the-waters-edge-coastal-cities-compare-notes")
    url = admin_url(article)
    data = admin_form_data(editor_client.get(url), summary="Coastal mayors compare how they pay for flood defences.")
    data["topics"] = [str(pk) for pk in Topic.objects.order_by("pk").values_list("pk", flat=True)[:2]]
    response = editor_client.post(url, data)
    assert response.status_code == 302, form_errors(response)
    published = editor_client.post(
        "/admin/articles/article/", {"action": "publish", "_selected_action": [article.pk], "links": "accept"}
    )
    assert published.status_code == 302
    article.refresh_from_db()
    assert article.is_published and article.topics.count() == 2
    assert not Mention.objects.filter(paragraph__article=article).exclude(status=Mention.Status.ACCEPTED).exists()
    return article


def test_an_article_and_its_new_author_deleted_come_back_with_their_neighbourhood_exactly(editor_client, sixth_article):
    """Deleting the article takes its byline, paragraphs, topics and links; its new author can go then too.
    Recovered in the other order, everything readers saw is back: the article's page and links, the author's
    page, the pages of the cities and networks its body names, and what search finds."""
    article, author = sixth_article, Author.objects.get(name="Lena Okafor")
    article_before = what_readers_see(article.get_absolute_url(), "Mayors at the Water's Edge")
    author_before = what_readers_see(author.get_absolute_url(), author.name)
    assert any(href == "/cities/los-angeles/" for href, _ in article_before[f"{article.get_absolute_url()} links"])

    delete(editor_client, article)
    delete(editor_client, author)
    deleted = Version.objects.get_deleted(Article).get(object_id=str(article.pk))
    too_soon = editor_client.get(f"/admin/articles/article/recover/{deleted.pk}/").content.decode()
    assert "cannot come back: its author is gone" in too_soon, "recovering it now would lose the byline"

    _, author_messages = recover(editor_client, Author, author.pk)
    _, article_messages = recover(editor_client, Article, article.pk)

    assert author_messages == ["Recovered “Lena Okafor”."]
    assert article_messages[0].startswith(f"Recovered “{article.title}” with 2 authors")
    assert what_readers_see(article.get_absolute_url(), "Mayors at the Water's Edge") == article_before
    assert what_readers_see(author.get_absolute_url(), author.name) == author_before


def test_a_record_whose_neighbour_is_gone_comes_back_without_what_needed_it(editor_client):
    """A city's membership of a network deleted since cannot come back: the preview says so, and the rest does."""
    city = City.objects.get(slug="los-angeles")
    network = Network.objects.get(slug="urban-20")
    assert city.memberships.filter(network=network).exists()
    delete(editor_client, city)
    delete(editor_client, network)
    page, messages = recover(editor_client, City, city.pk)
    assert "cannot come back: its network is gone" in page.content.decode()
    assert not Membership.objects.filter(city=city, network=network).exists()
    assert Membership.objects.filter(city=city).exists()


def test_the_links_come_back_with_their_editors_decisions(editor_client):
    """Readers cannot tell a rejected link from one no one has reviewed; editors can, and keep their work."""
    city = City.objects.get(slug="milan")
    rejected, *_ = Mention.objects.filter(city=city).order_by("pk")
    assert editor_client.post(
        "/admin/initiatives/mention/", {"action": "reject", "_selected_action": [rejected.pk]}
    ).status_code == 302
    decisions = set(Mention.objects.filter(city=city).values_list("paragraph_id", "start", "text", "status"))
    assert (rejected.paragraph_id, rejected.start, rejected.text, Mention.Status.REJECTED) in decisions
    delete(editor_client, city)
    recover(editor_client, City, city.pk)
    assert set(Mention.objects.filter(city=city).values_list("paragraph_id", "start", "text", "status")) == decisions
