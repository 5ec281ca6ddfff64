"""The app's page in the sitemaps (`/sitemap-application.xml`): readers look for « application
Le Phare normand »; the offline page is for the worker, not for search engines."""

from django.urls import reverse

from rotative.core.sitemaps import SiteSitemap


class AppSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return ["mobile:app"]

    def location(self, name):
        return reverse(name)
