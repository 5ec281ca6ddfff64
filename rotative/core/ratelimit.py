"""One cache-based rate limit for every part of the site: N hits per window, per key.

Counts live in the cache, so with several server processes they are shared only when the
cache is (REDIS_URL); with the local-memory cache each process counts on its own. The window
is fixed (it starts at a multiple of its length): cheap, one `incr` per hit, and a burst
straddling two windows gets at most twice the limit, which is enough against abuse.

When the shared cache is unreachable (Redis down, core/cache.py) nothing can be counted: a
limit then refuses, unless its caller passes `fail_open=True` because letting everyone
through costs less than refusing everyone (counting page views). Whatever sends mail,
publishes or creates an account stays shut until the cache is back.
"""

import hashlib
import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy

from rotative.core.cache import CacheUnavailable, cache_unavailable
from rotative.core.security_log import security_event, security_hash

# What a refused reader is told when nothing could be counted (the cache is down): not that
# they went too fast, which they did not.
UNCOUNTED_REFUSAL = gettext_lazy(
    "Ce service est momentanément indisponible : réessayez dans quelques minutes."
)


def refusal_reason(reason: str) -> str:
    """The reason to give for a limit's refusal: `reason`, unless the limit could not count."""
    return str(UNCOUNTED_REFUSAL if cache_unavailable() else reason)


def rate_limit_allows(
    *, scope: str, key: str, limit: int, window: int, fail_open: bool = False
) -> bool:
    """Count one hit of `key` in `scope`; whether it is within `limit` for this `window`
    (seconds). The hit is counted even when refused, so hammering keeps the door shut."""
    slot = int(timezone.now().timestamp() // window)
    cache_key = f"{_cache_key(scope, key)}:{slot}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except CacheUnavailable:
        return _uncounted(scope=scope, fail_open=fail_open)
    except ValueError:  # evicted between add and incr: start again
        cache.set(cache_key, 1, timeout=window)
        count = 1
    if count > limit:
        _log_refusal(scope=scope, key=key, limit=limit, window=window)
        return False
    return True


def rate_interval_allows(*, scope: str, key: str, seconds: int, fail_open: bool = False) -> bool:
    """Whether `key` may act again in `scope`: at most once every `seconds` (counts this one).

    The time of the last action is kept and compared with timezone.now(), not left to the
    cache's expiry, so that the site's clock decides (and tests can move it)."""
    cache_key = f"{_cache_key(scope, key)}:interval"
    now = timezone.now().timestamp()
    last = cache.get(cache_key)
    if cache_unavailable():
        return _uncounted(scope=scope, fail_open=fail_open)
    if last is not None and now - last < seconds:
        _log_refusal(scope=scope, key=key, limit=1, window=seconds)
        return False
    cache.set(cache_key, now, timeout=seconds)
    return True


def rate_interval_reset(*, scope: str, key: str) -> None:
    """Forget the last action of `key` (tests that play one reader acting many times)."""
    cache.delete(f"{_cache_key(scope, key)}:interval")


def _uncounted(*, scope: str, fail_open: bool) -> bool:
    if not fail_open:  # a refusal a reader sees; the cache's own warning says why
        security_event("rate_limit_uncounted", level=logging.WARNING, scope=scope)
    return fail_open


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


def client_ip(request) -> str:
    """The address that per-IP limits count, and that consent records keep.

    The peer's address, unless the peer is one of settings.TRUSTED_PROXIES: then the
    right-most X-Forwarded-For hop that is not itself a trusted proxy (each proxy appends
    the address it saw; anything further left was written by the client and proves nothing).
    Nobody is trusted by default, so a client cannot pick its own address in the header."""
    peer = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted_proxy(peer):
        return peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if not _is_trusted_proxy(hop):
            return hop if _parse_ip(hop) is not None else peer
    return peer


def _is_trusted_proxy(address: str) -> bool:
    ip = _parse_ip(address)
    return ip is not None and any(ip in network for network in _trusted_networks())


def _parse_ip(address: str):
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None


def _trusted_networks() -> list:
    # Parsed on each call: a short list, and tests change the setting.
    return [ipaddress.ip_network(entry, strict=False) for entry in settings.TRUSTED_PROXIES]
