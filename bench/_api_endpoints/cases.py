# ruff: noqa: E501  (log lines read better unwrapped)
"""The endpoints measured, their in-process profile (SQL queries, plain and revalidated), and
the cases the HTTP phases run: each endpoint plain (the app renders it), revalidated
(`If-None-Match` with the ETag of a first answer: 304) and, when Varnish runs, a hit."""

from __future__ import annotations

import json
import time
import traceback
from urllib.parse import urlsplit

from _api_endpoints.http import Conn

API = "/api/v1"
# (key, name) of the endpoints, in the report's order.
ENDPOINTS = [
    ("list", "`GET /articles` (page 1)"),
    ("list_next", "`GET /articles?cursor=…` (page 2)"),
    ("rubrique", "`GET /articles?rubrique=<slug>`"),
    ("detail", "`GET /articles/{id}` (random ids)"),
    ("direct", "`GET /direct`"),
]
MODES = [
    ("app", "uncached"),
    ("revalidate", "revalidated (304)"),
    ("varnish", "Varnish hit"),
]


def endpoint_paths(rng, detail_ids: int) -> dict:
    """Each endpoint's paths (the cursor's is known once the server answers), and the
    article web pages the API is compared with."""
    from wagtail.models import Site

    from rotative.news import selectors
    from rotative.news.models import ArticlePage

    site = Site.objects.get(is_default_site=True)
    prefix = site.root_page.url_path
    slugs = list(selectors.sections(home=site.root_page).values_list("slug", flat=True))
    ids = list(ArticlePage.objects.live().values_list("pk", flat=True))
    chosen = rng.sample(ids, min(len(ids), detail_ids))
    web = [
        "/" + p[len(prefix) :]
        for p in ArticlePage.objects.filter(pk__in=chosen).values_list("url_path", flat=True)
    ]
    return {
        "baseline": ["/robots.txt"],
        "web_article": web,
        "list": [f"{API}/articles"],
        "list_next": [],
        "rubrique": [f"{API}/articles?rubrique={slug}" for slug in slugs],
        "detail": [f"{API}/articles/{pk}" for pk in chosen],
        "direct": [f"{API}/direct"],
    }


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def profile(paths, log) -> dict:
    """One in-process request per endpoint (after a warming one): status, time and SQL
    queries of the plain GET, then of the same GET with its ETag (the 304 path)."""
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for key in ["baseline", "web_article", *(k for k, _ in ENDPOINTS)]:
        if key == "list_next":
            first = json.loads(client.get(paths["list"][0]).content)
            path = path_of(first["next"]) if first.get("next") else None
        else:
            path = paths[key][0] if paths[key] else None
        entry = {"path": path}
        results[key] = entry
        if path is None:
            continue
        try:
            client.get(path)  # warm caches (templates, settings, menu)
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(path)
                entry["ms"] = round((time.perf_counter() - started) * 1000, 1)
            entry["status"] = response.status_code
            entry["bytes"] = len(response.content)
            queries = [(float(q["time"]) * 1000, q["sql"]) for q in ctx.captured_queries]
            entry["queries"] = len(queries)
            entry["sql_ms"] = round(sum(t for t, _ in queries), 1)
            slow = sorted(queries, key=lambda x: -x[0])[:3]
            entry["slowest"] = [{"ms": round(t, 1), "sql": sql[:2000]} for t, sql in slow]
            etag = response.get("ETag")
            if etag:
                with CaptureQueriesContext(connection) as ctx:
                    started = time.perf_counter()
                    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
                    entry["revalidate_ms"] = round((time.perf_counter() - started) * 1000, 1)
                entry["revalidate_status"] = again.status_code
                entry["revalidate_queries"] = len(ctx.captured_queries)
        except Exception:  # noqa: BLE001
            entry["status"] = "exception"
            entry["traceback"] = traceback.format_exc()
        log(
            f"profile {key:<12} {entry.get('status')} {entry.get('ms', '-')} ms, {entry.get('queries', '-')} queries "
            f"({entry.get('sql_ms', '-')} ms SQL); with its ETag: {entry.get('revalidate_status', '-')}, "
            f"{entry.get('revalidate_queries', '-')} queries"
        )
    connections.close_all()
    return results


def prime(paths, port, timeout, log) -> tuple[dict, list]:
    """Over HTTP, on the server: the cursor of page 2 (from page 1's `next`), and the ETag
    of every path the revalidation cases send. Returns (etags, problems)."""
    conn = Conn(port, timeout)
    status, _got, body = conn.get(paths["list"][0])
    if status == 200 and json.loads(body).get("next"):
        paths["list_next"] = [path_of(json.loads(body)["next"])]
    etags, problems = {}, []
    for key, _name in ENDPOINTS:
        for path in paths[key]:
            status, got, _body = conn.get(path)
            if status == 200 and got.get("ETag"):
                etags[path] = got["ETag"]
            else:
                problems.append({"path": path, "status": status, "etag": got.get("ETag")})
    conn.close()
    log(
        f"prime: {len(etags)} ETags, cursor {'found' if paths['list_next'] else 'MISSING'}, {len(problems)} problems"
    )
    return etags, problems


def warm_varnish(paths, port, timeout, log) -> dict:
    """Every path through Varnish once (a miss that fills it), then once more: X-Cache counts."""
    conn = Conn(port, timeout)
    seen = {}
    for _round in (0, 1):
        for key in ["baseline", *(k for k, _ in ENDPOINTS)]:
            for path in paths[key]:
                _status, got, _body = conn.get(path)
                seen[got.get("X-Cache")] = seen.get(got.get("X-Cache"), 0) + 1
    conn.close()
    log(f"varnish warmed: {seen}")
    return seen


def build_cases(paths, etags, app_port, varnish_port) -> list[dict]:
    """The cases of the HTTP phases, in the report's order."""

    def cycle(items):
        return lambda r: r.choice(items)

    def plain(_path):
        return {}

    def conditional(path):
        return {"If-None-Match": etags[path]}

    cases = [
        {
            "key": "baseline",
            "name": "`/robots.txt` (baseline)",
            "endpoint": "baseline",
            "mode": "app",
            "port": app_port,
            "pick": cycle(paths["baseline"]),
            "headers": plain,
            "expect": 200,
        },
        {
            "key": "web_article",
            "name": "Article web page (HTML, for comparison)",
            "endpoint": "web_article",
            "mode": "app",
            "port": app_port,
            "pick": cycle(paths["web_article"]),
            "headers": plain,
            "expect": 200,
        },
    ]
    if varnish_port:
        cases.append(
            {
                "key": "baseline_varnish",
                "name": "`/robots.txt` through Varnish (hit)",
                "endpoint": "baseline",
                "mode": "varnish",
                "port": varnish_port,
                "pick": cycle(paths["baseline"]),
                "headers": plain,
                "expect": 200,
            }
        )
    for key, name in ENDPOINTS:
        if not paths[key]:
            continue
        with_etag = [p for p in paths[key] if p in etags]
        for mode, label in MODES:
            if mode == "varnish" and not varnish_port:
                continue
            if mode == "revalidate" and not with_etag:
                continue
            cases.append(
                {
                    "key": f"{key}_{mode}",
                    "name": f"{name}, {label}",
                    "endpoint": key,
                    "mode": mode,
                    "port": varnish_port if mode == "varnish" else app_port,
                    "pick": cycle(with_etag if mode == "revalidate" else paths[key]),
                    "headers": conditional if mode == "revalidate" else plain,
                    "expect": 304 if mode == "revalidate" else 200,
                }
            )
    return cases
