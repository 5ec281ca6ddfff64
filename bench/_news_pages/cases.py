# ruff: noqa: E501  (log lines read better unwrapped)
"""The pages measured (cases: a name, a key, a random path picker) and their in-process
profile: SQL queries, the slowest one and its plan."""

from __future__ import annotations

import html
import re
import time
import traceback
from urllib.parse import quote

SECTION_PAGE_SIZE = 20  # rotative.news.models.pages.SECTION_PAGE_SIZE, checked at runtime


def build_cases(args, rng):
    from wagtail.models import Site

    from rotative.news import models as news_models
    from rotative.news.models import ArticlePage, SectionPage

    page_size = getattr(news_models.pages, "SECTION_PAGE_SIZE", SECTION_PAGE_SIZE)
    site = Site.objects.get(is_default_site=True)
    prefix = site.root_page.url_path
    sections = list(SectionPage.objects.live().child_of(site.root_page).order_by("nav_order"))
    counts = {s.pk: s.numchild for s in sections}
    section_paths = ["/" + s.url_path[len(prefix) :] for s in sections]
    min_pages = max(1, min(counts.values()) // page_size) if counts else 1
    deep = min(args.deep_page, min_pages)
    ids = list(ArticlePage.objects.values_list("pk", flat=True))
    chosen = rng.sample(ids, min(len(ids), 3000))
    article_paths = [
        "/" + p[len(prefix) :]
        for p in ArticlePage.objects.filter(pk__in=chosen).values_list("url_path", flat=True)
    ]
    queries = [q.strip() for q in args.search.split(",") if q.strip()]

    def cycle(items):
        return lambda r: r.choice(items)

    cases = [
        {"name": "robots.txt (baseline)", "key": "baseline", "pick": cycle(["/robots.txt"])},
        {"name": "Home page", "key": "home", "pick": cycle(["/"])},
        {"name": "Section, page 1", "key": "section", "pick": cycle(section_paths)},
        {
            "name": f"Section, page {deep}",
            "key": "section_deep",
            "pick": cycle([f"{p}?page={deep}" for p in section_paths]),
        },
        {"name": "Article", "key": "article", "pick": cycle(article_paths)},
    ]
    for i, q in enumerate(queries):
        cases.append(
            {
                "name": f"Search « {q} »",
                "key": f"search_{i}",
                "query": q,
                "pick": cycle([f"/recherche/?q={quote(q)}"]),
            }
        )
    return cases, {
        "deep_page": deep,
        "section_page_size": page_size,
        "min_section_articles": min(counts.values()),
    }


def profile_cases(cases, rng, explain_ms, log):
    """One in-process request per case: SQL query count and time, slowest query, its plan."""
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for case in cases:
        path = case["pick"](rng)
        entry = {"path": path}
        try:
            client.get(path)  # warm caches (templates, settings, menu)
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(path)
                entry["ms"] = round((time.perf_counter() - started) * 1000, 1)
            entry["status"] = response.status_code
            if "search" in case["key"] and response.status_code == 200:
                m = re.search(rb'class="search-count"[^>]*>([^<]*)', response.content)
                text = html.unescape(m.group(1).decode()) if m else ""
                # « Plus de 500 articles… »: the search counts no further than it ranks.
                entry["more_than"] = text.strip().startswith("Plus de")
                n = re.match(r"\s*(?:Plus de\s*)?(\d[\d\s\u202f\xa0]*)", text)
                entry["matches"] = (
                    int(re.sub(r"\D", "", n.group(1))) if n else (0 if "Aucun" in text else None)
                )
            queries = [(float(q["time"]) * 1000, q["sql"]) for q in ctx.captured_queries]
            entry["queries"] = len(queries)
            entry["sql_ms"] = round(sum(t for t, _ in queries), 1)
            slow = sorted(queries, key=lambda x: -x[0])[:3]
            entry["slowest"] = [{"ms": round(t, 1), "sql": sql[:2000]} for t, sql in slow]
            if slow and slow[0][0] >= explain_ms:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slow[0][1])
                    entry["explain"] = "\n".join(r[0] for r in cursor.fetchall())
        except Exception:  # noqa: BLE001
            entry["status"] = "exception"
            entry["traceback"] = traceback.format_exc()
        results[case["key"]] = entry
        log(
            f"profile {case['key']:<13} {entry.get('status')} {entry.get('ms', '-')} ms, "
            f"{entry.get('queries', '-')} queries ({entry.get('sql_ms', '-')} ms SQL)"
            + (
                f", {'> ' if entry.get('more_than') else ''}{entry['matches']} matches"
                if entry.get("matches") is not None
                else ""
            )
        )
    connections.close_all()
    return results
