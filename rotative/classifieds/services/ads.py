"""Ads: drafts, submission with automatic checks, moderation, owner's actions, and the
storing of their photos. Nothing is public before a moderator approves it."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rotative.accounts.selectors import is_verified_professional
from rotative.classifieds import categories as c
from rotative.classifieds.formatting import euros
from rotative.classifieds.models import ONLINE_FOR, Ad
from rotative.core import moderation
from rotative.core.utils import one_line

logger = logging.getLogger(__name__)


class AdError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def ad_draft_save(*, owner, fields: dict, ad: Ad | None = None) -> Ad:
    """Create or change the owner's ad; any change to an ad sends it back to moderation."""
    if ad is None:
        ad = Ad(owner=owner)
    elif ad.owner_id != owner.pk:
        raise AdError(_("Cette annonce n'est pas la vôtre."))
    elif not ad.can_be_edited_by(owner):
        raise AdError(_("Cette annonce a été supprimée."))
    was_submitted = ad.pk is not None and ad.status != Ad.Status.DRAFT
    for name, value in fields.items():
        setattr(ad, name, value)
    ad.title = one_line(ad.title)  # also the subject of the mails about the ad
    ad.is_professional = is_verified_professional(user=owner)
    ad.status = Ad.Status.DRAFT
    ad.save()
    if was_submitted:
        ad_submit(ad=ad, note=_("Modifiée par son auteur"))
    return ad


@transaction.atomic
def ad_submit(*, ad: Ad, note: str = "") -> Ad:
    """From the preview to the moderators, with what the automatic checks found."""
    if ad.status not in (Ad.Status.DRAFT, Ad.Status.PENDING, Ad.Status.PUBLISHED):
        raise AdError(_("Cette annonce ne peut plus être envoyée."))
    text = f"{ad.title}\n{ad.description}"
    words = moderation.moderation_words()
    banned = moderation.find_words(text, words[moderation.REJECT])
    if banned:
        raise AdError(
            _("Votre annonce contient un terme refusé sur ce site : « %(word)s ».")
            % {"word": banned[0]}
        )
    notes = [note] if note else []
    suspect = moderation.find_words(text, words[moderation.HOLD])
    if suspect:
        notes.append(_("mot à vérifier : %(word)s") % {"word": suspect[0]})
    notes += _price_notes(ad) + _duplicate_notes(ad)
    ad.status = Ad.Status.PENDING
    ad.review_notes = " ; ".join(notes)[:500]
    ad.save(update_fields=["status", "review_notes", "updated_at"])
    return ad


def _price_notes(ad: Ad) -> list[str]:
    key = (
        (ad.category, ad.transaction or None)
        if ad.category == c.Category.IMMOBILIER
        else (ad.category, None)
    )
    low, high = c.PLAUSIBLE_PRICES.get(key, (0, 10**10))
    if not low <= ad.price <= high:
        return [_("prix inhabituel pour la catégorie (%(price)s)") % {"price": euros(ad.price)}]
    return []


def _duplicate_notes(ad: Ad) -> list[str]:
    twins = (
        Ad.objects.filter(
            owner_id=ad.owner_id,
            category=ad.category,
            title__iexact=ad.title.strip(),
            status__in=[Ad.Status.PENDING, Ad.Status.PUBLISHED],
        )
        .exclude(pk=ad.pk)
        .values_list("pk", flat=True)[:3]
    )
    return [_("doublon possible de l'annonce n° %(pk)s") % {"pk": pk} for pk in twins]


@transaction.atomic
def ad_approve(*, moderator, ad: Ad) -> Ad:
    # Only what its owner sent: a draft or a deleted ad is theirs, never the moderators'.
    if ad.status != Ad.Status.PENDING:
        raise AdError(_("Cette annonce n'attend pas de validation."))
    now = timezone.now()
    ad.status = Ad.Status.PUBLISHED
    # As the account stands when the ad goes online (its SIRET may have been checked since).
    ad.is_professional = is_verified_professional(user=ad.owner)
    ad.published_at = ad.published_at or now
    ad.expires_at = now + ONLINE_FOR
    ad.rejection_reason = ""
    ad.save()
    from rotative.alerts.tasks import alert_new_item
    from rotative.classifieds.saved_searches import KIND

    transaction.on_commit(lambda: alert_new_item.enqueue(KIND, ad.pk))
    return ad


@transaction.atomic
def ad_reject(*, moderator, ad: Ad, reason: str) -> Ad:
    if ad.status not in (Ad.Status.PENDING, Ad.Status.PUBLISHED):
        raise AdError(_("Cette annonce n'est ni en attente de validation ni en ligne."))
    reason = (reason or "").strip()
    if not reason:
        raise AdError(_("Indiquez le motif du refus : l'annonceur le recevra."))
    ad.status = Ad.Status.REJECTED
    ad.rejection_reason = reason[:500]
    ad.save()
    ad.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    return ad


def _own(ad: Ad, owner) -> None:
    if not ad.is_owned_by(owner):
        raise AdError(_("Cette annonce n'est pas la vôtre."))


@transaction.atomic
def ad_mark_sold(*, owner, ad: Ad) -> Ad:
    _own(ad, owner)
    if not ad.can_be_marked_sold_by(owner):  # the rule that shows the button
        raise AdError(_("Seule une annonce validée peut être marquée comme vendue."))
    ad.status = Ad.Status.SOLD
    ad.save(update_fields=["status", "updated_at"])
    return ad


@transaction.atomic
def ad_delete(*, owner, ad: Ad) -> None:
    _own(ad, owner)
    if not ad.can_be_deleted_by(owner):
        raise AdError(_("Cette annonce a été supprimée."))
    ad.status = Ad.Status.DELETED
    ad.save(update_fields=["status", "updated_at"])


@transaction.atomic
def ad_renew(*, owner, ad: Ad) -> Ad:
    """Sixty more days from today, for an ad online or recently expired."""
    _own(ad, owner)
    if not ad.can_be_renewed_by(owner):  # the rule that shows the button
        raise AdError(_("Seule une annonce validée peut être prolongée."))
    ad.expires_at = timezone.now() + ONLINE_FOR
    ad.renewal_notified_at = None
    ad.save(update_fields=["expires_at", "renewal_notified_at", "updated_at"])
    return ad


# --- photos ---------------------------------------------------------------------------------


def _store_renditions(record, stem: str, *, gallery: bytes, listing: bytes, thumbnail: bytes):
    from django.core.files.base import ContentFile

    record.gallery.save(f"{stem}-galerie.webp", ContentFile(gallery), save=False)
    record.listing.save(f"{stem}-liste.webp", ContentFile(listing), save=False)
    record.thumbnail.save(f"{stem}-vignette.webp", ContentFile(thumbnail), save=False)


def _delete_files(record) -> None:
    for stored in (record.gallery, record.listing, record.thumbnail):
        stored.delete(save=False)


@transaction.atomic
def ad_photos_update(*, ad: Ad, add: list, remove_ids: list[int] = (), pending: list = ()) -> None:
    """Store the processed photos (classifieds.photos) after the ad's others; drop some.
    `pending` are the owner's PendingPhoto kept from a form that came back with an error:
    they join the ad first, in the order they were sent, and stop being pending."""
    import uuid

    from rotative.classifieds.models import AdPhoto
    from rotative.classifieds.photos import MAX_PHOTOS

    for photo in ad.photos.filter(pk__in=list(remove_ids)):
        _delete_files(photo)
        photo.delete()
    pending = [photo for photo in pending if photo.owner_id == ad.owner_id]
    position = ad.photos.count()
    if position + len(pending) + len(add) > MAX_PHOTOS:
        raise AdError(_("Au plus %(max)d photos par annonce.") % {"max": MAX_PHOTOS})
    renditions = [
        {
            "gallery": kept.gallery.read(),
            "listing": kept.listing.read(),
            "thumbnail": kept.thumbnail.read(),
            "width": kept.width,
            "height": kept.height,
        }
        for kept in pending
    ] + [
        {
            "gallery": processed.gallery,
            "listing": processed.listing,
            "thumbnail": processed.thumbnail,
            "width": processed.width,
            "height": processed.height,
        }
        for processed in add
    ]
    for rendition in renditions:
        photo = AdPhoto(
            ad=ad, position=position, width=rendition["width"], height=rendition["height"]
        )
        _store_renditions(
            photo,
            uuid.uuid4().hex[:12],
            gallery=rendition["gallery"],
            listing=rendition["listing"],
            thumbnail=rendition["thumbnail"],
        )
        photo.save()
        position += 1
    for kept in pending:
        _delete_files(kept)
        kept.delete()


PENDING_PHOTOS_KEPT_FOR = timedelta(days=1)


def pending_photos_keep(*, owner, photos: list) -> list:
    """Keep the processed photos of a form that came back with an error, for `owner` only."""
    import uuid

    from rotative.classifieds.models import PendingPhoto

    kept = []
    for processed in photos:
        pending = PendingPhoto(
            owner=owner,
            original_name=processed.original_name[:255],
            width=processed.width,
            height=processed.height,
        )
        # The whole random name: these files sit in the public media, unmoderated.
        _store_renditions(
            pending,
            uuid.uuid4().hex,
            gallery=processed.gallery,
            listing=processed.listing,
            thumbnail=processed.thumbnail,
        )
        pending.save()
        kept.append(pending)
    return kept


def pending_photos_purge(*, now=None) -> int:
    """Forget the photos of forms abandoned for a day (run each morning)."""
    from rotative.classifieds.models import PendingPhoto

    old = PendingPhoto.objects.filter(
        created_at__lt=(now or timezone.now()) - PENDING_PHOTOS_KEPT_FOR
    )
    count = 0
    for pending in old:
        _delete_files(pending)
        pending.delete()
        count += 1
    return count


# --- renewal --------------------------------------------------------------------------------

RENEWAL_NOTICE_DAYS = 5


def ads_remind_renewal(*, now=None) -> int:
    """Mail each advertiser whose ad goes offline within five days, once, with the way to
    keep it online."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse

    from rotative.core.identity import from_email, mail_context

    now = now or timezone.now()
    due = (
        Ad.objects.online(now)
        .filter(
            expires_at__lte=now + timedelta(days=RENEWAL_NOTICE_DAYS),
            renewal_notified_at__isnull=True,
        )
        .select_related("owner")
    )
    sent = 0
    for ad in due:
        # One ad whose mail fails is logged and keeps `renewal_notified_at` empty, so the next
        # run tries it again; the other advertisers are reminded today.
        try:
            context = {
                "ad": ad,
                "mine_url": settings.SITE_URL + reverse("classifieds:mine"),
                **mail_context(),
            }
            send_mail(
                _("Votre annonce « %(title)s » expire bientôt") % {"title": ad.title},
                render_to_string("emails/ad_renewal.txt", context),
                from_email(),
                [ad.owner.email],
            )
        except Exception:
            logger.exception("Renewal reminder of ad %s failed", ad.pk)
            continue
        Ad.objects.filter(pk=ad.pk).update(renewal_notified_at=now)
        sent += 1
    return sent


# --- reports --------------------------------------------------------------------------------


@transaction.atomic
def ad_report(*, ad: Ad, reporter, reason: str, details: str = ""):
    """A reader flags an online ad for the moderators (once per reader)."""
    from rotative.classifieds.models import AdReport

    if not ad.is_online:
        raise AdError(_("Cette annonce n'est plus en ligne."))
    if ad.owner_id == reporter.pk:
        raise AdError(_("Vous ne pouvez pas signaler votre propre annonce."))
    report, created = AdReport.objects.get_or_create(
        ad=ad, reporter=reporter, defaults={"reason": reason, "details": details.strip()[:500]}
    )
    if not created:
        raise AdError(_("Vous avez déjà signalé cette annonce."))
    return report


@transaction.atomic
def ad_reports_dismiss(*, moderator, ad: Ad) -> None:
    ad.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
