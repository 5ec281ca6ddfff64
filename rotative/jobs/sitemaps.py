"""L'emploi in the sitemaps (`/sitemap-emploi.xml`): the offers online now. An expired,
filled, pending or suspended offer is left out (core.sitemaps: the site's addresses)."""

from rotative.core.sitemaps import SiteSitemap
from rotative.jobs.models import JobOffer


class JobOfferSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return JobOffer.objects.online().only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, offer):
        return offer.updated_at
