# ruff: noqa: E501  (Markdown lines read better unwrapped)
"""The Markdown section of docs/performance.md."""

from __future__ import annotations

from _common.report import fmt_ms
from _news_pages.report import fmt_duration, fmt_ratio


def markdown(results) -> str:
    p = results["params"]
    seq, prof = results["sequential"], results["profile"]
    base = seq["baseline"]
    conc = {run["key"]: run for run in results["concurrency"]}
    base_rps = (conc.get("baseline") or {}).get("rps")
    fill_info = results["fill"]
    t = fill_info.get("timings_s", {})
    varnish = results["varnish"]
    lines = [
        f"Run of {results['date']} on {results['machine']['cpus']} CPU cores, PostgreSQL "
        f"{results['machine']['postgres']}, {fill_info['articles']:,} articles in {fill_info['sections']} sections, "
        f"{results['live_entries']} entries in the site's live feed, one uvicorn process (`{results['command']}`). "
        f"Server environment: {', '.join(p['server_env'])}.",
        "",
        f"Fill: **{fmt_duration(t.get('total'))}**"
        + (" (reused from an earlier run)" if results.get("reused") else "")
        + ".",
        "",
        (
            f"Varnish: {varnish['version']}, the shipped `deploy/varnish/default.vcl`, every path fetched once before the timed phases."
            if varnish.get("running")
            else f"**Varnish not measured**: {varnish.get('reason')}. Only the revalidation (304) is measured as « cached »."
        ),
        "",
        f"Latency: one client, keep-alive, requests interleaved across cases (up to {p['requests']} per case, "
        f"{p['case_budget_s']} s at most each). Throughput: {p['clients']} threads with keep-alive connections, "
        f"{p['duration_s']} s per case; the client runs on the same 2 cores as the server, PostgreSQL and Varnish, so fast "
        "cases are partly bounded by the client. Baseline `/robots.txt` straight to the server: "
        f"p50 {fmt_ms(base['p50_ms'])} ms, p99 {fmt_ms(base['p99_ms'])} ms, {base_rps or 0:,.0f} req/s. "
        "Ratios (× baseline) are the figures to compare between runs; milliseconds are indicative only.",
        "",
        "| Endpoint, how | Requests | p50 ms | p95 ms | p99 ms | p50 × baseline | p95 × baseline | p99 × baseline | Req/s | Req/s ÷ baseline | SQL queries | Errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for case in results["cases"]:
        key = case["key"]
        s = seq.get(key)
        if s is None:
            continue
        run = conc.get(key) or {}
        rps = run.get("rps")
        pr = prof.get(case["endpoint"], {})
        if case["mode"] == "varnish":
            hits = sum(v for k, v in s.get("x_cache", {}).items() if k and k.startswith("hit"))
            queries = f"0 ({hits}/{s['n'] + s['errors']} hits)"
        elif case["mode"] == "revalidate":
            queries = pr.get("revalidate_queries", "—")
        else:
            queries = pr.get("queries", "—")
        errors = s["errors"] + run.get("errors", 0)
        lines.append(
            f"| {case['name']} | {s['n']}{' ⏱' if s.get('time_bounded') else ''} | {fmt_ms(s['p50_ms'])} | {fmt_ms(s['p95_ms'])} | "
            f"{fmt_ms(s['p99_ms'])} | {fmt_ratio(s['p50_ms'], base['p50_ms'])} | {fmt_ratio(s['p95_ms'], base['p95_ms'])} | {fmt_ratio(s['p99_ms'], base['p99_ms'])} | "
            f"{f'{rps:,.0f}' if rps else '—'} | {f'{rps / base_rps:.2f}' if rps and base_rps else '—'} | {queries} | {errors} |"
        )
    lines.append("")
    lines.append(
        "⏱: stopped by the per-case time budget. SQL queries: one in-process request (Django test client) "
        "after a warming one; for a revalidation, the same GET with the ETag the first answer carried."
    )
    if results.get("failures"):
        lines.append("")
        lines.append("Failures:")
        for f in results["failures"][:8]:
            lines.append(f"- `{f['path']}`: {f['status']}")
        for message, count in (results.get("server_errors") or {}).items():
            lines.append(f"- server log, {count}×: `{message}`")
    return "\n".join(lines)


DOC_INTRO = """## L'API de l'application

`bench/api_endpoints.py` measures the read endpoints of the mobile app's API (Django Ninja,
`/api/v1/`) on PostgreSQL with an archive: it fills a dedicated database
(`rotative_bench_api`, dropped and recreated) with 20,000 articles by the news bench's bulk
fill (`bench/_news_pages/`) and 150 entries of the site's live feed, starts the real server
(`manage.py serve --no-demo --no-worker`, uvicorn, one process, `rotative.settings.base`)
and measures the list of articles (page 1, page 2 by its cursor, one section), an article by
its id and the live feed, each three ways:

- **uncached**: a plain GET, the application renders it;
- **revalidated**: the same GET with `If-None-Match` and the ETag of a first answer: a 304
  without body. For the articles the ETag is a hash of the rendered body
  (`rotative/api/middleware.py`), so the server still does all the work; only the live feed
  answers its 304 before reading its entries;
- **Varnish hit**: through Debian's varnishd with the shipped `deploy/varnish/default.vcl`
  (skipped, and said so, when varnishd is absent: `scripts/ensure-varnish.sh`).

Latency (p50/p95/p99, one client) and throughput (16 clients), all against `/robots.txt`
in the same run; the SQL queries of each endpoint come from one in-process request. The
article web page is measured beside them for comparison. The API's per-address rate limit
is raised for the run (`API_RATE_LIMIT_ANONYMOUS`): every request comes from 127.0.0.1.
Raw results: `bench/results/api_endpoints.json` (git-ignored).

Run it with:

    make bench-api
    # or
    .venv/bin/python bench/api_endpoints.py --reuse     # keeps an already filled database
    .venv/bin/python bench/api_endpoints.py --smoke     # 1,000 articles, short runs, writes no doc

### Latest results

"""
