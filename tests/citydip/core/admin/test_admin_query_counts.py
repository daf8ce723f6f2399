"""The admin's change and add pages, as an editor sees them, run a fixed number of queries: a record with forty
inline rows costs what a record with one costs, at the curated size and at four times it."""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Value
from django.utils.html import escape

from articles.models import Article, Author, Paragraph, Topic
from initiatives.models import Body, City, Initiative, Membership, Mention, Network, Participation
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def rows(*relations):
    """How many inline rows a record has, of every kind."""
    return sum((Count(relation, distinct=True) for relation in relations), Value(0))


# model, its admin's path, the inline rows of its change page (None: it has none), the queries of its change page
# and of its add page. Every page: session, user, the editor's permissions (two), a savepoint opened and released.
# A change page then loads its record with the records its autocomplete fields show; then one query per inline,
# whatever its rows; one per many-to-many field, for the records chosen; one per field that lists every choice
# (topics).
CHANGE_PAGES = [
    # + the bylines its queryset prefetches for the list
    (Article, "articles/article", rows("authorships", "paragraphs"), 12 + 1, 7),  # + its paragraphs counted
    (Author, "articles/author", None, 7, 6),
    (Topic, "articles/topic", None, 7, 6),
    (Paragraph, "articles/paragraph", None, 7, 6),
    (City, "initiatives/city", rows("memberships", "participations"), 9, 6),
    (Network, "initiatives/network", rows("memberships"), 8, 6),
    (Body, "initiatives/body", None, 7, 6),
    (Membership, "initiatives/membership", rows("sources"), 8, 6),
    (Initiative, "initiatives/initiative", rows("participations", "sources"), 13, 7),
    (Participation, "initiatives/participation", rows("sources"), 8, 6),
    (Mention, "initiatives/mention", None, 7, None),  # mentions are found in the text, never added by hand
]


@pytest.fixture(autouse=True)
def content_types_known():
    """The admin names each model's content type, cached for the life of the process after its first use: the
    counts are those of a running site, whichever test ran first."""
    ContentType.objects.get_for_models(*apps.get_models())


def fewest_and_most(model, inline_rows):
    """The record with the fewest inline rows (at least one) and the one with the most, newest first among
    equals, so that at the larger size the records picked are synthetic where they can be."""
    if inline_rows is None:
        return [model.objects.order_by("pk").first(), model.objects.order_by("-pk").first()]
    records = model.objects.annotate(rows=inline_rows).filter(rows__gte=1)
    fewest, most = records.order_by("rows", "-pk").first(), records.order_by("-rows", "-pk").first()
    assert most.rows > fewest.rows  # otherwise the test would not show that the page does not grow with them
    return [fewest, most]


def assert_change_pages(client, django_assert_num_queries, model, path, inline_rows, queries):
    for record in fewest_and_most(model, inline_rows):
        with django_assert_num_queries(queries):
            response = client.get(f"/admin/{path}/{record.pk}/change/")
        assert response.status_code == 200
        assert response.context["original"] == record


def assert_add_page(client, django_assert_num_queries, path, queries):
    with django_assert_num_queries(queries):
        response = client.get(f"/admin/{path}/add/")
    assert response.status_code == 200


IDS = [path for _, path, *_ in CHANGE_PAGES]


@pytest.mark.parametrize("model, path, inline_rows, queries, add_queries", CHANGE_PAGES, ids=IDS)
def test_admin_change_page_query_count(
    editor_client, django_assert_num_queries, model, path, inline_rows, queries, add_queries
):
    assert_change_pages(editor_client, django_assert_num_queries, model, path, inline_rows, queries)


ADD_PAGES = [(path, add_queries) for _, path, _, _, add_queries in CHANGE_PAGES if add_queries is not None]


@pytest.mark.parametrize("path, queries", ADD_PAGES)
def test_admin_add_page_query_count(editor_client, django_assert_num_queries, path, queries):
    assert_add_page(editor_client, django_assert_num_queries, path, queries)


def test_mentions_cannot_be_added_by_hand(editor_client):
    assert editor_client.get("/admin/initiatives/mention/add/").status_code == 403


# What the editor sees is what Django's own autocomplete widget showed: each row's chosen record, selected.


def selected(record):
    return f'<option value="{record.pk}" selected>{escape(record)}</option>'


def test_each_inline_row_shows_its_chosen_record(editor_client):
    city = City.objects.get(slug="los-angeles")
    page = editor_client.get(f"/admin/initiatives/city/{city.pk}/change/").content.decode()
    networks = [membership.network for membership in city.memberships.select_related("network")]
    initiatives = [participation.initiative for participation in city.participations.select_related("initiative")]
    assert networks and initiatives
    for record in [*networks, *initiatives]:
        assert selected(record) in page


def test_sources_show_their_paragraph_by_article_and_number(editor_client):
    initiative = Initiative.objects.annotate(n=Count("sources")).filter(n__gte=2).first()
    page = editor_client.get(f"/admin/initiatives/initiative/{initiative.pk}/change/").content.decode()
    for source in initiative.sources.select_related("paragraph__article"):
        assert selected(source.paragraph) in page


def test_an_initiative_shows_its_chosen_networks_and_bodies(editor_client):
    initiative = Initiative.objects.annotate(chosen=rows("networks", "bodies")).order_by("-chosen").first()
    page = editor_client.get(f"/admin/initiatives/initiative/{initiative.pk}/change/").content.decode()
    chosen = [*initiative.networks.all(), *initiative.bodies.all()]
    assert len(chosen) >= 2
    for record in chosen:
        assert selected(record) in page


def test_a_form_sent_back_shows_the_choice_the_editor_made_not_the_stored_one(editor_client):
    membership = Membership.objects.select_related("network").first()
    other = Network.objects.exclude(pk=membership.network_id).first()
    page = editor_client.get(f"/admin/initiatives/membership/{membership.pk}/change/")
    data = admin_form_data(page, network=other.pk, start_year=2020, end_year=2010)  # refused: years out of order
    response = editor_client.post(f"/admin/initiatives/membership/{membership.pk}/change/", data)
    assert response.status_code == 200 and response.context["adminform"].form.errors
    content = response.content.decode()
    assert selected(other) in content
    assert selected(membership.network) not in content


def test_the_paragraphs_a_source_is_picked_from_come_with_their_article(editor_client, django_assert_num_queries):
    url = "/admin/autocomplete/?app_label=initiatives&model_name=initiativesource&field_name=paragraph&term=city"
    with django_assert_num_queries(4 + 2):  # session, user, permissions; how many paragraphs match, the first page
        results = editor_client.get(url).json()["results"]
    paragraph = Paragraph.objects.select_related("article").get(pk=results[0]["id"])
    assert len(results) > 1 and results[0]["text"] == str(paragraph)
