"""The front cache (Varnish, deploy/varnish/): the one module that talks to it.

Public pages are kept by Varnish for `CACHE_PAGE_SECONDS`; when a write changes what a page
shows, the page is purged. A purge is a `PURGE <path>` request with the page's `Host`, sent
to each address of `VARNISH_URLS`; the shipped VCL drops every copy of that path, whatever
its query string. Purges leave from the process that made the change, right after its
commit, with a short timeout: they do not wait for a worker. Only a purge that could not be
sent is queued, for a worker to try again.

The « Alerte info » banner on every page is an ESI fragment behind Varnish (`BANNER_PATH`):
a change of alert purges that one small object, never every page. (Varnish then drops its
assembled copies of the pages itself and assembles them again from its own cache: the
application is asked for no page.)
"""

import http.client
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

# The banner fragment (home.views.breaking_banner_fragment), included by every page through
# ESI when Varnish assembles the page.
BANNER_PATH = "/fragments/alerte-info/"


class FrontCacheError(Exception):
    """A cache could not be reached or refused a purge."""


def enabled() -> bool:
    return bool(settings.VARNISH_URLS)


def public_url(path: str) -> str:
    return settings.SITE_URL + path


def page_urls(page) -> list[str]:
    """The public URLs a Wagtail page is served at (its own and `get_cached_paths()`)."""
    url = page.get_url()
    if not url:
        return []
    if url.startswith("/"):
        url = public_url(url)
    return [url.rstrip("/") + "/" + path.lstrip("/") for path in page.get_cached_paths()]


# --- after commit ---------------------------------------------------------------------------
# The URLs asked for during a transaction are gathered and sent once at its commit, so that a
# wire file of ten stories purges the home page once. A rolled-back transaction leaves its
# URLs for the next commit of the same thread: purging a page too many is harmless.

_pending = threading.local()


def purge_after_commit(urls: Iterable[str]) -> None:
    if not enabled():
        return
    if not hasattr(_pending, "urls"):
        _pending.urls = {}
    _pending.urls.update(dict.fromkeys(urls))
    transaction.on_commit(_purge_pending)


def _purge_pending() -> None:
    urls = list(getattr(_pending, "urls", {}))
    _pending.urls = {}
    if urls:
        urls_purge(urls)


# --- sending --------------------------------------------------------------------------------


def urls_purge(urls: list[str]) -> None:
    """Send the purges now; what a cache did not take is queued for a worker to retry."""
    for cache_url in settings.VARNISH_URLS:
        try:
            _send(cache_url, urls)
        except FrontCacheError as error:
            logger.warning("Front cache %s: %s; purge queued for a retry", cache_url, error)
            _retry_later(cache_url, urls)


def urls_purge_retry(*, cache_url: str, urls: list[str]) -> None:
    """The worker's retry: an error this time is the task's failure, logged with it."""
    _send(cache_url, urls)


def _send(cache_url: str, urls: list[str]) -> None:
    """One connection per cache, one `PURGE` per URL (Varnish answers each in microseconds)."""
    target = urlsplit(cache_url)
    connection_class = (
        http.client.HTTPSConnection if target.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(
        target.hostname, target.port, timeout=settings.FRONT_CACHE_TIMEOUT_SECONDS
    )
    try:
        for url in urls:
            parts = urlsplit(url)
            path = parts.path or "/"
            connection.request("PURGE", path, headers={"Host": parts.netloc})
            response = connection.getresponse()
            response.read()
            if response.status >= 300:
                raise FrontCacheError(f"PURGE {path}: {response.status} {response.reason}")
    except (OSError, http.client.HTTPException) as error:
        raise FrontCacheError(str(error) or type(error).__name__) from error
    finally:
        connection.close()


def _retry_later(cache_url: str, urls: list[str]) -> None:
    from rotative.core.tasks import front_cache_purge

    try:
        front_cache_purge.enqueue(cache_url, urls)
    except Exception:  # the page is already published: a purge missed only ages out
        logger.exception("Front cache purge could not be queued; pages expire on their own")


# --- reactions --------------------------------------------------------------------------------
# A page published or unpublished purges its own URLs and the banner (a live blog published
# may bring its alert into the banner), or what its app registered for its type (news: an
# article's listings). One list per page, so that a publication outside a transaction still
# sends one batch.

_page_urls_by_type: dict[type, Callable[[Any], list[str]]] = {}
# Other answers that show pages of any type (the app's API): asked of every page, after its
# type's own, into the same batch.
_page_extra_urls: list[Callable[[Any], list[str]]] = []


def page_urls_register(page_type: type, urls_of: Callable[[Any], list[str]]) -> None:
    _page_urls_by_type[page_type] = urls_of


def page_extra_urls_register(urls_of: Callable[[Any], list[str]]) -> None:
    if urls_of not in _page_extra_urls:
        _page_extra_urls.append(urls_of)


def page_published_or_unpublished(sender, instance, **kwargs) -> None:
    if not enabled():
        return
    urls_of = _page_urls_by_type.get(type(instance))
    if urls_of is not None:
        urls = list(urls_of(instance))
    else:
        urls = [*page_urls(instance), public_url(BANNER_PATH)]
    for extra in _page_extra_urls:
        urls += extra(instance)
    purge_after_commit(urls)


def banner_purge() -> None:
    """The banner on every page may have changed: an alert posted, edited, ended."""
    purge_after_commit([public_url(BANNER_PATH)])
