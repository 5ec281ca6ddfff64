"""The agenda in the sitemaps (`/sitemap-sorties.xml`, `/sitemap-lieux.xml`): the published
events that have a date to come, and the venues where one is announced. Past, pending and
refused events are left out; the addresses are the site's (`SITE_URL`), whatever host asked."""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from rotative.agenda.models import Event, EventOccurrence, Venue
from rotative.core.sitemaps import SiteSitemap


class EventSitemap(SiteSitemap):
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


class VenueSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        upcoming = EventOccurrence.objects.visible().filter(
            event__venue=OuterRef("pk"), end__gte=timezone.now()
        )
        return Venue.objects.filter(Exists(upcoming)).only("pk", "slug").order_by("pk")
