"""The morning newsletter (« La lettre du matin »): composed, edited, rendered and sent once.

The day's digest is composed automatically as a draft at PREPARE_AT (Paris time), so that
editors can reorder, rewrite and preview it in the admin (admin_views.py); at SEND_AT it is
composed again (only if no editor has touched it, to take in the stories of the last hour)
and sent through the engine (sending.py) to `selectors.audience_morning()`.

Sending once is guarded three times: the digest row is locked and its status checked, the
status and the mailing are written in the same transaction as the deliveries, and a digest
can point to one mailing only (a one-to-one link).
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from rotative.newsletter import mail, selectors, sending
from rotative.newsletter.models import Digest, DigestItem, Mailing

logger = logging.getLogger(__name__)

SEND_AT = time(7, 0)  # Europe/Paris (settings.TIME_ZONE)
PREPARE_AT = time(5, 30)  # early enough for the morning desk to work on the draft
STORIES = 8
WINDOW = timedelta(hours=24)
# Twice the 600 px column for sharp pictures on high-density screens. JPEG, not WebP: Outlook
# and older Apple Mail do not show WebP.
MAIL_IMAGE = "fill-1200x675|format-jpeg"

# Editorial weight, strongest first: La Une, a page pinned in En ce moment, an alerte info,
# a story on a pinned topic, then the rest; within a tier, the most read, then the section's
# place in the menu, then the newest.
TIER_LEAD, TIER_PINNED_PAGE, TIER_BREAKING, TIER_PINNED_TAG, TIER_OTHER = range(5)


class DigestError(Exception):
    """A change or a sending the digest's state does not allow; `message` is for editors."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- time ------------------------------------------------------------------------------------


def local_at(day: date, at: time) -> datetime:
    """`day` at `at`, Paris time (made aware per day, so that DST changes are respected)."""
    return timezone.make_aware(datetime.combine(day, at))


def next_at(at: time, now: datetime | None = None) -> datetime:
    """The next moment it is `at` in Paris, strictly after `now`."""
    now = timezone.localtime(now or timezone.now())
    moment = local_at(now.date(), at)
    return moment if moment > now else local_at(now.date() + timedelta(days=1), at)


def digest_window(*, day: date) -> tuple[datetime, datetime]:
    """Stories published in the 24 hours before that morning's sending."""
    end = local_at(day, SEND_AT)
    return end - WINDOW, end


def default_subject(day: date) -> str:
    return _("La lettre du matin du %(date)s") % {"date": date_format(day, "l j F Y")}


# --- composition -----------------------------------------------------------------------------


def digest_candidates(*, day: date, limit: int = STORIES) -> list[int]:
    """Ids of the day's top stories, in editorial order (see the tiers above)."""
    from rotative.core.models import HomePage, PinnedTopic
    from rotative.news.models import ArticlePage, ArticleTag, SectionPage

    start, end = digest_window(day=day)
    rows = list(
        ArticlePage.objects.published()
        .filter(first_published_at__gte=start, first_published_at__lt=end)
        .annotate(
            views=Coalesce(
                Sum(
                    "view_counts__count",
                    filter=Q(view_counts__hour__gte=start, view_counts__hour__lt=end),
                ),
                0,
            )
        )
        .values_list("pk", "path", "is_breaking", "first_published_at", "views")
    )
    if not rows:
        return []
    ids = [row[0] for row in rows]
    lead_ids = set(
        HomePage.objects.live().exclude(lead_article=None).values_list("lead_article", flat=True)
    )
    pins = PinnedTopic.objects.active()
    pinned_pages = set(pins.exclude(page=None).values_list("page_id", flat=True))
    pinned_tags = pins.exclude(tag=None).values_list("tag_id", flat=True)
    on_pinned_tag = set(
        ArticleTag.objects.filter(tag_id__in=pinned_tags, content_object_id__in=ids).values_list(
            "content_object_id", flat=True
        )
    )
    nav_order = dict(SectionPage.objects.values_list("path", "nav_order"))
    steplen = ArticlePage.steplen

    def tier(pk, is_breaking):
        if pk in lead_ids:
            return TIER_LEAD
        if pk in pinned_pages:
            return TIER_PINNED_PAGE
        if is_breaking:
            return TIER_BREAKING
        if pk in on_pinned_tag:
            return TIER_PINNED_TAG
        return TIER_OTHER

    rows.sort(
        key=lambda row: (
            tier(row[0], row[2]),
            -row[4],
            nav_order.get(row[1][:-steplen], 1000),
            -row[3].timestamp(),
            -row[0],
        )
    )
    return [row[0] for row in rows[:limit]]


@transaction.atomic
def digest_compose(*, day: date) -> Digest:
    """The day's digest, composed from the day's top stories.

    Idempotent: called again, it only brings an untouched draft up to date (new stories,
    a new most read); a draft an editor changed, or a digest already sent, is left alone.
    """
    try:
        with transaction.atomic():
            digest, _created = Digest.objects.get_or_create(
                date=day, defaults={"subject": default_subject(day)}
            )
    except IntegrityError:  # composed at the same moment by another process
        digest = Digest.objects.get(date=day)
    digest = Digest.objects.select_for_update().get(pk=digest.pk)
    if digest.is_sent or digest.edited:
        return digest
    wanted = digest_candidates(day=day)
    if list(digest.items.values_list("article_id", flat=True)) != wanted:
        digest.items.all().delete()
        DigestItem.objects.bulk_create(
            DigestItem(digest=digest, article_id=pk, position=position)
            for position, pk in enumerate(wanted, start=1)
        )
    return digest


# --- editing (the admin's screens) ------------------------------------------------------------


@dataclass(frozen=True)
class ItemChange:
    item_id: int
    position: int
    title: str
    summary: str


def _editable(digest: Digest) -> Digest:
    digest = Digest.objects.select_for_update().get(pk=digest.pk)
    if digest.is_sent:
        raise DigestError(_("Cette lettre est déjà partie : elle ne peut plus être modifiée."))
    return digest


def _edited(digest: Digest, user) -> None:
    digest.edited, digest.edited_by, digest.edited_at = True, user, timezone.now()
    digest.save(update_fields=["edited", "edited_by", "edited_at", "updated_at"])


def _renumber(digest: Digest, ordered_ids: list[int]) -> None:
    items = {item.pk: item for item in digest.items.all()}
    for position, pk in enumerate(ordered_ids, start=1):
        items[pk].position = position
    DigestItem.objects.bulk_update(items.values(), ["position"])


@transaction.atomic
def digest_update(
    *, digest: Digest, user, subject: str, intro: str, items: list[ItemChange]
) -> Digest:
    """The editor's form: subject, intro, and each story's place, title and summary."""
    digest = _editable(digest)
    digest.subject, digest.intro = subject.strip(), intro.strip()
    digest.save(update_fields=["subject", "intro", "updated_at"])
    current = {item.pk: item for item in digest.items.all()}
    changes = [change for change in items if change.item_id in current]
    for change in changes:
        item = current[change.item_id]
        item.title, item.summary = change.title.strip(), change.summary.strip()
    DigestItem.objects.bulk_update([current[c.item_id] for c in changes], ["title", "summary"])
    # Typed positions win. Typing 1 for the third story means "put it first": at equal
    # numbers a story that was moved goes before one that was not; then the previous order.
    typed = {change.item_id: change.position for change in changes}

    def rank(item):
        wanted = typed.get(item.pk, item.position)
        return (wanted, wanted == item.position, item.position, item.pk)

    order = sorted(current.values(), key=rank)
    _renumber(digest, [item.pk for item in order])
    _edited(digest, user)
    return digest


@transaction.atomic
def digest_item_move(*, digest: Digest, user, item_id: int, offset: int) -> Digest:
    """One place up (offset -1) or down (+1)."""
    digest = _editable(digest)
    ids = list(digest.items.values_list("pk", flat=True))
    if item_id not in ids:
        raise DigestError(_("Cet article n'est plus dans la lettre."))
    index = ids.index(item_id)
    target = min(max(index + offset, 0), len(ids) - 1)
    ids.insert(target, ids.pop(index))
    _renumber(digest, ids)
    _edited(digest, user)
    return digest


@transaction.atomic
def digest_item_remove(*, digest: Digest, user, item_id: int) -> Digest:
    digest = _editable(digest)
    digest.items.filter(pk=item_id).delete()
    _renumber(digest, list(digest.items.values_list("pk", flat=True)))
    _edited(digest, user)
    return digest


@transaction.atomic
def digest_item_add(*, digest: Digest, user, article) -> DigestItem:
    """Add a published article at the end of the digest."""
    digest = _editable(digest)
    if not article.live:
        raise DigestError(_("Cet article n'est pas en ligne."))
    if digest.items.filter(article=article).exists():
        raise DigestError(_("Cet article est déjà dans la lettre."))
    last = digest.items.order_by("-position").values_list("position", flat=True).first() or 0
    item = DigestItem.objects.create(digest=digest, article=article, position=last + 1)
    _edited(digest, user)
    return item


# --- rendering -------------------------------------------------------------------------------


def absolute(url: str) -> str:
    """Mail clients have no page to resolve a relative link against."""
    return settings.SITE_URL + url if url.startswith("/") else url


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
            story["image_url"] = absolute(image.get_rendition(MAIL_IMAGE).url)
            story["image_alt"] = article.lead_image_caption or image.caption or article.title
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
        sending.mailing_queue(mailing=mailing, subscriber_ids=selectors.audience_morning())
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
        from_email=settings.NEWSLETTER_FROM_EMAIL,
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
