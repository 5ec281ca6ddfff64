"""How an alert reaches its reader: a mail listing the new items, and a notification on each
browser they subscribed while logged in, when the search asks for it."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import ngettext

from rotative.alerts.kinds import SearchKind
from rotative.alerts.models import SavedSearch
from rotative.core.identity import from_email, mail_context

logger = logging.getLogger(__name__)


def alert_send(*, saved: SavedSearch, search: SearchKind, items: list) -> int:
    """1 when the reader was told (by mail, notification or both), else 0."""
    user = saved.user
    if not user.is_active:
        return 0
    lines = [search.line(item) for item in items]
    told = 0
    if user.email:
        _mail(saved=saved, search=search, lines=lines)
        told = 1
    if saved.by_push:
        # The mail is sent: a push service's failure is logged, and the alert counts as told.
        try:
            told = max(told, _push(saved=saved, search=search, lines=lines))
        except Exception:
            logger.exception("Web Push of saved search %s failed", saved.pk)
    return told


def _stop_url(saved: SavedSearch) -> str:
    from rotative.alerts.services import stop_token

    return settings.SITE_URL + reverse("alerts:stop", args=[stop_token(saved)])


def _mail(*, saved: SavedSearch, search: SearchKind, lines: list) -> None:
    stop_url = _stop_url(saved)
    context = {
        "saved": saved,
        "intro": search.intro % {"label": saved.label},
        "lines": lines,
        "site_url": settings.SITE_URL,
        "search_url": settings.SITE_URL + saved.get_search_url(),
        "stop_url": stop_url,
        **mail_context(),
    }
    mail = EmailMultiAlternatives(
        subject=search.subject % {"label": saved.label},
        body=render_to_string("emails/saved_search_alert.txt", context),
        from_email=from_email(),
        to=[saved.user.email],
        headers={
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    mail.attach_alternative(
        render_to_string("emails/saved_search_alert.html", context), "text/html"
    )
    mail.send()


def _push(*, saved: SavedSearch, search: SearchKind, lines: list) -> int:
    from rotative.newsletter import push
    from rotative.newsletter.models import PushSubscription

    browsers = PushSubscription.objects.filter(user_id=saved.user_id)
    if not browsers.exists():
        return 0
    first = lines[0]
    more = len(lines) - 1
    body = first.title
    if more:
        body += " " + ngettext("et %(n)d autre", "et %(n)d autres", more) % {"n": more}
    url = first.url if not more else settings.SITE_URL + saved.get_search_url()
    payload = push.notification_payload(
        title=search.subject % {"label": saved.label},
        body=body,
        url=url,
        # One notification per search: the next one replaces it instead of piling up.
        tag=f"alerte-{saved.pk}",
    )
    result = push.push_send(payload=payload, subscriptions=browsers, urgency="normal")
    return 1 if result.sent else 0
