"""The base of the parts' sitemaps (registered in `core.site_parts.registry.sitemaps`): the
addresses are the site's (`SITE_URL`), whatever host asked."""

from dataclasses import replace
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import index as django_sitemap_index


class SiteSitemap(Sitemap):
    limit = 5000

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


def sitemap_index(request, **kwargs):
    """Django's `/sitemap.xml`, its addresses on `SITE_URL` too: Django's index writes them
    on the host that asked (behind a proxy or on a second host name, not the site's)."""
    response = django_sitemap_index(request, **kwargs)
    asked = f"{request.scheme}://{request.get_host()}"
    site_url = settings.SITE_URL.rstrip("/")
    response.context_data["sitemaps"] = [
        replace(item, location=site_url + item.location.removeprefix(asked))
        if item.location.startswith(asked)
        else item
        for item in response.context_data["sitemaps"]
    ]
    return response
