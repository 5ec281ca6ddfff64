"""Answering an ad: messages kept by the site and announced by mail, addresses never shown."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from rotative.classifieds.models import Ad, AdMessage
from rotative.classifieds.services.ads import AdError
from rotative.core import moderation
from rotative.core.identity import from_email, mail_context
from rotative.core.ratelimit import rate_interval_allows, rate_limit_allows, refusal_reason

MIN_INTERVAL_SECONDS = 20
PER_HOUR = 10


class AdRateLimited(AdError):
    """Refused by the messages' rate limits: the API answers it with a 429."""


@transaction.atomic
def ad_message_send(*, ad: Ad, sender, text: str) -> AdMessage:
    """A reader opens (or goes on with) their conversation with the advertiser of an online ad."""
    _check_sender(ad=ad, sender=sender)
    if sender.pk == ad.owner_id:
        raise AdError(_("C'est votre propre annonce."))
    return _create(ad=ad, buyer_id=sender.pk, sender=sender, text=text)


@transaction.atomic
def ad_message_reply(*, ad: Ad, sender, buyer_id: int, text: str) -> AdMessage:
    """Either party answers within a conversation the reader opened: the advertiser never
    addresses a user who has not written first."""
    _check_sender(ad=ad, sender=sender)
    if (
        buyer_id == ad.owner_id
        or sender.pk not in (ad.owner_id, buyer_id)
        or not AdMessage.objects.filter(ad=ad, buyer_id=buyer_id).exists()
    ):
        raise AdError(_("Cette conversation n'est pas la vôtre."))
    return _create(ad=ad, buyer_id=buyer_id, sender=sender, text=text)


def _check_sender(*, ad: Ad, sender) -> None:
    from rotative.accounts.selectors import reader_can_comment

    if not reader_can_comment(user=sender):
        raise AdError(_("Confirmez d'abord votre adresse e-mail pour envoyer un message."))
    if not ad.is_online:
        raise AdError(_("Cette annonce n'est plus en ligne."))


def _create(*, ad: Ad, buyer_id: int, sender, text: str) -> AdMessage:
    text = moderation.normalise_text(text)
    if not text:
        raise AdError(_("Votre message est vide."))
    if len(text) > 2000:
        raise AdError(_("Votre message dépasse 2000 caractères."))
    banned = moderation.find_words(text, moderation.moderation_words()[moderation.REJECT])
    if banned:
        raise AdError(
            _("Votre message contient un terme refusé : « %(word)s ».") % {"word": banned[0]}
        )
    _check_rate(sender)
    message = AdMessage.objects.create(ad=ad, buyer_id=buyer_id, sender=sender, text=text)
    from rotative.classifieds.tasks import notify_message

    transaction.on_commit(lambda: notify_message.enqueue(message.pk))
    return message


def _check_rate(sender) -> None:
    key = str(sender.pk)
    if not rate_interval_allows(scope="ads-messages", key=key, seconds=MIN_INTERVAL_SECONDS):
        raise AdRateLimited(
            refusal_reason(_("Vous venez d'envoyer un message : patientez quelques secondes."))
        )
    if not rate_limit_allows(scope="ads-messages", key=key, limit=PER_HOUR, window=3600):
        raise AdRateLimited(
            refusal_reason(
                _("Vous avez envoyé beaucoup de messages en peu de temps : réessayez plus tard.")
            )
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
        **mail_context(),
    }
    mail = EmailMultiAlternatives(
        subject=_("Nouveau message à propos de « %(title)s »") % {"title": message.ad.title},
        body=render_to_string("emails/ad_message.txt", context),
        from_email=from_email(),
        to=[recipient.email],
    )
    mail.attach_alternative(render_to_string("emails/ad_message.html", context), "text/html")
    mail.send()
    return True
