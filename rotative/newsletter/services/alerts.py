"""Breaking-news alerts (« Alerte info ») and topic alerts, from the editor's flag to the inbox
and the browser.

1. `article_published` (an article published with its « Alerte info » flag: breaking; its
   first publication: topic) and `breaking_alert_send` (a flagged En direct entry, announced
   by live through core.signals.breaking_entry_posted) write an `Alert` row in the
   publishing transaction. The row is unique per story and kind: republishing, saving
   again or two editors at once never alert twice. After the commit, `tasks.send_alerts`
   is queued.
2. The worker runs `alert_dispatch` for each: it renders one `Mailing` (HTML and text, the
   engine's placeholders for each subscriber's links) and queues it to its audience through
   `sending.mailing_queue`, which sends it at once; a breaking alert also queues
   `tasks.push_alert`, the Web Push to every browser that opted in (push.py).

A topic alert goes to the subscribers following the article's section, one of its tags or
one of the communes it is about (ArticleCommune, chosen by the editor), except those who
already got a breaking alert for the same story.
"""

import logging
import re
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from rotative.core import batching
from rotative.core.identity import site_identity
from rotative.newsletter import mail, selectors
from rotative.newsletter.models import Alert, Delivery, Mailing
from rotative.newsletter.services import sending

if TYPE_CHECKING:
    from rotative.newsletter.push import PushResult

logger = logging.getLogger(__name__)

SUBJECT_TITLE_LENGTH = 120
PUSH_BODY_LENGTH = 160


# --- recording (in the publishing transaction) -----------------------------------------------


def _record(*, kind: str, article=None, live_entry=None) -> Alert | None:
    """The alert's row, or None when this story already had one of this kind."""
    return _rows_insert([Alert(kind=kind, article=article, live_entry=live_entry)])[0]


def _rows_insert(alerts: list[Alert]) -> list[Alert | None]:
    """Each alert's row, or None where its story already had one of its kind.

    One statement, INSERT … ON CONFLICT DO NOTHING on the model's unique constraints (one
    alert per story and kind; SQLite ≥ 3.35 and PostgreSQL), where a read, a savepoint, the
    insert and its release took four for each. Two publishers at once: the second one's
    insert waits for the first's commit and then inserts nothing (or inserts, if the first
    rolled back)."""
    using = router.db_for_write(Alert)
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = [Alert._meta.get_field(name).column for name in _RECORDED]
    now = timezone.now()
    inserted = {}
    for start in range(0, len(alerts), _ROWS_PER_INSERT):
        chunk = alerts[start : start + _ROWS_PER_INSERT]
        row = f"({', '.join(['%s'] * len(columns))})"
        sql = (
            f"INSERT INTO {quote(Alert._meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608 (our quoted names)
            f"VALUES {', '.join([row] * len(chunk))} ON CONFLICT DO NOTHING "
            f"RETURNING {', '.join(map(quote, [Alert._meta.pk.column, *columns[:3]]))}"
        )
        params = []
        for alert in chunk:
            alert.created_at = now
            params += [alert.kind, alert.article_id, alert.live_entry_id]
            params.append(connection.ops.adapt_datetimefield_value(now))
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            inserted |= {tuple(key): pk for pk, *key in cursor.fetchall()}
    recorded = []
    for alert in alerts:
        alert.pk = inserted.pop((alert.kind, alert.article_id, alert.live_entry_id), None)
        if alert.pk is None:  # this story already had its alert of this kind
            recorded.append(None)
            continue
        alert._state.adding, alert._state.db = False, using
        recorded.append(alert)
    return recorded


_RECORDED = ("kind", "article", "live_entry", "created_at")
_ROWS_PER_INSERT = 200  # four parameters a row: under SQLite's 999

# Inside alerts_gathered(): the alerts article_published records, written at the end.
_gathered: ContextVar[list | None] = ContextVar("rotative_alerts_gathered", default=None)


@contextmanager
def alerts_gathered():
    """Inside, the alerts of the articles published are written when the block ends, in one
    statement for all, in the same transaction (a bulk writer's batch: the wire's fifty
    stories); left unwritten if the block fails. Their task is queued after the commit as
    ever, with the alerts of every article in order."""
    if _gathered.get() is not None:  # nested: the outermost block writes
        yield
        return
    gathered: list[Alert] = []
    token = _gathered.set(gathered)
    try:
        yield
    finally:
        _gathered.reset(token)
    _dispatch_after_commit(_rows_insert(gathered))


def _dispatch_after_commit(alerts: list[Alert]) -> None:
    # One task for the article's alerts, in order: the topic alert leaves out whoever the
    # breaking alert reached, which it can only know once that one is queued. A bulk writer's
    # batch (core.batching) gathers the alerts of all its articles in one task.
    batching.on_commit_batched(_enqueue, [alert.pk for alert in alerts if alert is not None])


def _enqueue(alert_ids: list[int]) -> None:
    from rotative.newsletter import tasks

    tasks.send_alerts.enqueue(alert_ids)


@transaction.atomic(savepoint=False)  # one statement a row: nothing to undo on its own
def breaking_alert_send(*, article=None, live_entry=None) -> Alert | None:
    """Alert breaking-news subscribers and opted-in browsers about this story, once ever."""
    if (article is None) == (live_entry is None):
        raise TypeError("breaking_alert_send takes an article or a live entry")
    alert = _record(kind=Alert.Kind.BREAKING, article=article, live_entry=live_entry)
    _dispatch_after_commit([alert])
    return alert


@transaction.atomic(savepoint=False)  # one statement a row: nothing to undo on its own
def article_published(*, article) -> list[Alert]:
    """What publishing an article sets off: the breaking alert when it is flagged (at its
    first publication or when the flag is newly set on a live article), and the topic alert
    at its first publication. Called for every publication; alerts at most once each."""
    alerts = []
    # The banner's rule (ArticleQuerySet.breaking_now): an old story republished with its
    # expired flag is not news again.
    if article.is_breaking_now:
        alerts.append(Alert(kind=Alert.Kind.BREAKING, article=article))
    first_publication = (
        article.first_published_at is not None
        and article.first_published_at == article.last_published_at
    )
    if first_publication:
        alerts.append(Alert(kind=Alert.Kind.TOPIC, article=article))
    gathered = _gathered.get()
    if gathered is not None:  # written with the batch's (alerts_gathered)
        gathered += alerts
        return []
    alerts = _rows_insert(alerts)
    _dispatch_after_commit(alerts)
    return [alert for alert in alerts if alert is not None]


# --- composing and queueing (in the worker) ----------------------------------------------------


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", strip_tags(html or "")).strip()


def _absolute(path: str) -> str:
    return path if path.startswith(("http://", "https://")) else settings.SITE_URL + path


def story_of(alert: Alert) -> dict:
    """Title, summary and absolute address of the alert's story."""
    if alert.article_id:
        article = alert.article.specific
        return {
            "title": article.title,
            "summary": article.chapo,
            "url": _absolute(article.get_url() or "/"),
            "article": article,
        }
    entry = alert.live_entry  # an En direct entry: what it offers is in core.signals
    text = _text(entry.body)
    url = _absolute(entry.reader_path())
    return {
        "title": Truncator(text).chars(SUBJECT_TITLE_LENGTH),
        "summary": text if len(text) > SUBJECT_TITLE_LENGTH else "",
        "url": url,
        "article": entry.article,
    }


def _breaking_mailing(story: dict) -> Mailing:
    html, text = mail.bodies_render("emails/breaking_alert", {"story": story})
    return Mailing.objects.create(
        kind=Mailing.Kind.BREAKING,
        subject=_("Alerte info : %(title)s")
        % {"title": Truncator(story["title"]).chars(SUBJECT_TITLE_LENGTH)},
        html=html,
        text=text,
    )


def _topic_mailing(story: dict, *, section, tags) -> Mailing:
    html, text = mail.bodies_render(
        "emails/topic_alert", {"story": story, "section": section, "tags": tags}
    )
    # One mailing for every follower, whichever topic they follow: the section names it.
    return Mailing.objects.create(
        kind=Mailing.Kind.TOPIC,
        subject=_("%(section)s : %(title)s")
        % {
            "section": section.title,
            "title": Truncator(story["title"]).chars(SUBJECT_TITLE_LENGTH),
        },
        html=html,
        text=text,
    )


def _already_alerted(article):
    """Subscribers a breaking alert already reached about this article (its own, or that of
    an En direct entry pointing to it), as a subquery: there may be a great many."""
    from django.db.models import Q

    mailings = Alert.objects.filter(
        Q(article=article) | Q(live_entry__article=article),
        kind=Alert.Kind.BREAKING,
        mailing__isnull=False,
    ).values("mailing")
    return Delivery.objects.filter(mailing__in=mailings).values("subscriber")


def alert_dispatch(*, alert_id: int) -> Alert | None:
    """Compose the alert's mailing and queue it to its audience, then (breaking news) the
    Web Push; a second run after a crash does nothing twice."""
    with transaction.atomic():
        # Locked so that two runs of the task (a retry) cannot both queue a mailing.
        alert = Alert.objects.select_for_update().filter(pk=alert_id).first()
        if alert is None:
            return None
        if alert.mailed_at is None:
            _mail(alert)
            alert.mailed_at = timezone.now()
            alert.save(update_fields=["mailing", "mailed_at"])
        if alert.kind == Alert.Kind.BREAKING and alert.pushed_at is None:
            from rotative.newsletter import tasks

            transaction.on_commit(lambda: tasks.push_alert.enqueue(alert_id))
    return alert


def topic_alerts_close_unfollowed(*, alert_ids: list[int]) -> set[int]:
    """Close, as dispatched with no mailing, the topic alerts among these whose story no
    confirmed subscriber follows (its section, one of its tags or of its communes), and
    return their ids. For a batch of agency stories: about six statements for the batch,
    where `alert_dispatch` spends about ten on each story to find the same empty audience.
    The topics are those `_mail` asks `selectors.audience_topics` for: a topic added there
    goes here too."""
    from collections import defaultdict

    from wagtail.models import Page

    from rotative.news.models import ArticleCommune, ArticleTag

    rows = list(
        Alert.objects.filter(
            pk__in=alert_ids,
            kind=Alert.Kind.TOPIC,
            article__isnull=False,
            mailed_at__isnull=True,
        ).values_list("pk", "article_id", "article__path")
    )
    if not rows:
        return set()
    article_ids = [article_id for _pk, article_id, _path in rows]
    sections = dict(
        Page.objects.filter(
            path__in={path[: -Page.steplen] for _pk, _id, path in rows}
        ).values_list("path", "pk")
    )
    tags, communes = defaultdict(set), defaultdict(set)
    for article_id, tag_id in ArticleTag.objects.filter(
        content_object_id__in=article_ids
    ).values_list("content_object_id", "tag_id"):
        tags[article_id].add(tag_id)
    for article_id, commune_id in ArticleCommune.objects.filter(
        page_id__in=article_ids
    ).values_list("page_id", "commune_id"):
        communes[article_id].add(commune_id)
    followed_sections, followed_tags, followed_communes = selectors.topics_followed(
        section_ids=set(sections.values()),
        tag_ids=set().union(*tags.values()),
        commune_ids=set().union(*communes.values()),
    )
    quiet = {
        pk
        for pk, article_id, path in rows
        if sections.get(path[: -Page.steplen]) not in followed_sections
        and not tags[article_id] & followed_tags
        and not communes[article_id] & followed_communes
    }
    if quiet:
        Alert.objects.filter(pk__in=quiet, mailed_at__isnull=True).update(mailed_at=timezone.now())
    return quiet


def _mail(alert: Alert) -> None:
    story = story_of(alert)
    if alert.kind == Alert.Kind.BREAKING:
        audience = selectors.audience_breaking()
        if audience.exists():
            alert.mailing = _breaking_mailing(story)
            sending.mailing_queue(mailing=alert.mailing, subscriber_ids=audience.iterator())
        return
    article = story["article"]
    section = article.get_parent().specific
    tags = list(article.tags.order_by("name"))
    # The same topics as topic_alerts_close_unfollowed's, which spares this for a batch.
    audience = selectors.audience_topics(
        section_ids=[section.pk],
        tag_ids=[tag.pk for tag in tags],
        commune_ids=list(article.article_communes.values_list("commune_id", flat=True)),
    ).exclude(pk__in=_already_alerted(article))
    if audience.exists():
        alert.mailing = _topic_mailing(story, section=section, tags=tags)
        sending.mailing_queue(mailing=alert.mailing, subscriber_ids=audience.iterator())


def alert_push(*, alert_id: int) -> "PushResult | None":
    """The breaking alert's notification, to every browser that opted in."""
    # Imported here: pywebpush brings aiohttp, a quarter of a second at every process start,
    # and only the worker sending an alert needs it.
    from rotative.newsletter import push

    alert = Alert.objects.select_related("article", "live_entry").filter(pk=alert_id).first()
    if alert is None or alert.pushed_at is not None:
        return None
    story = story_of(alert)
    payload = push.notification_payload(
        # The notification names the paper: the browser shows only the site's address.
        title=_("%(paper)s · Alerte info") % {"paper": site_identity().name},
        body=Truncator(story["title"]).chars(PUSH_BODY_LENGTH),
        url=story["url"],
        tag=f"alerte-{alert.pk}",
    )
    result = push.push_send(payload=payload)
    Alert.objects.filter(pk=alert.pk).update(pushed_at=timezone.now())
    logger.info(
        "Alert %s pushed: %d sent, %d gone, %d failed",
        alert.pk,
        result.sent,
        result.gone,
        result.failed,
    )
    return result
