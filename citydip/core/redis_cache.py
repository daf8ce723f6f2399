"""The Redis cache backend: an accelerator the site never depends on.

- When Redis is down, hung or full, every cache call gives up within the socket timeouts of settings.CACHES
  (tens of milliseconds) and answers as an empty cache does: a get finds nothing, a set stores nothing. Pages
  are then made afresh, exports stream whole, editors save.
- A circuit breaker: after a connection failure or a timeout, calls are not even tried for COOL_OFF seconds,
  so a dead Redis costs each request nothing instead of a timeout; then one call tries again, and caching
  resumes by itself when Redis answers. A full Redis (an "OOM" refusal under `noeviction`) fails only the write.
- One Redis client per connection pool: Django's backend builds a `redis.Redis`, which registers some 170
  response callbacks, for every cache operation — a third of a cached page's time (measured with cProfile).
"""

import logging
import time
from functools import wraps

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from redis.exceptions import ConnectionError, RedisError, TimeoutError

logger = logging.getLogger(__name__)

COOL_OFF = 5.0  # seconds without trying a Redis that failed to answer


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class CircuitBreaker:
    """Open (calls skipped) for COOL_OFF seconds after Redis failed to answer; closed again when it does."""

    def __init__(self, cool_off: float = COOL_OFF):
        self.cool_off = cool_off
        self.open_until = 0.0

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self, error: Exception) -> None:
        if not self.open_until:
            logger.warning("Redis cache unavailable, serving uncached pages: %s", error)
        self.open_until = time.monotonic() + self.cool_off

    def reset(self) -> None:
        if self.open_until:
            logger.warning("Redis cache available again.")
        self.open_until = 0.0


def degrades_to(fallback):
    """The cache method, answering `fallback()` instead of raising when Redis cannot serve it."""

    def decorate(method):
        @wraps(method)
        def guarded(self, *args, **kwargs):
            if self.breaker.is_open:
                return fallback()
            try:
                result = method(self, *args, **kwargs)
            except (ConnectionError, TimeoutError) as error:
                self.breaker.trip(error)
                return fallback()
            except RedisError as error:  # Redis answered, refusing this command (full, read-only replica …)
                logger.warning("Redis cache refused %s: %s", method.__name__, error)
                return fallback()
            self.breaker.reset()
            return result

        return guarded

    return decorate


def nothing():
    return None


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        self.breaker = CircuitBreaker()

    @degrades_to(nothing)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @degrades_to(dict)
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @degrades_to(nothing)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @degrades_to(lambda: False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @degrades_to(list)
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @degrades_to(lambda: False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @degrades_to(nothing)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @degrades_to(lambda: False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @degrades_to(lambda: False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @degrades_to(lambda: False)
    def clear(self):
        return super().clear()

    def ping(self) -> bool:
        """Whether Redis answers now (within the socket timeouts), whatever the circuit breaker says."""
        try:
            return bool(self._cache.get_client().ping())
        except RedisError:
            return False
