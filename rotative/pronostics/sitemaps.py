"""Les pronostics in the sitemaps (`/sitemap-pronostics.xml`): the game's home and, once a
season is set up, its overall leaderboard (which answers 404 before)."""

from django.urls import reverse

from rotative.core.sitemaps import SiteSitemap
from rotative.pronostics import selectors


class PronosticsSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        names = ["pronostics:home"]
        if selectors.season_current() is not None:
            names.append("pronostics:leaderboard")
        return names

    def location(self, name):
        return reverse(name)
