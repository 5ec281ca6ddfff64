"""The classifieds' section of « Mes données » (registered in apps.py, see accounts.data):
the reader's ads with their photos, the messages of their conversations, their reports
and the photos kept for a posting form to try again (their saved searches: alerts app)."""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from rotative.accounts.selectors import display_name_of
from rotative.classifieds.models import Ad, AdMessage, AdReport, PendingPhoto

COVERS = [
    "classifieds.Ad.owner",
    "classifieds.AdMessage.buyer",
    "classifieds.AdMessage.sender",
    "classifieds.AdReport.reporter",
    "classifieds.PendingPhoto.owner",
]


def _iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def _absolute(url: str) -> str:
    # Local storage answers paths, object storage full URLs: the file holds links that work.
    return url if "://" in url else settings.SITE_URL + url


def _ad(ad: Ad) -> dict:
    return {
        "id": ad.pk,
        "title": ad.title,
        "url": _absolute(ad.get_absolute_url()),
        "category": ad.get_category_display(),
        "status": ad.get_status_display(),
        "description": ad.description,
        "price_euros": ad.price,
        "commune": str(ad.commune),
        "details": {label: str(value) for label, value in ad.attributes()},
        "professional": ad.is_professional,
        "rejection_reason": ad.rejection_reason,
        "created_at": _iso(ad.created_at),
        "updated_at": _iso(ad.updated_at),
        "published_at": _iso(ad.published_at),
        "expires_at": _iso(ad.expires_at),
        "photos": [_absolute(photo.gallery.url) for photo in ad.photos.all()],
    }


def classifieds_export(user) -> dict:
    """Everything the classifieds hold about `user`. Messages: those of the conversations
    the reader is a party to (as the buyer who wrote, or as the ad's owner), as the
    conversation page shows them to that reader; never another pair's."""
    ads = Ad.objects.filter(owner=user).select_related("commune").prefetch_related("photos")
    messages = (
        AdMessage.objects.filter(Q(buyer=user) | Q(ad__owner=user))
        .select_related("ad", "buyer__profile", "ad__owner__profile")
        .order_by("ad_id", "buyer_id", "created_at", "pk")
    )
    reports = AdReport.objects.filter(reporter=user).select_related("ad").order_by("pk")
    return {
        "ads": [_ad(ad) for ad in ads.order_by("created_at", "pk")],
        "messages": [
            {
                "ad": message.ad.title,
                "ad_url": _absolute(message.ad.get_absolute_url()),
                "with": display_name_of(
                    user=message.ad.owner if message.buyer_id == user.pk else message.buyer
                ),
                "sent_by_me": message.sender_id == user.pk,
                "text": message.text,
                "sent_at": _iso(message.created_at),
            }
            for message in messages
        ],
        "reports": [
            {
                "ad": report.ad.title,
                "reason": report.get_reason_display(),
                "details": report.details,
                "reported_at": _iso(report.created_at),
                "resolved_at": _iso(report.resolved_at),
            }
            for report in reports
        ],
        # Photos of a posting form that came back with an error, kept a day for the next try.
        "pending_photos": [
            {
                "name": photo.original_name,
                "url": _absolute(photo.gallery.url),
                "sent_at": _iso(photo.created_at),
            }
            for photo in PendingPhoto.objects.filter(owner=user).order_by("created_at", "pk")
        ],
    }
