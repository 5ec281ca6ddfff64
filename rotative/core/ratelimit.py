"""One cache-based rate limit for every part of the site: N hits per window, per key.

Counts live in the cache, so with several server processes they are shared only when the
cache is (REDIS_URL); with the local-memory cache each process counts on its own. The window
is fixed (it starts at a multiple of its length): cheap, one `incr` per hit, and a burst
straddling two windows gets at most twice the limit, which is enough against abuse.
"""

import hashlib
import logging

from django.core.cache import cache
from django.utils import timezone

from rotative.core.security_log import security_event, security_hash


def rate_limit_allows(*, scope: str, key: str, limit: int, window: int) -> bool:
    """Count one hit of `key` in `scope`; whether it is within `limit` for this `window`
    (seconds). The hit is counted even when refused, so hammering keeps the door shut."""
    slot = int(timezone.now().timestamp() // window)
    cache_key = f"{_cache_key(scope, key)}:{slot}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr: start again
        cache.set(cache_key, 1, timeout=window)
        count = 1
    if count > limit:
        _log_refusal(scope=scope, key=key, limit=limit, window=window)
        return False
    return True


def rate_interval_allows(*, scope: str, key: str, seconds: int) -> bool:
    """Whether `key` may act again in `scope`: at most once every `seconds` (counts this one).

    The time of the last action is kept and compared with timezone.now(), not left to the
    cache's expiry, so that the site's clock decides (and tests can move it)."""
    cache_key = f"{_cache_key(scope, key)}:interval"
    now = timezone.now().timestamp()
    last = cache.get(cache_key)
    if last is not None and now - last < seconds:
        _log_refusal(scope=scope, key=key, limit=1, window=seconds)
        return False
    cache.set(cache_key, now, timeout=seconds)
    return True


def rate_interval_reset(*, scope: str, key: str) -> None:
    """Forget the last action of `key` (tests that play one reader acting many times)."""
    cache.delete(f"{_cache_key(scope, key)}:interval")


def _log_refusal(*, scope: str, key: str, limit: int, window: int) -> None:
    # Anti-automation at work, or someone probing it (ASVS 16.3.3); keys may be addresses.
    security_event(
        "rate_limited",
        level=logging.WARNING,
        scope=scope,
        key=security_hash(key),
        limit=limit,
        window=window,
    )


def _cache_key(scope: str, key: str) -> str:
    # Hashed: keys may be addresses, which have no business sitting in the cache in clear.
    return f"ratelimit:{scope}:{hashlib.sha256(key.encode()).hexdigest()[:32]}"
