"""Merging two records of one kind — two spellings of one city — into the one an editor keeps: what the editor
sees before and after, what readers see, and the history that undoes it."""

from collections import Counter

import pytest
import reversion
from django.apps import apps
from django.contrib.auth.models import Permission, User
from django.http import Http404
from django.test import Client, RequestFactory
from reversion.models import Revision, Version

from citydip.search.models import SearchEntry
from initiatives.merging import MergeRefused, merge, merged_into, plan_merge
from initiatives.models import Body, City, Initiative, Membership, Mention, Network, Participation
from initiatives.views import CityDetailView
from tests.admin_forms import admin_form_data, admin_url, messages_of
from tests.readers import article_links, what_readers_see

pytestmark = pytest.mark.django_db

# Pairs of seeded records of each kind, the first merged into the second: each with rows that move and rows the
# kept record has already (a membership of the same network in the same role, an initiative linked to both).
PAIRS = {
    "city": (City, "milan", "mexico-city"),
    "network": (Network, "climate-mayors", "c40-cities"),
    "body": (Body, "global-compact-on-refugees", "global-compact-for-migration"),
    "initiative": (Initiative, "la-covid-19-calls-with-mayors-worldwide", "c40-virtual-assembly-of-mayors-2020"),
}


def pair(kind):
    model, merged, kept = PAIRS[kind]
    return model.objects.get(slug=merged), model.objects.get(slug=kept)


def changelist(model) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


def choose(client, *records):
    """Select the records in their list and run the action, as an editor does."""
    ids = [record.pk for record in records]
    return client.post(changelist(type(records[0])), {"action": "merge_selected", "_selected_action": ids})


def merge_in_admin(client, merged, kept):
    """The action, the confirmation page, then the record to keep chosen and sent: (page, messages)."""
    chosen = choose(client, merged, kept)
    assert chosen.status_code == 302, chosen.content.decode()[:2000]
    page = client.get(chosen.url)
    assert page.status_code == 200
    done = client.post(chosen.url, {"kept": kept.pk})
    assert done.status_code == 302 and done.url == admin_url(kept), done.content.decode()[:2000]
    return page, messages_of(done)


def recover(client, model, pk):
    deleted = Version.objects.get_deleted(model).get(object_id=str(pk))
    url = f"{changelist(model)}recover/{deleted.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, admin_form_data(page))
    assert response.status_code == 302, response.content.decode()[:3000]
    return messages_of(response)


def revert_to_before_merge(client, record):
    before = Version.objects.get_for_object(record).get(revision__comment__startswith="Before merging")
    url = f"{admin_url(record, 'history')}{before.pk}/"
    response = client.post(url, admin_form_data(client.get(url)))
    assert response.status_code == 302, response.content.decode()[:3000]
    return messages_of(response)


def database_contents() -> dict[str, Counter]:
    """Every row of every model the history keeps, the link tables of many-to-many fields and the search entries:
    as values, leaving out the edit counters, and the ids of the rows that are made again rather than restored
    (links found again in the text, search entries, the rows of link tables, which the history keeps as lists)."""
    models = [model for model in apps.get_models(include_auto_created=True)
              if reversion.is_registered(model) or model._meta.auto_created and model._meta.app_label == "initiatives"]
    contents = {}
    for model in [*models, SearchEntry]:
        remade = model in (Mention, SearchEntry) or model._meta.auto_created
        columns = [column.attname for column in model._meta.concrete_fields
                   if column.attname != "version" and not (remade and column.primary_key)]
        contents[model._meta.label] = Counter(model._base_manager.values_list(*columns))
    return contents


def quotes_of(claims) -> set[tuple[int, str]]:
    return {(source.paragraph_id, source.quote) for claim in claims for source in claim.sources.all()}


def test_the_action_shows_what_will_move_for_each_choice_before_anything_is_written(editor_client):
    milan, mexico_city = pair("city")
    before, revisions = database_contents(), Revision.objects.count()
    chosen = choose(editor_client, milan, mexico_city)
    assert chosen.status_code == 302
    html = editor_client.get(chosen.url).content.decode()
    assert "Keep “Mexico City”, merge “Milan” into it" in html and "Keep “Milan”, merge “Mexico City” into it" in html
    keep_mexico_city = html[html.index('id="keep-' + str(mexico_city.pk)) : html.index('id="keep-' + str(milan.pk))]
    # Milan's membership of C40 and 3 of its parts in initiatives move; its part in the COVID-19 calls, which
    # Mexico City has too, joins Mexico City's, with its quote — the same sentence quoted for both.
    for noun, moving, there in [("Membership", 1, 0), ("Participation", 3, 1), ("Quote", 0, 1), ("Link", 4, 0)]:
        assert f'<th scope="row">{noun}</th><td>{moving}</td><td>{there}</td>' in keep_mexico_city
    assert "New aliases of “Mexico City”: “Milan”." in keep_mexico_city
    assert 'name="csrfmiddlewaretoken"' in html and "Recover deleted cities" in html
    assert database_contents() == before and Revision.objects.count() == revisions, "nothing written yet"


def test_a_merged_city_moves_everything_to_the_one_kept_and_readers_find_it_there(editor_client, editor):
    milan, mexico_city = pair("city")
    networks = {*milan.memberships.values_list("network", "role"),
                *mexico_city.memberships.values_list("network", "role")}
    parts = {*milan.participations.values_list("initiative", "role"),
             *mexico_city.participations.values_list("initiative", "role")}
    quotes = quotes_of([*Membership.objects.filter(city__in=[milan, mexico_city]),
                        *Participation.objects.filter(city__in=[milan, mexico_city])])
    links = set(milan.mentions.values_list("paragraph", "start", "status"))
    mentions = milan.mentions.select_related("paragraph__article")
    articles = {mention.paragraph.article.get_absolute_url() for mention in mentions}

    _, messages = merge_in_admin(editor_client, milan, mexico_city)

    assert messages == [
        "Merged “Milan” into “Mexico City”: 1 membership, 3 participations, 4 links moved; "
        "1 participation, 1 quote it had already. “Milan” is among its names now."
    ]
    assert not City.objects.filter(slug="milan").exists()
    mexico_city.refresh_from_db()
    assert mexico_city.alias_list() == ["Milan"]
    assert set(mexico_city.memberships.values_list("network", "role")) == networks
    assert set(mexico_city.participations.values_list("initiative", "role")) == parts
    assert quotes_of([*mexico_city.memberships.all(), *mexico_city.participations.all()]) == quotes
    assert set(mexico_city.mentions.filter(text="Milan").values_list("paragraph", "start", "status")) == links
    revision = Version.objects.get_for_object(mexico_city).first().revision
    assert (revision.get_comment(), revision.user) == ("Merged “Milan” into “Mexico City”.", editor)

    reader = Client()
    page = reader.get("/cities/mexico-city/", {"format": "json"}).json()
    assert "C40 Cities" in str(page) and "Milan" in str(page)
    for article in articles:
        assert ("/cities/mexico-city/", "Milan") in article_links(reader, article)
        assert not any(href == "/cities/milan/" for href, _ in article_links(reader, article))
    found = reader.get("/search/", {"q": "Milan", "format": "json"}).json()
    assert "/cities/mexico-city/" in str(found) and "/cities/milan/" not in str(found)
    moved = reader.get("/cities/milan/")
    assert moved.status_code == 301 and moved["Location"] == "/cities/mexico-city/", "its old address leads to the one kept"
    assert merged_into(City, "milan") == mexico_city


def test_the_merged_address_redirects_to_the_one_kept(editor_client):
    """The merged record's address answers 301 to the kept one, with its parameters; an address no record had
    stays a 404."""
    merge_in_admin(editor_client, *pair("city"))
    view, reader = CityDetailView.as_view(), RequestFactory()
    response = view(reader.get("/cities/milan/", {"format": "json"}), slug="milan")
    assert (response.status_code, response["Location"]) == (301, "/cities/mexico-city/?format=json")
    with pytest.raises(Http404):
        view(reader.get("/cities/atlantis/"), slug="atlantis")


def test_claims_the_kept_city_has_already_keep_one_row_with_every_quote(editor_client):
    """Paris and Buenos Aires founded the Urban 20 and took part in its first meeting and its launch: each of
    Paris's claims is one Buenos Aires has, so none moves beside it — their quotes join Buenos Aires's."""
    paris, buenos_aires = City.objects.get(slug="paris"), City.objects.get(slug="buenos-aires")
    claims = [*Membership.objects.filter(city__in=[paris, buenos_aires]),
              *Participation.objects.filter(city__in=[paris, buenos_aires])]
    quotes, counted = quotes_of(claims), (buenos_aires.memberships.count(), buenos_aires.participations.count())
    Membership.objects.filter(city=paris).update(inference="The quote lists the founders.")

    _, messages = merge_in_admin(editor_client, paris, buenos_aires)

    assert messages[0].startswith("Merged “Paris” into “Buenos Aires”: 2 links moved; 1 membership, 3 quotes, ")
    assert (buenos_aires.memberships.count(), buenos_aires.participations.count()) == counted
    assert quotes_of([*buenos_aires.memberships.all(), *buenos_aires.participations.all()]) == quotes
    assert buenos_aires.memberships.get().inference == "The quote lists the founders."


def test_a_merged_network_gives_its_initiatives_and_members_to_the_one_kept(editor_client):
    climate_mayors, c40 = pair("network")
    initiatives = {*climate_mayors.initiatives.all(), *c40.initiatives.all()}
    members = {*climate_mayors.memberships.values_list("city", "role"), *c40.memberships.values_list("city", "role")}
    merge_in_admin(editor_client, climate_mayors, c40)
    c40.refresh_from_db()
    assert set(c40.initiatives.all()) == initiatives
    assert set(c40.memberships.values_list("city", "role")) == members
    assert c40.alias_list() == ["C40", "Climate Mayors"]


def test_a_merged_initiative_gives_its_quotes_topics_and_reasoning_to_the_one_kept(editor_client):
    calls, assembly = pair("initiative")
    quotes = quotes_of([calls, assembly])
    topics = {*calls.topics.all(), *assembly.topics.all()}
    Initiative.objects.filter(pk=calls.pk).update(inference="The calls are named only as “regular calls”.")
    merge_in_admin(editor_client, calls, assembly)
    assembly.refresh_from_db()
    assert quotes_of([assembly]) == quotes and set(assembly.topics.all()) == topics
    assert assembly.inference.endswith("The calls are named only as “regular calls”.")
    assert Client().get(assembly.get_absolute_url()).status_code == 200


def test_an_initiative_linked_to_both_bodies_keeps_one_link(editor_client):
    refugees, migration = pair("body")
    both = set(refugees.initiatives.all()) & set(migration.initiatives.all())
    assert both, "the case: initiatives linked to both"
    merge_in_admin(editor_client, refugees, migration)
    for initiative in both:
        assert list(initiative.bodies.filter(slug__startswith="global-compact")) == [migration]


@pytest.mark.parametrize("kind", PAIRS)
def test_recovering_the_merged_record_and_reverting_the_kept_one_undo_the_merge(editor_client, kind):
    """The history undoes a merge: the database holds again what it held before, and readers see both records
    again as they saw them."""
    merged, kept = pair(kind)
    contents = database_contents()
    pages = {record.pk: what_readers_see(record.get_absolute_url(), record.name) for record in (merged, kept)}

    merge_in_admin(editor_client, merged, kept)
    assert what_readers_see(kept.get_absolute_url(), kept.name) != pages[kept.pk]
    recovered = recover(editor_client, type(merged), merged.pk)
    reverted = revert_to_before_merge(editor_client, kept)

    assert recovered[0].startswith(f"Recovered “{merged}” with ")
    assert reverted[0].startswith(f"Reverted “{kept}” to the version of ")
    assert database_contents() == contents
    for record in (merged, kept):
        assert what_readers_see(record.get_absolute_url(), record.name) == pages[record.pk]
    assert merged_into(type(merged), merged.slug) is not None, "the history remembers; the record answers first"


def test_the_action_wants_two_records(editor_client):
    milan, mexico_city = pair("city")
    for chosen in ([milan], [milan, mexico_city, City.objects.get(slug="paris")]):
        ids = [record.pk for record in chosen]
        response = editor_client.post(
            changelist(City), {"action": "merge_selected", "_selected_action": ids}, follow=True
        )
        assert response.redirect_chain == [(changelist(City), 302)], "the list again"
        assert "Choose two cities to merge: the one to keep and the one to merge into it." in response.content.decode()
    same = editor_client.get(f"{changelist(City)}merge/", {"ids": [milan.pk, milan.pk]}, follow=True)
    assert same.redirect_chain == [(changelist(City), 302)]
    assert "Choose two cities to merge" in same.content.decode()


def test_nothing_is_merged_until_the_record_to_keep_is_chosen(editor_client):
    milan, mexico_city = pair("city")
    url = choose(editor_client, milan, mexico_city).url
    response = editor_client.post(url, {"kept": "nonsense"})
    assert response.status_code == 200 and "Choose the city to keep." in response.content.decode()
    assert City.objects.filter(slug="milan").exists()


def test_records_of_two_kinds_or_one_record_are_not_merged(editor):
    milan, mexico_city = pair("city")
    with pytest.raises(MergeRefused, match="only two records of one kind"):
        plan_merge(milan, Network.objects.get(slug="c40-cities"))
    with pytest.raises(MergeRefused, match="cannot be merged with itself"):
        merge(mexico_city, City.objects.get(pk=mexico_city.pk), editor)
    assert City.objects.filter(slug="mexico-city", aliases="").exists()


def test_merging_takes_an_editor_who_may_change_and_delete_and_a_form_of_the_site(editor_client):
    milan, mexico_city = pair("city")
    url = choose(editor_client, milan, mexico_city).url
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(User.objects.get(username="ed"))
    assert forged.post(url, {"kept": mexico_city.pk}).status_code == 403
    reader = User.objects.create_user("viewer", password="a-long-viewer-password", is_staff=True)
    reader.user_permissions.set(Permission.objects.filter(codename__in=["view_city", "change_city"]))
    viewer = Client()
    viewer.force_login(reader)
    assert viewer.post(url, {"kept": mexico_city.pk}).status_code == 403
    assert "merge_selected" not in viewer.get(changelist(City)).content.decode()
    assert City.objects.filter(slug="milan").exists()


def test_a_merge_takes_a_fixed_number_of_queries(editor, django_assert_num_queries):
    """Pinned, so that a change to what a merge reads or writes is seen. Milan's merge: a query per relation and
    per unique rule to plan it (a relation added to the models adds its own), a statement per kind of row to move
    it — and most of them, the history's two revisions, whose names of rows read each quote's and each link's
    paragraph and article one by one (reversion's object_repr, as when a city is deleted); and the search's
    reading again of the kept record and of the records that read its names."""
    milan, mexico_city = pair("city")
    with django_assert_num_queries(282):
        merge(milan, mexico_city, editor)
