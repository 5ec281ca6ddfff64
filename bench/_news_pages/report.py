# ruff: noqa: E501  (Markdown lines read better unwrapped)
"""The Markdown section of docs/performance.md."""

from __future__ import annotations

from _common.report import fmt_ms


def fmt_ratio(x, base):
    if x is None or not base:
        return "—"
    return f"{x / base:.1f}×"


def fmt_duration(seconds):
    if seconds is None:
        return "—"
    m, s = divmod(int(round(seconds)), 60)
    return f"{m} min {s:02d} s" if m else f"{s} s"


def markdown(results):
    lines = [*fill_lines(results), *latency_lines(results), *throughput_lines(results)]
    if results.get("failures"):
        lines.append("")
        lines.append("Failures:")
        for f in results["failures"][:8]:
            lines.append(f"- `{f['path']}`: {f['status']}")
        for message, count in (results.get("server_errors") or {}).items():
            lines.append(f"- server log, {count}×: `{message}`")
    return "\n".join(lines)


def fill_lines(results) -> list[str]:
    """The run and how the database was filled."""
    fill_info = results["fill"]
    t = fill_info.get("timings_s", {})
    lines = []
    lines.append(
        f"Run of {results['date']} on {results['machine']['cpus']} CPU cores, PostgreSQL "
        f"{results['machine']['postgres']}, {fill_info['articles']:,} articles in "
        f"{fill_info['sections']} sections, one uvicorn process "
        f"(`{results['command']}`)."
        + (
            f" Server environment: {', '.join(results['params']['server_env'])}."
            if results["params"].get("server_env")
            else ""
        )
    )
    lines.append("")
    fill_total = t.get("total")
    lines.append(
        f"Fill: **{fmt_duration(fill_total)}** in all"
        + (" (reused from an earlier run)" if results.get("reused") else "")
        + f": migrate {fmt_duration(t.get('migrate'))}, pages {fmt_duration(t.get('pages'))}, "
        f"search index {fmt_duration(t.get('index'))}, VACUUM ANALYZE {fmt_duration(t.get('vacuum_analyze'))}."
        + (
            ""
            if fill_info.get("index_verification", {}).get("ok", True)
            else " **Warning: bulk index rows differ from what the backend writes (see JSON).**"
        )
    )
    return lines


def latency_lines(results) -> list[str]:
    """Sequential latency per page against the baseline, with the in-process profile."""
    seq = results["sequential"]
    base = seq["baseline"]
    lines = []
    lines.append("")
    lines.append(
        f"Latency, one client, keep-alive, requests interleaved across cases "
        f"(up to {results['params']['requests']} per case, {results['params']['case_budget_s']} s at most each). "
        f"Baseline `/robots.txt`: median {fmt_ms(base['median_ms'])} ms, p95 {fmt_ms(base['p95_ms'])} ms. "
        "Ratios are the figures to compare between runs; milliseconds are indicative only."
    )
    lines.append("")
    lines.append(
        "| Page | Requests | Median (× baseline) | p95 (× baseline) | Median ms | p95 ms | SQL queries | Slowest query ms | Errors |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for case in results["cases"]:
        key = case["key"]
        s = seq[key]
        prof = results["profile"].get(key, {})
        name = case["name"]
        if prof.get("matches") is not None:
            more = "more than " if prof.get("more_than") else ""
            name += f" ({more}{prof['matches']:,} matches)"
        slowest = prof.get("slowest") or []
        lines.append(
            f"| {name} | {s['n']}{' ⏱' if s.get('time_bounded') else ''} | {fmt_ratio(s['median_ms'], base['median_ms'])} | "
            f"{fmt_ratio(s['p95_ms'], base['p95_ms'])} | {fmt_ms(s['median_ms'])} | {fmt_ms(s['p95_ms'])} | "
            f"{prof.get('queries', '—')} | {fmt_ms(slowest[0]['ms']) if slowest else '—'} | {s['errors']} |"
        )
    lines.append("")
    lines.append("⏱: stopped by the per-case time budget before the request count.")
    return lines


def throughput_lines(results) -> list[str]:
    """Requests per second under concurrency, against the baseline's."""
    lines = []
    lines.append("")
    lines.append(
        f"Throughput under concurrency: threads with keep-alive connections, "
        f"{results['params']['duration_s']} s per run; the client runs on the same 2 cores as "
        "the server and PostgreSQL, so the baseline figure is partly bounded by the client."
    )
    lines.append("")
    lines.append(
        "| Page | Clients | Req/s | Req/s ÷ baseline req/s | Median ms | p95 ms | Errors "
        "| Peak DB connections |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    names = {c["key"]: c["name"] for c in results["cases"]}
    for run in results["concurrency"]:
        b = next(
            (
                r
                for r in results["concurrency"]
                if r["key"] == "baseline" and r["clients"] == run["clients"]
            ),
            None,
        )
        ratio = f"{run['rps'] / b['rps']:.3f}" if b and b["rps"] else "—"
        lines.append(
            f"| {names[run['key']]} | {run['clients']} | {run['rps']:.1f} | "
            f"{ratio} | {fmt_ms(run['median_ms'])} | "
            f"{fmt_ms(run['p95_ms'])} | {run['errors']} | {run.get('peak_db_connections', '—')} |"
        )
    return lines


# Added after the "# Performance" title when docs/performance.md has no news_pages block.
DOC_INTRO = """`bench/news_pages.py` measures the public pages of the site with a large archive on
PostgreSQL. It creates a dedicated database (`rotative_bench`, dropped and recreated),
migrates it and fills it in bulk with 100,000 articles spread over 8 sections (French-like
text: a chapô of about 40 words, a StreamField body of 6 paragraphs and 2 intertitles, about
400 words; publication dates over the last 2 years; a few tags each; the search index rows
written the way Wagtail's PostgreSQL backend writes them). It then starts the real server
(`manage.py serve --no-demo --no-worker`, uvicorn, one process) and measures:

- latency (median and p95) of the home page, a section page (page 1 and a deep page), random
  articles and searches for a few French words, one client with keep-alive;
- requests per second with 8 and 32 concurrent clients;
- a baseline in the same run: `/robots.txt`, a trivial view. The machine is a shared
  2-core virtual machine where absolute times are noisy, so results are read as ratios
  against this baseline.

Each page is also rendered once in-process to count its SQL queries and time the slowest
one; the raw results (with `EXPLAIN ANALYZE` of slow queries) go to
`bench/results/news_pages.json` (git-ignored).

Run it with:

    make bench
    # or
    .venv/bin/python bench/news_pages.py               # --reuse keeps an already filled database
    .venv/bin/python bench/news_pages.py --smoke        # 2,000 articles, short runs, writes no doc

PostgreSQL must be reachable (`--database-url`, default
`postgres://postgres@127.0.0.1:5432/rotative_bench`).

## Latest results

"""
