"""Mail to organisers about their events: online, or refused with the reason. Sent by the
worker after the moderator's decision is committed; a mail that fails is logged, and the
decision stands."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from rotative.accounts.selectors import display_name_of
from rotative.agenda.models import Event
from rotative.core.identity import from_email, mail_context

logger = logging.getLogger(__name__)


def moderation_notify(*, event_id: int) -> bool:
    """The mail that matches the event's state now (a second decision since sends its own)."""
    event = (
        Event.objects.select_related("organiser", "venue__commune")
        .filter(pk=event_id, organiser__isnull=False)
        .exclude(moderation=Event.Moderation.PENDING)
        .first()
    )
    if event is None or not event.organiser.email or not event.organiser.is_active:
        return False
    if event.is_published:
        subject = _("Votre sortie est en ligne : « %(title)s »")
        template = "emails/agenda_event_published"
    else:
        subject = _("Votre sortie n'a pas été publiée : « %(title)s »")
        template = "emails/agenda_event_refused"
    # A title is one line: a line break must never reach a mail header.
    title = " ".join(event.title.split())
    context = {
        "event": event,
        "name": display_name_of(user=event.organiser),
        "event_url": settings.SITE_URL + event.get_absolute_url(),
        "edit_url": settings.SITE_URL + reverse("agenda:organiser_edit", args=[event.pk]),
        "mine_url": settings.SITE_URL + reverse("agenda:mine"),
        **mail_context(),
    }
    message = EmailMultiAlternatives(
        subject=subject % {"title": title},
        body=render_to_string(f"{template}.txt", context),
        from_email=from_email(),
        to=[event.organiser.email],
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    try:
        message.send()
    except Exception:
        logger.exception("Moderation mail of event %s failed", event.pk)
        return False
    return True
