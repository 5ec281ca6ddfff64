"""Finding the page a path names in one query instead of two per level of the tree.

Wagtail routes a request by walking the tree from the site's home page, two queries per
level (the child by its slug, then its specific page): six for an article. A page's
`url_path` already says where it is, so the page can be read at once, by its id and type,
and held by the process for the site's edition (core.chrome: saving, publishing, moving or
deleting any page starts a new one), each request getting its own copy. This holds only
while every page type routes the way Wagtail's `Page.route` does (a type with its own `route`,
e.g. a RoutablePageMixin, may answer a path that names no page): the fast path is off when
one does, and whatever it does not find goes the usual way (a 404 keeps its own reasons).
"""

from __future__ import annotations

import copy
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.http.request import split_domain_port
from wagtail.models import Page, Site, get_page_models

from rotative.core import chrome

# The pages asked for last, by address (held for the edition): an article is about 10 KiB
# in memory (its body's JSON unparsed), so these hold a few megabytes per process.
_pages = chrome.Store(max_entries=500)


@cache
def fast_path_possible(root_class: type) -> bool:
    """No page type but the site's root routes in its own way."""
    return all(model.route is Page.route for model in get_page_models() if model is not root_class)


def descendant_by_path(root: Page, path_components: list[str]) -> Page | None:
    """The specific page under `root` at that path, live or not (`route` says which may be
    served), or None when no page is there or the fast path does not apply."""
    if not path_components or not fast_path_possible(type(root)):
        return None
    url_path = root.url_path + "/".join(path_components) + "/"

    def find():
        found = (
            Page.objects.filter(slug=path_components[-1], url_path=url_path)
            .values_list("pk", "content_type_id")
            .first()
        )
        if found is None:
            return None
        pk, content_type_id = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # a page type whose code is gone
            return None
        # At most one row: no ORDER BY to compile and run (first() would add one).
        return next(iter(model.objects.filter(pk=pk).order_by()[:1]), None)

    # Which page is at a path, and what it holds, change only when a page is saved or
    # deleted: a new edition. Building and running the query, then the page's object, cost
    # an eighth of an article's time under load (py-spy, docs/performance.md).
    held = chrome.memo("page_at", find, key=url_path, store=_pages)
    if held is None:
        return None
    # Its own copy for each request (copies the instance's state and its cache of
    # relations): what Wagtail or a template keeps on the page stays with that request.
    return copy.copy(held)


class ViewRestrictionsHeldMixin:
    """Wagtail asks every page it serves for its view restrictions (two queries), though most
    sites have none: whether the site has any is held for the edition (core.chrome; saving
    or deleting one starts a new edition: CoreConfig.ready)."""

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        if not chrome.memo("any_view_restriction", PageViewRestriction.objects.exists):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def site_for_request(request) -> Site | None:
    """Wagtail's `Site.find_for_request`, with its root page as its specific type (the home
    page), held for the edition (core.chrome): the two queries, the first ranking the host's
    matches, cost a page about 3 ms. Saving or deleting a site or a page starts a new
    edition (CoreConfig.ready).

    Each request gets its own copy of the site and of its root page: Wagtail keeps things
    on them (cached properties) that another thread must not see."""

    def find():
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.specific
        return site

    hostname = split_domain_port(request._get_raw_host())[0]  # as Wagtail does: unchecked
    held = chrome.memo("site", find, key=(hostname, request.get_port()))
    if held is None:
        return None
    site = copy.copy(held)  # Django copies the instance's state and its cache of relations
    root = site._state.fields_cache.get("root_page")
    if root is not None:
        site._state.fields_cache["root_page"] = copy.copy(root)
    return site


def site_lookup_install() -> None:
    """Wagtail finds the request's site, wherever it asks (its routing, settings, page URLs),
    through `Site.find_for_request`, kept on the request: that function now takes the site
    held (site_for_request), only when asked (an API call or a health check never pays). The
    sites' root paths are held too."""

    def find_for_request(request):
        if request is None:
            return None
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = site_for_request(request)
        return request._wagtail_site

    Site.find_for_request = staticmethod(find_for_request)

    # Every page URL Wagtail builds starts from the sites' root paths, which it reads from
    # the shared cache once per request (a Redis round trip, a fortieth of an article's time
    # under load): held for the edition instead, which saving or deleting a site or a page
    # renews, as Wagtail's own cache is cleared then.
    read_root_paths = Site.get_site_root_paths

    def get_site_root_paths():
        return chrome.memo("site_root_paths", read_root_paths)

    Site.get_site_root_paths = staticmethod(get_site_root_paths)
