"""The agenda in the sitemaps (`/sitemap-sorties.xml`, `/sitemap-lieux.xml`): the published
events that have a date to come, and the venues where one is announced. Past, pending and
refused events are left out; the addresses are the site's (`SITE_URL`), whatever host asked."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.utils import timezone

from rotative.agenda.models import Event, EventOccurrence, Venue


class _SiteSitemap(Sitemap):
    limit = 5000

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class EventSitemap(_SiteSitemap):
    changefreq = "daily"

    def items(self):
        upcoming = EventOccurrence.objects.visible().filter(
            event=OuterRef("pk"), end__gte=timezone.now()
        )
        return (
            Event.objects.published()
            .filter(Exists(upcoming))
            .only("pk", "slug", "updated_at")
            .order_by("pk")
        )

    def lastmod(self, event):
        return event.updated_at


class VenueSitemap(_SiteSitemap):
    changefreq = "weekly"

    def items(self):
        upcoming = EventOccurrence.objects.visible().filter(
            event__venue=OuterRef("pk"), end__gte=timezone.now()
        )
        return Venue.objects.filter(Exists(upcoming)).only("pk", "slug").order_by("pk")
