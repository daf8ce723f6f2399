"""citydip's Redis cache backend keeps one client per connection pool, and still behaves as Django's."""

import os

import pytest

from citydip.core.redis_cache import RedisCache

pytestmark = pytest.mark.scaleout

REDIS_URL = os.environ.get("SCALEOUT_REDIS_URL", "redis://127.0.0.1:6379/7")


@pytest.fixture
def redis_cache():
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": "citydip-test"})
    backend.clear()
    yield backend
    backend.clear()


def test_the_cache_reuses_its_client_between_operations(redis_cache):
    assert redis_cache._cache.get_client(write=True) is redis_cache._cache.get_client(write=True)


def test_the_cache_stores_reads_counts_and_deletes(redis_cache):
    redis_cache.set("page", (1, 200, [("Content-Type", "text/html")], b"<p>x</p>"), 60)
    redis_cache.add("generation", 1, timeout=None)
    assert redis_cache.incr("generation") == 2
    assert redis_cache.get_many(["generation", "page", "absent"]) == {
        "generation": 2, "page": (1, 200, [("Content-Type", "text/html")], b"<p>x</p>"),
    }
    redis_cache.delete("page")
    assert redis_cache.get("page") is None
