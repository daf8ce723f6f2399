"""The cache is an accelerator, never a dependency: with the test's own Redis down, hung, full or restarted
from an old snapshot, every page is still served, and never a page older than the content."""

import time

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from citydip.core import redis_cache
from initiatives.models import City
from tests.servers import RedisServer

pytestmark = pytest.mark.django_db

PAGES = ["/", "/cities/", "/cities/los-angeles/", "/networks/c40-cities/?format=json", "/initiatives/", "/search/?q=climate"]


@pytest.fixture
def redis(tmp_path, monkeypatch):
    """A Redis of the test's own, as the site's cache, with the production timeouts and a short cool-off."""
    server = RedisServer(tmp_path, "--save", "", "--appendonly", "no").start()
    monkeypatch.setattr(redis_cache, "COOL_OFF", 0.5)
    settings = {
        "BACKEND": "citydip.core.redis_cache.RedisCache", "LOCATION": server.url, "KEY_PREFIX": "citydip",
        "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
    }
    with override_settings(CACHES={"default": settings}):
        yield server
    server.stop()


def statuses(client, pages=PAGES):
    return [client.get(page).status_code for page in pages]


def test_pages_are_cached_in_redis_when_it_answers(redis):
    client = Client()
    assert client.get("/cities/")["X-Cache"] == "miss"
    assert client.get("/cities/")["X-Cache"] == "hit"
    assert int(redis.cli("dbsize")) >= 1


def test_with_redis_down_every_page_is_served_uncached_and_caching_resumes_when_it_returns(redis):
    client = Client()
    redis.stop()
    started = time.monotonic()
    assert statuses(client) == [200] * len(PAGES)
    assert client.get("/cities/")["X-Cache"] == "miss"
    assert time.monotonic() - started < 5, "a dead Redis costs a request no more than its connect timeout"
    assert b"Los Angeles" in b"".join(client.get("/cities/?format=csv").streaming_content), "an export completes"
    assert b"Los Angeles" in b"".join(client.get("/data/cities.csv").streaming_content), "a dataset file is built and served"

    redis.start()
    # Within a few cool-offs (the pool's dead connections are dropped on first use), pages are cached again.
    for _ in range(20):
        if client.get("/cities/")["X-Cache"] == "hit":
            break
        time.sleep(0.25)
    else:
        pytest.fail("caching did not resume after Redis came back")


def test_with_redis_hung_pages_wait_only_for_its_timeout(redis):
    client = Client()
    client.get("/cities/")
    with redis.paused():
        started = time.monotonic()
        assert statuses(client) == [200] * len(PAGES)
        elapsed = time.monotonic() - started
    assert elapsed < 3, f"{len(PAGES)} pages took {elapsed:.1f} s with Redis hung"


def test_with_redis_full_pages_and_exports_are_served_and_editors_save(redis, editor_client):
    redis.cli("config", "set", "maxmemory", "1mb")
    redis.cli("config", "set", "maxmemory-policy", "noeviction")
    redis.cli("debug", "populate", "20000", "filler", "100")  # past maxmemory: every write is refused
    client = Client()
    assert statuses(client) == [200] * len(PAGES)
    exported = b"".join(client.get("/initiatives/?format=csv").streaming_content).decode("utf-8-sig")
    assert exported.count("\n") > 50 and exported.endswith("\n"), "the export is whole"
    city = City.objects.get(slug="milan")
    url = f"/admin/initiatives/city/{city.pk}/change/"
    from tests.admin_forms import admin_form_data

    assert editor_client.post(url, admin_form_data(editor_client.get(url), country="San Marino")).status_code == 302
    assert City.objects.get(slug="milan").country == "San Marino"


def test_a_redis_restarted_from_an_old_snapshot_serves_no_page_older_than_the_content(tmp_path, monkeypatch):
    server = RedisServer(tmp_path, "--save", "", "--appendonly", "no", "--dbfilename", "snapshot.rdb").start()
    settings = {"BACKEND": "citydip.core.redis_cache.RedisCache", "LOCATION": server.url, "KEY_PREFIX": "citydip"}
    try:
        with override_settings(CACHES={"default": settings}):
            client = Client()
            client.get("/cities/milan/")
            assert client.get("/cities/milan/")["X-Cache"] == "hit"
            server.cli("save")  # the snapshot holds the page as it was
            city = City.objects.get(slug="milan")
            city.country = "San Marino"
            city.save()
            assert "San Marino" in client.get("/cities/milan/").content.decode()
            server.stop()
            server.start()  # from the snapshot: the old page is back in Redis
            assert int(server.cli("dbsize")) >= 1
            for _ in range(6):
                response = client.get("/cities/milan/")
                assert "San Marino" in response.content.decode(), "the pre-edit page was served as current"
    finally:
        server.stop()


def test_a_cached_page_carries_every_header_a_fresh_one_does():
    client = Client()
    fresh = client.get("/cities/")
    cached = client.get("/cities/")
    assert cached["X-Cache"] == "hit"
    for header in ("X-Frame-Options", "Content-Security-Policy", "Permissions-Policy", "X-Content-Type-Options",
                   "Referrer-Policy", "Cross-Origin-Opener-Policy", "Content-Type", "ETag"):
        assert cached.get(header) == fresh.get(header), header


def test_a_host_header_cannot_poison_what_other_readers_get():
    poisoned = Client(HTTP_HOST="localhost:6666").get("/cities/?format=json")
    assert "localhost:6666" in poisoned.content.decode()
    honest = Client(HTTP_HOST="localhost").get("/cities/?format=json")
    assert "6666" not in honest.content.decode()
    cache.clear()


@pytest.mark.parametrize("url, canonical", [
    ("/cities/?u=1", "/cities/"),
    ("/cities/?region=europe&utm_source=feed&u=2", "/cities/?region=europe"),
    ("/cities/los-angeles/?x=1&format=json", "/cities/los-angeles/?format=json"),
    ("/initiatives/?topic=climate&topic=migration&junk=", "/initiatives/?topic=climate&topic=migration"),
])
def test_unknown_parameters_send_the_reader_to_the_page_without_them(url, canonical):
    response = Client().get(url)
    assert response.status_code == 301 and response["Location"] == canonical


def test_a_flood_of_unknown_parameters_stores_nothing(redis):
    client = Client()
    client.get("/cities/")
    stored = int(redis.cli("dbsize"))
    for n in range(200):
        assert client.get(f"/cities/?u={n}").status_code == 301
    assert int(redis.cli("dbsize")) == stored, "the cache did not grow"
