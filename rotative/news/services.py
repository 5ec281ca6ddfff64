"""Writes of the news: view counting, cache purge after publication, scheduled publishing."""

import logging
import threading
import time
from collections import Counter
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from rotative.news.models import ArticlePage, ArticleViewCount

logger = logging.getLogger(__name__)

# --- page views ---------------------------------------------------------------------------
# Counting runs on every article view, so it buffers in memory and writes one statement per
# flush instead of one per view; a crash loses at most ARTICLE_VIEWS_FLUSH_SECONDS of views.

_buffer: Counter = Counter()
_buffer_lock = threading.Lock()
_last_flush = time.monotonic()


def _hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def article_view_record(*, article_id: int, at: datetime | None = None) -> None:
    global _last_flush
    bucket = _hour(at or timezone.now())
    with _buffer_lock:
        _buffer[(article_id, bucket)] += 1
        due = time.monotonic() - _last_flush >= settings.ARTICLE_VIEWS_FLUSH_SECONDS
    if due:
        article_views_flush()


def article_views_flush() -> int:
    """Add the buffered counts to the database; returns the number of rows touched."""
    global _last_flush
    with _buffer_lock:
        pending = dict(_buffer)
        _buffer.clear()
        _last_flush = time.monotonic()
    if not pending:
        return 0
    existing = set(
        ArticlePage.objects.filter(pk__in={pk for pk, _ in pending}).values_list("pk", flat=True)
    )
    rows = [(pk, hour, n) for (pk, hour), n in pending.items() if pk in existing]
    table = connection.ops.quote_name(ArticleViewCount._meta.db_table)
    # One upsert, the same SQL on SQLite and PostgreSQL: concurrent processes add, never overwrite.
    sql = (
        f"INSERT INTO {table} (article_id, hour, count) VALUES (%s, %s, %s) "  # noqa: S608
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
    """Every public URL whose content changes when this article changes."""
    site_url = settings.SITE_URL

    def public_url(page):
        path = page.get_url() or ""
        return site_url + path if path.startswith("/") else path

    urls = [public_url(article)]
    section = article.get_parent()
    if section is not None:
        urls += [
            public_url(section),
            site_url + "/",  # the home page
            site_url + reverse("news:section_feed", args=[section.slug]),
        ]
    urls += [site_url + reverse("news:tag", args=[tag.slug]) for tag in article.tags.all()]
    urls += [
        site_url + reverse("news:site_feed"),
        site_url + reverse("news:google_news_sitemap"),
    ]
    return [url for url in dict.fromkeys(urls) if url]


def article_purge(*, article: ArticlePage) -> None:
    """Purge the article and every listing that shows it from the front-end caches."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch(article_listing_urls(article))
    if article.is_breaking:
        # The breaking-news banner is on every page: purge the whole site.
        batch.add_url(settings.SITE_URL + "/")
    batch.purge()


# --- scheduled publishing -----------------------------------------------------------------


def publication_schedule(*, at: datetime) -> None:
    """Ask the worker to run Wagtail's scheduled publishing at `at` (no cron needed)."""
    from rotative.news.tasks import publish_scheduled_pages

    transaction.on_commit(lambda: publish_scheduled_pages.using(run_after=at).enqueue())


def purge_schedule(*, article_id: int, at: datetime) -> None:
    from rotative.news.tasks import purge_article

    transaction.on_commit(lambda: purge_article.using(run_after=at).enqueue(article_id))
