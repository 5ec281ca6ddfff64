"""The signed links of every newsletter mail: preferences, unsubscribe, confirmation.

No password: the link is the proof. It signs the subscriber's random key (not its id), so a
new key voids every link already mailed. Preference and unsubscribe links do not expire (a
reader may unsubscribe from a year-old mail, and RFC 8058 expects it); confirmation links do.
"""

import logging
import re

from django.conf import settings
from django.core import signing
from django.urls import reverse

from rotative.core.security_log import security_event
from rotative.newsletter.models import Subscriber

MANAGE_SALT = "rotative.newsletter.manage"
CONFIRM_SALT = "rotative.newsletter.confirm"


def manage_token(subscriber: Subscriber) -> str:
    return signing.Signer(salt=MANAGE_SALT).sign(subscriber.key)


def confirm_token(subscriber: Subscriber) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(subscriber.key)


def subscriber_from_manage_token(token: str) -> Subscriber | None:
    try:
        key = signing.Signer(salt=MANAGE_SALT).unsign(token)
    except signing.BadSignature:
        security_event("signed_value_invalid", level=logging.WARNING, value="newsletter-manage")
        return None
    return Subscriber.objects.filter(key=key).first()


def subscriber_from_confirm_token(token: str) -> Subscriber | None:
    """None for a forged, altered or expired link (NEWSLETTER_CONFIRM_MAX_AGE)."""
    try:
        key = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(
            token, max_age=settings.NEWSLETTER_CONFIRM_MAX_AGE
        )
    except signing.SignatureExpired:
        security_event("signed_value_expired", value="newsletter-confirm")
        return None
    except signing.BadSignature:
        security_event("signed_value_invalid", level=logging.WARNING, value="newsletter-confirm")
        return None
    return Subscriber.objects.filter(key=key).first()


def preferences_url(subscriber: Subscriber, token: str = "") -> str:
    token = token or manage_token(subscriber)
    return settings.SITE_URL + reverse("newsletter:preferences", args=[token])


def unsubscribe_url(subscriber: Subscriber, token: str = "") -> str:
    token = token or manage_token(subscriber)
    return settings.SITE_URL + reverse("newsletter:unsubscribe", args=[token])


def confirm_url(subscriber: Subscriber) -> str:
    return settings.SITE_URL + reverse("newsletter:confirm", args=[confirm_token(subscriber)])


# A signed token as reverse() leaves it: `key:signature`, both URL-safe base64.
_PLAIN_TOKEN = re.compile(r"[A-Za-z0-9_:-]+")
_SLOT = "__ROTATIVE_SLOT__"


class ManageLinks:
    """preferences_url and unsubscribe_url at a sending engine's pace: each URL resolved once
    (reverse() took longer than signing), then each subscriber's token put in its place."""

    def __init__(self):
        self._around = {
            name: (settings.SITE_URL + reverse(f"newsletter:{name}", args=[_SLOT])).rpartition(
                _SLOT
            )
            for name in ("preferences", "unsubscribe")
        }

    def _url(self, name: str, token: str) -> str:
        before, _slot, after = self._around[name]
        return before + token + after

    def urls(self, subscriber: Subscriber) -> tuple[str, str, str]:
        """The token, then the preferences and unsubscribe links of `subscriber`."""
        token = manage_token(subscriber)
        if not _PLAIN_TOKEN.fullmatch(token):  # reverse() would quote it: let it
            return token, preferences_url(subscriber, token), unsubscribe_url(subscriber, token)
        return token, self._url("preferences", token), self._url("unsubscribe", token)
