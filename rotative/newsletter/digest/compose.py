"""Composing the day's digest: the window, the candidates in editorial order, the draft."""

from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rotative.newsletter.models import Digest, DigestItem

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
    """The next moment it is `at` in Paris, strictly after `now` (the scheduler's rule)."""
    from rotative.core.scheduling import next_daily

    return next_daily(at, after=now or timezone.now())


def digest_window(*, day: date) -> tuple[datetime, datetime]:
    """Stories published in the 24 hours before that morning's sending."""
    end = local_at(day, SEND_AT)
    return end - WINDOW, end


def default_subject(day: date) -> str:
    return _("La lettre du matin du %(date)s") % {"date": date_format(day, "l j F Y")}


# --- composition -----------------------------------------------------------------------------


def digest_candidates(*, day: date, limit: int = STORIES) -> list[int]:
    """Ids of the day's top stories, in editorial order (see the tiers above)."""
    from rotative.home.models import HomePage, PinnedTopic
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
