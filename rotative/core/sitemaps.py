"""The base of the parts' sitemaps (registered in `core.site_parts.registry.sitemaps`): the
addresses are the site's (`SITE_URL`), whatever host asked."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap


class SiteSitemap(Sitemap):
    limit = 5000

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc
