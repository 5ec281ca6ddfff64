"""Answering an ad: messages kept by the site and announced by mail, addresses never shown."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from rotative.classifieds.models import Ad, AdMessage
from rotative.classifieds.services import AdError
from rotative.comments import wording
from rotative.core.ratelimit import rate_interval_allows, rate_limit_allows

MIN_INTERVAL_SECONDS = 20
PER_HOUR = 10


@transaction.atomic
def ad_message_send(*, ad: Ad, sender, text: str, buyer=None) -> AdMessage:
    """A reader writes to the advertiser (`buyer` None), or one of them answers the other."""
    if buyer is None:
        if sender.pk == ad.owner_id:
            raise AdError(_("C'est votre propre annonce."))
        if not ad.is_online:
            raise AdError(_("Cette annonce n'est plus en ligne."))
        buyer = sender
    elif sender.pk not in (ad.owner_id, buyer.pk):
        raise AdError(_("Cette conversation n'est pas la vôtre."))
    text = wording.normalise_text(text)
    if not text:
        raise AdError(_("Votre message est vide."))
    if len(text) > 2000:
        raise AdError(_("Votre message dépasse 2000 caractères."))
    banned = wording.find_words(text, wording.moderation_words()["reject"])
    if banned:
        raise AdError(
            _("Votre message contient un terme refusé : « %(word)s ».") % {"word": banned[0]}
        )
    _check_rate(sender)
    message = AdMessage.objects.create(ad=ad, buyer=buyer, sender=sender, text=text)
    from rotative.classifieds.tasks import notify_message

    transaction.on_commit(lambda: notify_message.enqueue(message.pk))
    return message


def _check_rate(sender) -> None:
    key = str(sender.pk)
    if not rate_interval_allows(scope="ads-messages", key=key, seconds=MIN_INTERVAL_SECONDS):
        raise AdError(_("Vous venez d'envoyer un message : patientez quelques secondes."))
    if not rate_limit_allows(scope="ads-messages", key=key, limit=PER_HOUR, window=3600):
        raise AdError(
            _("Vous avez envoyé beaucoup de messages en peu de temps : réessayez plus tard.")
        )


def message_notify(*, message_id: int) -> bool:
    """Mail the other party: the text and a link to answer on the site, no address."""
    message = (
        AdMessage.objects.select_related("ad__owner", "buyer", "sender")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return False
    recipient = message.ad.owner if message.sender_id == message.buyer_id else message.buyer
    if not recipient.email or not recipient.is_active:
        return False
    from rotative.accounts.selectors import display_name_of

    context = {
        "message": message,
        "ad": message.ad,
        "sender_name": display_name_of(user=message.sender),
        "url": settings.SITE_URL + message.get_absolute_url(),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    mail = EmailMultiAlternatives(
        subject=_("Nouveau message à propos de « %(title)s »") % {"title": message.ad.title},
        body=render_to_string("emails/ad_message.txt", context),
        to=[recipient.email],
    )
    mail.attach_alternative(render_to_string("emails/ad_message.html", context), "text/html")
    mail.send()
    return True


def conversations_of_ad(*, ad: Ad) -> list[dict]:
    """For the advertiser: one line per reader who wrote, newest first."""
    from django.db.models import Count, Max

    rows = (
        AdMessage.objects.filter(ad=ad)
        .values("buyer")
        .annotate(messages=Count("pk"), last=Max("created_at"))
        .order_by("-last")
    )
    return list(rows)
