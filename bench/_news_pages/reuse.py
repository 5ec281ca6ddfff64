# ruff: noqa: E501  (SQL lines read better unwrapped)
"""--reuse: what an earlier fill left in the database, and keeping its 24-hour windows current."""

from __future__ import annotations

import datetime as dt
import json


def existing_article_count(db_url):
    import psycopg

    try:
        with psycopg.connect(db_url, connect_timeout=5) as conn:
            count = conn.execute("SELECT count(*) FROM news_articlepage").fetchone()[0]
            meta = None
            try:
                row = conn.execute("SELECT value FROM bench_meta WHERE key = 'fill'").fetchone()
                meta = row[0] if row else None
            except psycopg.Error:
                pass
            return count, meta
    except psycopg.Error:
        return None, None


def fill_meta_save(fill_info: dict) -> None:
    """What the fill did, kept in the database for --reuse."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb)")
        cursor.execute(
            "INSERT INTO bench_meta VALUES ('fill', %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [json.dumps(fill_info)],
        )


def refresh_relative_data(log):
    """On --reuse: keep the 24-hour windows (most read, breaking banner) current."""
    from django.db import connection
    from django.utils import timezone

    from rotative.news.models import ArticlePage, ArticleViewCount

    table = ArticleViewCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{table}" SET hour = hour + (date_trunc(\'hour\', now()) - (SELECT max(hour) FROM "{table}"))'
        )
    latest = (
        ArticlePage.objects.order_by("-first_published_at").values_list("pk", flat=True).first()
    )
    if latest:
        ArticlePage.objects.filter(is_breaking=True).update(is_breaking=False)
        ArticlePage.objects.filter(pk=latest).update(
            is_breaking=True, breaking_until=timezone.now() + dt.timedelta(days=1)
        )
    log("reuse: view counts shifted to the last 48 hours, breaking banner renewed")
