"""Writes of the news: publishing in bulk, view counting, cache purge, scheduled publishing."""

import logging
import threading
import time
from collections import Counter
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.signals import page_published

from rotative.core.indexing import index_updates_deferred
from rotative.core.utils import MAX_ID
from rotative.news.models import ArticlePage, ArticleViewCount, SectionPage

logger = logging.getLogger(__name__)

# --- publishing ---------------------------------------------------------------------------


@transaction.atomic(savepoint=False)  # all or nothing with the caller's transaction
def article_publish_new(
    *, section: SectionPage, article: ArticlePage, user=None, log_action: bool = True
) -> ArticlePage:
    """Add a new article to `section`, published now, for bulk sources such as the wire.

    The outcome of Wagtail's `add_child()` then `save_revision().publish()`: the page live,
    its one revision both latest and live, "create" and "publish" in its history,
    `page_published` sent, its reference index written and its search entry queued once after
    the commit. A new page has no previous revision, workflow, alias, comment or view
    restriction for Wagtail's publish action to reconcile, so it is written in one insert
    (page and article rows), one revision, one update that points the page at it, and one
    insert of both history entries: about a quarter of the statements of the three saves.
    A slug already taken among the section's children becomes slug-2, slug-3… (Wagtail's
    validation would refuse it; a bulk source cannot ask anyone).
    """
    from wagtail.models import Page

    from rotative.core.indexing import reference_index_now
    from rotative.news import page_writes

    now = timezone.now()
    _published_now(article, section=section, at=now)
    with index_updates_deferred():
        page_writes.child_insert(parent=section, page=article)
        revision = page_writes.first_revision(page=article, user=user, at=now)
        Page.objects.filter(pk=article.pk).update(
            live_revision=revision, latest_revision=revision, latest_revision_created_at=now
        )
        article.live_revision = article.latest_revision = revision
        article.latest_revision_created_at = now
        # The page as saved, its relations in memory: no query to read them back.
        reference_index_now(article)
    page_writes.history_log(page=article, revision=revision, user=user, publish=log_action)
    page_published.send(sender=type(article), instance=article, revision=revision)
    return article


@transaction.atomic(savepoint=False)  # all or nothing with the caller's transaction
def articles_publish_new(
    *, section: SectionPage, articles: list[ArticlePage], user=None, log_action: bool = True
) -> list[ArticlePage]:
    """`article_publish_new` for several new articles of one section, in this order: the same
    rows, revisions, history, reference index and `page_published` for each, written in about
    twelve statements whatever their number (page_writes.children_insert and the rest), where
    each article alone costs about fifteen. For a bulk source's batch (the wire's)."""
    from rotative.core.indexing import reference_index_new
    from rotative.news import page_writes

    now = timezone.now()
    for article in articles:
        _published_now(article, section=section, at=now)
        article.breaking_until_settle()  # ArticlePage.save()'s, which a bulk insert skips
    with index_updates_deferred():
        page_writes.children_insert(parent=section, pages=articles)
        revisions = page_writes.first_revisions(pages=articles, user=user, at=now)
        page_writes.revisions_point(pages=articles, revisions=revisions, at=now)
        reference_index_new(articles)
    page_writes.histories_log(pages=articles, revisions=revisions, user=user, publish=log_action)
    for article, revision in zip(articles, revisions, strict=True):
        page_published.send(sender=type(article), instance=article, revision=revision)
    return articles


def _published_now(article: ArticlePage, *, section: SectionPage, at: datetime) -> None:
    """The fields of a new article published at `at`, before it is written."""
    article.locale_id = section.locale_id  # spares Wagtail looking it up
    article.live = True
    article.has_unpublished_changes = False
    article.first_published_at = article.last_published_at = at
    article.draft_title = article.title


# --- page views ---------------------------------------------------------------------------
# Counting runs on every article view, so it buffers in memory and writes one statement per
# flush instead of one per view; a crash loses at most ARTICLE_VIEWS_FLUSH_SECONDS of views.

_buffer: Counter = Counter()
_buffer_lock = threading.Lock()
_last_flush = time.monotonic()


def _hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _valid_id(article_id) -> bool:
    return type(article_id) is int and 0 < article_id <= MAX_ID


def article_view_record(*, article_id: int, at: datetime | None = None) -> None:
    global _last_flush
    if not _valid_id(article_id):
        # Never buffered: one impossible id would fail the flush of everyone's views.
        logger.warning("Page view of an impossible article id ignored: %r", article_id)
        return
    bucket = _hour(at or timezone.now())
    with _buffer_lock:
        _buffer[(article_id, bucket)] += 1
        due = time.monotonic() - _last_flush >= settings.ARTICLE_VIEWS_FLUSH_SECONDS
    if due:
        try:
            article_views_flush()
        except Exception:  # kept in the buffer for the next flush; the reader is not told
            logger.exception("Buffered page views could not be written; kept for later")


def article_views_flush() -> int:
    """Add the buffered counts to the database; returns the number of rows touched.

    Counts of ids that cannot be articles are dropped; if the write fails, the counts go back
    into the buffer (added to what came meanwhile) and the error is raised."""
    global _last_flush
    with _buffer_lock:
        pending = dict(_buffer)
        _buffer.clear()
        _last_flush = time.monotonic()
    pending = {key: n for key, n in pending.items() if _valid_id(key[0])}
    if not pending:
        return 0
    try:
        return _write_view_counts(pending)
    except Exception:
        with _buffer_lock:
            _buffer.update(pending)  # Counter.update adds
        raise


def _write_view_counts(pending: dict) -> int:
    existing = set(
        ArticlePage.objects.filter(pk__in={pk for pk, _ in pending}).values_list("pk", flat=True)
    )
    rows = [(pk, hour, n) for (pk, hour), n in pending.items() if pk in existing]
    if not rows:
        return 0
    table = connection.ops.quote_name(ArticleViewCount._meta.db_table)
    # One upsert, the same SQL on SQLite and PostgreSQL: concurrent processes add, never overwrite.
    sql = (
        f"INSERT INTO {table} (article_id, hour, count) VALUES (%s, %s, %s) "  # noqa: S608 (our quoted table)
        f"ON CONFLICT (article_id, hour) DO UPDATE SET count = {table}.count + excluded.count"
    )
    params = [(pk, connection.ops.adapt_datetimefield_value(hour), n) for pk, hour, n in rows]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(rows)


def article_views_flush_quietly() -> None:
    try:
        article_views_flush()
    except Exception:  # the database may already be gone at interpreter exit
        logger.warning("Could not write the buffered page views", exc_info=True)


# --- cache purge --------------------------------------------------------------------------


def article_listing_urls(article: ArticlePage) -> list[str]:
    """Every public URL whose content changes when this article changes: the pages that show
    it (itself, its section, the home page, its tags, the feeds, the news sitemap), and the
    banner fragment, which may name it. Never every page: the banner is the only part of
    every page that an article changes, and it is a fragment of its own."""
    from rotative.core import front_cache

    site_url = settings.SITE_URL
    urls = front_cache.page_urls(article)
    section = article.get_parent()
    if section is not None:
        urls += [
            *front_cache.page_urls(section),
            site_url + "/",  # the home page
            site_url + reverse("news:section_feed", args=[section.slug]),
        ]
    urls += [site_url + reverse("news:tag", args=[tag.slug]) for tag in article.tags.all()]
    urls += [
        site_url + reverse("news:site_feed"),
        site_url + reverse("news:google_news_sitemap"),
        front_cache.public_url(front_cache.BANNER_PATH),
    ]
    return list(dict.fromkeys(urls))


def article_purge(*, article: ArticlePage) -> None:
    """Purge, after commit, the article and the pages that show it from the front cache."""
    from rotative.core import front_cache

    if front_cache.enabled():
        front_cache.purge_after_commit(article_listing_urls(article))


def banner_purge() -> None:
    """The banner on every page has changed (an En direct alert posted, edited, deleted or
    expired): purge its fragment."""
    from rotative.core import front_cache

    front_cache.banner_purge()


# --- scheduled publishing -----------------------------------------------------------------


def publication_schedule(*, at: datetime) -> None:
    """Ask the worker to run Wagtail's scheduled publishing at `at` (no cron needed)."""
    from rotative.news.tasks import publish_scheduled_pages

    _enqueue_at(publish_scheduled_pages, at)


def purge_schedule(*, article_id: int, at: datetime) -> None:
    from rotative.news.tasks import purge_article

    _enqueue_at(purge_article, at, article_id)


def banner_purge_schedule(*, at: datetime) -> None:
    from rotative.news.tasks import purge_banner

    _enqueue_at(purge_banner, at)


def _enqueue_at(task, at: datetime, *args) -> None:
    """Queue `task` for `at`, after the commit. A backend that cannot defer (the tests'
    immediate one) has no worker to wake later: `serve` runs the catch-up at start instead."""
    if not task.get_backend().supports_defer:
        logger.info("Tasks backend cannot defer %s to %s: left to the catch-up", task.name, at)
        return
    transaction.on_commit(lambda: task.using(run_after=at).enqueue(*args))
