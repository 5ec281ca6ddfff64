"""The sitemaps' base: the parts' (registered in `core.site_parts.registry.sitemaps`), the
pages' and the index's addresses are the site's (`SITE_URL`), whatever host asked."""

from dataclasses import replace
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import index as django_sitemap_index
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap


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


class PagesSitemap(WagtailSitemap):
    """Wagtail's sitemap of the pages, on `SITE_URL` like the pages' canonical addresses:
    Wagtail writes them on its Site record's host name and port, which may differ."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            parts = urlsplit(url["location"])
            query = f"?{parts.query}" if parts.query else ""
            url["location"] = settings.SITE_URL.rstrip("/") + parts.path + query
        return urls
