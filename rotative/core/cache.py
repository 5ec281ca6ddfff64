"""The shared cache (Redis) may go away; the site must not go with it.

Everything the application caches can be recomputed from the database, so while Redis is
unreachable reads miss and writes are dropped: pages are still served, a little slower. Only
the rate limits need to know (`cache_unavailable()`): sign-up, login and anything that sends
mail refuse rather than run unlimited; counting page views lets everyone through.

After a failure the cache is taken as down for `RETRY_SECONDS` without trying again, so that
a page making a dozen cache calls does not wait a dozen connection timeouts.
"""

import logging
import threading
import time

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 2.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class CacheUnavailable(Exception):
    """Raised by `incr`, where no answer would be a wrong count."""


class _Shared:
    """What every instance of one configured cache shares within the process: Django makes
    a cache instance per thread, and an ASGI server runs each request in a thread of its
    own, so a client per instance was a new Redis connection per request (its connect and
    handshake cost more than the page's reads), and a breaker per instance forgot an
    outage at the next request."""

    def __init__(self):
        self.client = None
        self.down_until = 0.0
        self.lock = threading.Lock()


class _Client(RedisCacheClient):
    """Django's client, which builds a redis-py client (and its table of reply callbacks)
    for every call: here one per connection pool, kept (they are thread-safe)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


_shared: dict[tuple, _Shared] = {}
_shared_lock = threading.Lock()


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client
        key = (tuple(self._servers), repr(sorted(self._options.items())))
        with _shared_lock:
            self._shared = _shared.setdefault(key, _Shared())

    @property
    def _cache(self):
        # One client, hence one connection pool, for the process (redis-py's pools are
        # thread-safe).
        shared = self._shared
        if shared.client is None:
            with shared.lock:
                if shared.client is None:
                    shared.client = self._class(self._servers, **self._options)
        return shared.client

    # --- the breaker ----------------------------------------------------------------------

    def unavailable(self) -> bool:
        return time.monotonic() < self._shared.down_until

    def _call(self, method, *args, fallback, **kwargs):
        if self.unavailable():
            return fallback
        try:
            return method(*args, **kwargs)
        except UNREACHABLE as error:
            with self._shared.lock:
                if not self.unavailable():  # one line per outage, not one per call
                    logger.warning("Cache unreachable, working without it: %s", error)
                self._shared.down_until = time.monotonic() + RETRY_SECONDS
            return fallback

    # --- reads miss, writes are dropped -----------------------------------------------------

    def get(self, key, default=None, version=None):
        return self._call(super().get, key, default, version, fallback=default)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, keys, version, fallback={})

    def has_key(self, key, version=None):
        return self._call(super().has_key, key, version, fallback=False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, key, value, timeout, version, fallback=False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, key, value, timeout, version, fallback=None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, data, timeout, version, fallback=list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, key, timeout, version, fallback=False)

    def delete(self, key, version=None):
        return self._call(super().delete, key, version, fallback=False)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, keys, version, fallback=None)

    def clear(self):
        return self._call(super().clear, fallback=False)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._call(super().incr, key, delta, version, fallback=missing)
        if value is missing:
            raise CacheUnavailable(key)
        return value

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version)


def cache_unavailable() -> bool:
    """Whether the default cache is known to be unreachable right now."""
    check = getattr(cache, "unavailable", None)
    return bool(check and check())
