"""Mail to readers about their comments: a reply, a refusal. Sent by the worker."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from rotative.accounts.selectors import display_name_of, profile_of
from rotative.comments.models import Comment
from rotative.core.identity import from_email, mail_context

logger = logging.getLogger(__name__)


def reply_notify(*, comment_id: int) -> bool:
    """Mail the author of the answered comment, if they still want such mail."""
    reply = (
        Comment.objects.select_related("article", "author__profile", "parent__author__profile")
        .filter(pk=comment_id, status=Comment.Status.PUBLISHED)
        .first()
    )
    if reply is None or reply.parent is None or reply.parent.author is None:
        return False
    recipient = reply.parent.author
    profile = profile_of(user=recipient)
    if profile is not None and not profile.notify_replies:
        return False
    return _send(
        recipient=recipient,
        subject=_("%(name)s a répondu à votre commentaire")
        % {"name": display_name_of(user=reply.author) if reply.author else _("Un lecteur")},
        template="emails/comment_reply",
        context={
            "reply": reply,
            "replier": display_name_of(user=reply.author) if reply.author else "",
            "url": settings.SITE_URL + (reply.article.url or "/") + f"#commentaire-{reply.pk}",
        },
    )


def rejection_notify(*, comment_id: int) -> bool:
    comment = (
        Comment.objects.select_related("article", "author__profile")
        .filter(pk=comment_id, status=Comment.Status.REJECTED)
        .first()
    )
    if comment is None or comment.author is None:
        return False
    profile = profile_of(user=comment.author)
    if profile is not None and not profile.notify_moderation:
        return False
    return _send(
        recipient=comment.author,
        subject=_("Votre commentaire n'a pas été publié"),
        template="emails/comment_rejected",
        context={
            "comment": comment,
            "url": settings.SITE_URL + (comment.article.url or "/"),
        },
    )


def _send(*, recipient, subject: str, template: str, context: dict) -> bool:
    if not recipient.email or not recipient.is_active:
        return False
    context = {
        **context,
        "name": display_name_of(user=recipient),
        **mail_context(),
        "preferences_url": settings.SITE_URL + reverse("accounts_profile"),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=from_email(),
        to=[recipient.email],
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()
    return True
