"""Anonymous readers get cached pages that an edit invalidates at once; editors always see fresh pages;
unchanged pages answer 304."""

import pytest
from django.test import Client

from articles.models import Paragraph
from initiatives.models import City, Initiative, Network
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def test_a_second_anonymous_request_is_served_from_the_cache(django_assert_num_queries):
    client = Client()
    assert client.get("/cities/los-angeles/")["X-Cache"] == "miss"
    with django_assert_num_queries(1):  # the content version, read from the database where edits change it
        response = client.get("/cities/los-angeles/")
    assert response["X-Cache"] == "hit"
    assert b"<h1>Los Angeles</h1>" in response.content


def test_an_edit_invalidates_the_cached_pages_at_once(editor_client):
    reader = Client()
    assert b"Italy" in reader.get("/cities/milan/").content
    assert b"Italy" in reader.get("/cities/?region=europe").content
    city = City.objects.get(slug="milan")
    url = f"/admin/initiatives/city/{city.pk}/change/"
    assert editor_client.post(url, admin_form_data(editor_client.get(url), country="Switzerland")).status_code == 302
    for page in ("/cities/milan/", "/cities/?region=europe"):
        response = reader.get(page)
        assert response["X-Cache"] == "miss"
        assert b"Switzerland" in response.content


def test_a_deletion_invalidates_too():
    reader = Client()
    assert b"Freetown" in reader.get("/cities/").content
    City.objects.get(slug="freetown").delete()
    assert b"Freetown" not in reader.get("/cities/").content


def test_editors_always_see_fresh_pages(editor_client):
    Client().get("/cities/los-angeles/")
    response = editor_client.get("/cities/los-angeles/")
    assert "X-Cache" not in response


def test_unchanged_pages_answer_304_to_a_conditional_get():
    client = Client()
    first = client.get("/networks/c40-cities/")
    etag = first["ETag"]
    assert client.get("/networks/c40-cities/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    city = City.objects.create(name="Test Member", slug="test-member", country="X", region="europe")
    membership = city.memberships.create(network=Network.objects.get(slug="c40-cities"))
    assert client.get("/networks/c40-cities/", HTTP_IF_NONE_MATCH=etag).status_code == 304, "not sourced: not shown"
    paragraph = Paragraph.objects.filter(article__status="published").first()
    membership.sources.create(paragraph=paragraph, quote=paragraph.text[:30])
    assert client.get("/networks/c40-cities/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_json_is_cached():
    client = Client()
    client.get("/initiatives/?format=json")
    assert client.get("/initiatives/?format=json")["X-Cache"] == "hit"


def read(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_an_export_streams_to_its_first_reader_and_is_kept_whole_for_the_next(django_assert_num_queries):
    client = Client()
    first = client.get("/initiatives/?format=csv")
    assert first.streaming and first["X-Cache"] == "miss"
    exported = read(first)
    with django_assert_num_queries(1):  # the content version, read from the database where edits change it
        second = client.get("/initiatives/?format=csv")
    assert second["X-Cache"] == "hit"
    assert read(second) == exported
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert client.get("/initiatives/?format=csv", HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304
    City.objects.filter(slug="milan").update(name="Milano")  # a bulk update, with no signal: seen all the same
    fresh = client.get("/initiatives/?format=csv")
    assert fresh["X-Cache"] == "miss" and b"Milano" in read(fresh)


def test_an_export_cut_short_is_not_kept():
    client = Client()
    response = client.get("/initiatives/?format=csv")
    chunks = response._iterator  # the generator the client reads (streaming_content maps over it)
    next(chunks)
    # The reader hangs up after the first chunk: the server stops the stream. (Closing the response itself, as a
    # test may, would also end the test's database connection, held in the test's never-committed transaction.)
    chunks.close()
    assert client.get("/initiatives/?format=csv")["X-Cache"] == "miss"


def test_an_export_too_large_to_keep_is_made_anew_for_each_reader(monkeypatch):
    monkeypatch.setattr("citydip.core.caching.MAX_STORED_EXPORT", 100)
    client = Client()
    exported = read(client.get("/initiatives/?format=csv"))
    assert len(exported) > 100
    again = client.get("/initiatives/?format=csv")
    assert again["X-Cache"] == "miss" and read(again) == exported


def version_writes(queries):
    return sum("UPDATE citydip_contentversion" in query["sql"] for query in queries.captured_queries)


def test_a_transaction_writes_a_new_content_version_once_unless_its_bump_was_rolled_back():
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from citydip.core import versions

    # The test runs in a transaction of its own, never committed: each case starts as a reader would, by reading.
    milan, paris = City.objects.get(slug="milan"), City.objects.get(slug="paris")
    versions.current()
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        milan.save()
        paris.save()
    assert version_writes(queries) == 1, "once: the version and both changes become visible together"

    versions.current()
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        try:
            with transaction.atomic():
                milan.save()
                raise RuntimeError("the editor's save fails")
        except RuntimeError:
            pass
        paris.save()
    assert version_writes(queries) == 2, "the first bump was rolled back with its savepoint: the second writes"

    versions.current()
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        milan.save()
        reader_sees = Client().get("/cities/milan/")  # a page made in this transaction, under the new version
        assert reader_sees.status_code == 200
        paris.save()
    assert version_writes(queries) == 2, "read in between: the next change writes a newer version"


def test_a_text_edit_makes_stale_only_the_pages_that_show_the_record(django_assert_num_queries):
    reader = Client()
    pages = ["/initiatives/mexla/", "/cities/los-angeles/", "/cities/freetown/", "/networks/c40-cities/"]
    for page in pages:
        assert reader.get(page)["X-Cache"] == "miss"
    initiative = Initiative.objects.get(slug="mexla")
    initiative.summary = "A summary rewritten by an editor."
    initiative.save()
    response = reader.get("/initiatives/mexla/")
    assert response["X-Cache"] == "miss" and b"A summary rewritten by an editor." in response.content
    assert reader.get("/cities/los-angeles/")["X-Cache"] == "miss", "it lists the initiative: made again"
    for page in pages[2:]:  # pages that do not show it
        with django_assert_num_queries(2):  # the version; then whether anything the page shows changed since
            assert reader.get(page)["X-Cache"] == "hit", page
        with django_assert_num_queries(1):  # stored again under the new version
            assert reader.get(page)["X-Cache"] == "hit", page


def test_a_change_of_what_pages_count_or_filter_on_makes_every_page_that_reads_it_stale():
    reader = Client()
    assert reader.get("/cities/freetown/")["X-Cache"] == "miss"
    initiative = Initiative.objects.get(slug="mexla")
    initiative.year = (initiative.year or 2000) + 1  # years are counted and filtered on
    initiative.save()
    assert reader.get("/cities/freetown/")["X-Cache"] == "miss"


def test_a_page_made_before_an_edit_to_what_it_shows_is_never_served_after_it():
    """An old page — from a Redis restarted from its snapshot, say — is checked against what changed since."""
    from django.core.cache import cache

    from citydip.core import versions

    reader = Client()
    reader.get("/initiatives/mexla/")
    key = next(key for key in cache._cache if "citydip:page" in key)  # the local-memory cache of the tests
    stored = cache.get(key.split(":", 2)[2])
    initiative = Initiative.objects.get(slug="mexla")
    initiative.summary = "Changed after the page was made."
    initiative.save()
    reader.get("/initiatives/mexla/")  # made again, and stored
    cache.set(key.split(":", 2)[2], stored)  # the old page comes back
    response = reader.get("/initiatives/mexla/")
    assert response["X-Cache"] == "miss" and b"Changed after the page was made." in response.content
    assert stored[0] != versions.current()


def test_a_save_that_changes_nothing_searched_leaves_the_search_pages_current():
    reader = Client()
    assert reader.get("/search/?q=milan")["X-Cache"] == "miss"
    assert b"/cities/milan/" not in reader.get("/search/?q=mailand-on-po").content  # a name no gazetteer gives it
    City.objects.get(slug="milan").save()
    assert reader.get("/search/?q=milan")["X-Cache"] == "hit"
    milan = City.objects.get(slug="milan")
    milan.aliases = "Mailand-on-Po"
    milan.save()
    response = reader.get("/search/?q=mailand-on-po")
    assert response["X-Cache"] == "miss" and b"/cities/milan/" in response.content
