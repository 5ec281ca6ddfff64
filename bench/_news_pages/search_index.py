# ruff: noqa: E501  (SQL and log lines read better unwrapped)
"""The search index rows of the bulk-written articles, written in SQL the way Wagtail's
PostgreSQL backend writes them, and checked against the backend itself on a sample."""

from __future__ import annotations

import os
import threading
import time


def bulk_index(db_url, article_ct, article_ids, timings, log) -> dict:
    """Index rows from bench_index_staging (GIN indexes rebuilt once at the end), title norms,
    then a check against the backend. Adds index_vectors, index_gin and index to `timings`."""
    from wagtail.search.backends import get_search_backend

    from rotative.news.models import ArticlePage

    t0 = time.monotonic()
    backend = get_search_backend()
    sample = ArticlePage.objects.get(pk=article_ids[0])
    _indexer, layout = index_structure(backend, sample)
    # Field order matters within each vector (positions), not between vectors.
    expected = {"title": ["title"], "autocomplete": ["title"], "body": ["chapo", "body"]}
    found = {kind: [name for k, name, _w in layout if k == kind] for kind in expected}
    if found != expected or len(layout) != 4:
        raise SystemExit(
            f"ArticlePage search fields changed ({layout}); update bench/_news_pages/search_index.py."
        )
    weights = {(kind, name): w for kind, name, w in layout}
    config = backend.config or "simple"
    params = {
        "ct": article_ct,
        "cfg": config,
        "ac": backend.autocomplete_config,
        "wt": weights[("title", "title")],
        "wa": weights[("autocomplete", "title")],
        "wc": weights[("body", "chapo")],
        "wb": weights[("body", "body")],
    }
    gin_indexes = gin_indexes_drop()
    insert_parallel(db_url, params)
    timings["index_vectors"] = time.monotonic() - t0
    t1 = time.monotonic()
    gin_indexes_create(gin_indexes)
    timings["index_gin"] = time.monotonic() - t1
    # Title norms as a full rebuild leaves them; then check our rows against the backend.
    index = backend.get_index_for_model(ArticlePage)
    index._refresh_title_norms(full=True)
    verification = verify_index(
        backend, ArticlePage, [article_ids[0], article_ids[len(article_ids) // 2], article_ids[-1]]
    )
    timings["index"] = time.monotonic() - t0
    log(
        f"search index: {timings['index']:.1f} s, verified against the backend: {verification['ok']}"
    )
    return {"verification": verification, "config": config}


INSERT_SQL = """
    INSERT INTO "{index_table}"
        (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
    SELECT %(ct)s, object_id::text,
           setweight(to_tsvector(%(cfg)s::regconfig, title), %(wt)s),
           setweight(to_tsvector(%(ac)s::regconfig, title), %(wa)s),
           setweight(to_tsvector(%(cfg)s::regconfig, chapo), %(wc)s)
             || setweight(to_tsvector(%(cfg)s::regconfig, body), %(wb)s),
           1.0, title, chapo || ' ' || body
    FROM bench_index_staging WHERE object_id %% %(n)s = %(k)s
    ON CONFLICT (content_type_id, object_id) DO NOTHING
"""


def insert_parallel(db_url, params) -> None:
    """The index rows, computed by PostgreSQL on up to 2 connections at once."""
    insert_sql = INSERT_SQL.replace("{index_table}", _index_entry_model()._meta.db_table)
    workers = max(1, min(2, os.cpu_count() or 1))
    errors = []

    def index_part(k):
        import psycopg

        try:
            with psycopg.connect(db_url) as conn:
                conn.execute(insert_sql, {**params, "n": workers, "k": k})
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=index_part, args=(k,)) for k in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def gin_indexes_drop() -> list:
    """Building the GIN indexes once at the end is much cheaper than maintaining them per row."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexdef ILIKE '%%USING gin%%'",
            [_index_entry_model()._meta.db_table],
        )
        gin_indexes = cursor.fetchall()
        for name, _def in gin_indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    return gin_indexes


def gin_indexes_create(gin_indexes) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for _name, definition in gin_indexes:
            cursor.execute(definition)
        cursor.execute("DROP TABLE bench_index_staging")


def index_structure(backend, sample):
    """What the PostgreSQL backend puts in title/autocomplete/body for an ArticlePage, in order."""
    from modelsearch.backends.database.postgres.postgres import ObjectIndexer
    from modelsearch.index import AutocompleteField, SearchField

    indexer = ObjectIndexer(sample, backend)
    layout = []
    for field in indexer.search_fields:
        for current, weight, _value in indexer.prepare_field(sample, field):
            if isinstance(current, SearchField):
                layout.append(
                    (
                        "title" if current.field_name == "title" else "body",
                        current.field_name,
                        weight,
                    )
                )
            elif isinstance(current, AutocompleteField):
                layout.append(("autocomplete", current.field_name, weight))
    return indexer, layout


def _index_entry_model():
    from modelsearch.conf import get_app_config

    return get_app_config().get_model("IndexEntry")


def verify_index(backend, model, pks):
    """Re-index a few articles through the real backend and compare with our bulk rows."""
    from django.db import connection

    table = _index_entry_model()._meta.db_table
    sql = (
        f'SELECT object_id, title::text, autocomplete::text, body::text, title_text, body_text FROM "{table}" '
        "WHERE object_id = ANY(%s) ORDER BY object_id"
    )
    keys = [str(pk) for pk in pks]
    with connection.cursor() as cursor:
        cursor.execute(sql, [keys])
        ours = cursor.fetchall()
    objs = list(model.objects.filter(pk__in=pks))
    backend.get_index_for_model(model).add_items(model, objs)
    with connection.cursor() as cursor:
        cursor.execute(sql, [keys])
        theirs = cursor.fetchall()
    diffs = []
    for a, b in zip(ours, theirs, strict=False):
        for name, x, y in zip(
            ["object_id", "title", "autocomplete", "body", "title_text", "body_text"],
            a,
            b,
            strict=True,
        ):
            if x != y:
                diffs.append(
                    {
                        "object_id": a[0],
                        "column": name,
                        "bulk": str(x)[:300],
                        "backend": str(y)[:300],
                    }
                )
    ok = len(ours) == len(theirs) == len(pks) and not diffs
    return {"ok": ok, "checked": keys, "diffs": diffs[:6]}
