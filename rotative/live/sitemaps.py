"""En direct in the sitemaps (`/sitemap-direct.xml`): the `/en-direct/` page, a Django view,
dated by its newest entry. The live blogs are Wagtail pages: the pages' sitemap lists them."""

from django.urls import reverse

from rotative.core.sitemaps import SiteSitemap
from rotative.live.models import SITE_CHANNEL, LiveEntry


class LiveSitemap(SiteSitemap):
    changefreq = "always"

    def items(self):
        return ["live:feed"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        newest = (
            LiveEntry.objects.visible()
            .in_channel(SITE_CHANNEL)
            .order_by("-published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        return newest
