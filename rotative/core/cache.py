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
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 2.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class CacheUnavailable(Exception):
    """Raised by `incr`, where no answer would be a wrong count."""


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._lock = threading.Lock()

    # --- the breaker ----------------------------------------------------------------------

    def unavailable(self) -> bool:
        return time.monotonic() < self._down_until

    def _call(self, method, *args, fallback, **kwargs):
        if self.unavailable():
            return fallback
        try:
            return method(*args, **kwargs)
        except UNREACHABLE as error:
            with self._lock:
                if not self.unavailable():  # one line per outage, not one per call
                    logger.warning("Cache unreachable, working without it: %s", error)
                self._down_until = time.monotonic() + RETRY_SECONDS
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
