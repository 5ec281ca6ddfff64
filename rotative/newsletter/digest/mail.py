"""Rendering the digest once for every subscriber, sending it once, and the daily schedule."""

import logging
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from rotative.core.identity import from_email
from rotative.core.seo import absolute  # mail clients have no page to resolve a link against
from rotative.newsletter import mail, selectors, services
from rotative.newsletter.digest.compose import (
    MAIL_IMAGE,
    DigestError,
    digest_compose,
)
from rotative.newsletter.models import Digest, Mailing

logger = logging.getLogger(__name__)

# --- rendering -------------------------------------------------------------------------------


def digest_stories(*, digest: Digest) -> list[dict]:
    """What the mail shows of each story still online, in the digest's order."""
    from rotative.news.models import SectionPage

    items = list(
        digest.items.filter(article__live=True)
        .select_related("article", "article__lead_image")
        .order_by("position", "pk")
    )
    sections = dict(SectionPage.objects.values_list("path", "title"))
    stories = []
    for item in items:
        article = item.article
        title = item.title or (
            f"{article.dateline_text}. {article.title}" if article.agency else article.title
        )
        story = {
            "title": title,
            "summary": item.summary or article.chapo,
            "url": absolute(article.get_url() or ""),
            "section": sections.get(article.path[: -article.steplen], ""),
            "image_url": "",
            "image_alt": "",
        }
        image = article.lead_image
        if image is not None:
            try:
                story["image_url"] = absolute(image.get_rendition(MAIL_IMAGE).url)
                story["image_alt"] = article.lead_image_caption or image.caption or article.title
            except Exception:  # noqa: BLE001 (a lost image file: the story goes without it)
                logger.exception("Digest %s: no image for article %s", digest.pk, article.pk)
        stories.append(story)
    return stories


def _render(digest: Digest) -> tuple[str, str, int]:
    stories = digest_stories(digest=digest)
    preheader = Truncator(digest.intro or " · ".join(s["title"] for s in stories[:3])).chars(140)
    html, text = mail.bodies_render(
        "emails/newsletter_digest",
        {
            "digest": digest,
            "stories": stories,
            "date_text": date_format(digest.date, "l j F Y"),
            "preheader": preheader,
            "site_url": settings.SITE_URL,
        },
    )
    return html, text, len(stories)


def digest_render(*, digest: Digest) -> tuple[str, str]:
    """The HTML and text of the mailing, with the engine's placeholders for each reader."""
    html, text, _count = _render(digest)
    return html, text


def sample_links(body: str) -> str:
    """The placeholders filled with harmless links, for previews and test mails: an editor's
    copy must not carry a subscriber's personal links."""
    signup = settings.SITE_URL + reverse("newsletter:signup")
    for placeholder in (mail.PREFERENCES_URL, mail.UNSUBSCRIBE_URL):
        body = body.replace(placeholder, signup)
    return body


def digest_preview(*, digest: Digest) -> tuple[str, str]:
    """Exactly what will be sent, but the personal links."""
    html, text = digest_render(digest=digest)
    return sample_links(html), sample_links(text)


# --- sending ---------------------------------------------------------------------------------


def digest_send(*, digest: Digest, user=None) -> Mailing:
    """Send the digest to the morning audience, once: a second call raises DigestError."""
    with transaction.atomic():
        digest = Digest.objects.select_for_update().get(pk=digest.pk)
        if digest.is_sent or digest.mailing_id:
            raise DigestError(_("Cette lettre est déjà partie."))
        html, text, count = _render(digest)
        if not count:
            raise DigestError(_("Cette lettre ne contient aucun article en ligne."))
        mailing = Mailing.objects.create(
            kind=Mailing.Kind.DIGEST, subject=digest.subject, html=html, text=text, created_by=user
        )
        digest.status, digest.mailing = Digest.Status.SENT, mailing
        digest.sent_at, digest.sent_by = timezone.now(), user
        digest.save(update_fields=["status", "mailing", "sent_at", "sent_by", "updated_at"])
        # Deliveries commit with the digest's new state; the sending starts after the commit.
        services.mailing_queue(mailing=mailing, subscriber_ids=selectors.audience_morning())
    return mailing


def digest_send_test(*, digest: Digest, user) -> str:
    """The digest as it stands, to the editor's own address only: no delivery is recorded
    and the digest stays unsent. Returns the address it went to."""
    if not getattr(user, "email", ""):
        raise DigestError(_("Votre compte n'a pas d'adresse e-mail : ajoutez-en une."))
    html, text = digest_preview(digest=digest)
    message = EmailMultiAlternatives(
        subject=_("[TEST] %(subject)s") % {"subject": digest.subject},
        body=text,
        from_email=from_email(settings.NEWSLETTER_FROM_EMAIL),
        to=[user.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return user.email


# --- the daily schedule (tasks.digest_prepare, tasks.digest_send_morning) --------------------


def digest_morning_prepare(*, day: date) -> Digest:
    return digest_compose(day=day)


def digest_morning_send(*, day: date) -> Mailing | None:
    """The SEND_AT run: refresh an untouched draft, then send it, unless already sent.

    A run that comes after its day (the worker was down all day) sends nothing: yesterday's
    morning newsletter is no news.
    """
    if day != timezone.localdate():
        logger.warning("Morning newsletter of %s not sent: its day has passed.", day)
        return None
    digest = digest_compose(day=day)
    if digest.is_sent:
        return None
    try:
        return digest_send(digest=digest)
    except DigestError as error:
        logger.warning("Morning newsletter of %s not sent: %s", day, error.message)
        return None
