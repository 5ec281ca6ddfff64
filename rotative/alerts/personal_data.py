"""The alerts' section of « Mes données »: the reader's saved searches and the browsers
that get their notifications."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from rotative.alerts.models import SavedSearch


def _iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def alerts_export(user) -> dict:
    from rotative.newsletter.models import PushSubscription

    return {
        "saved_searches": [
            {
                "label": saved.label,
                "url": settings.SITE_URL + saved.get_search_url(),
                "alert": saved.get_frequency_display(),
                "notification": saved.by_push,
                "created_at": _iso(saved.created_at),
            }
            for saved in SavedSearch.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "browsers": [
            {
                "push_service": urlsplit(browser.endpoint).hostname,
                "since": _iso(browser.created_at),
            }
            for browser in PushSubscription.objects.filter(user=user).order_by("pk")
        ],
    }
