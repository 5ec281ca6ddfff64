"""The installable app: its manifest, icons and service worker, the page that explains and
installs it, and the page its worker shows when the network is gone."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from rotative.core.identity import site_identity
from rotative.mobile import selectors
from rotative.mobile.icons import APPLE_TOUCH_SIZE, ICONS, icon_png

ICON_CACHE = "public, max-age=86400"  # the address changes with the name (selectors.icon_url)


@require_GET
def manifest(request):
    response = HttpResponse(
        json.dumps(selectors.app_manifest(request), ensure_ascii=False, indent=2),
        content_type="application/manifest+json; charset=utf-8",
    )
    return response


@require_GET
def icon(request, icon: str):
    if icon not in ICONS:
        raise Http404
    size, maskable = ICONS[icon]
    png = icon_png(site_identity(request).name, size, maskable=maskable)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = ICON_CACHE
    return response


@require_GET
def apple_touch_icon(request):
    """iOS asks for /apple-touch-icon.png whatever the page says; the page's link asks too."""
    png = icon_png(site_identity(request).name, APPLE_TOUCH_SIZE)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = ICON_CACHE
    return response


@require_GET
def service_worker(request):
    """Served from the site root so that it may control every page (its scope is its folder)
    and show notifications whichever page subscribed."""
    response = render(
        request,
        "mobile/sw.js",
        selectors.worker_context(request),
        content_type="text/javascript; charset=utf-8",
    )
    # Browsers look for a new version at each visit anyway; no cache keeps an old one.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def app(request):
    return render(request, "mobile/app.html")


@require_GET
def offline(request):
    """Fetched by the worker when it installs, without the reader's cookies: the page it shows
    when the network is gone and nothing is kept for the address asked."""
    return render(request, "mobile/offline.html", {"caches": selectors.CACHES})
