# ruff: noqa: E501  (Markdown lines read better unwrapped)
"""The Markdown section of docs/performance.md."""

from __future__ import annotations

from _common.report import num

from _wire_ingest.text import RECURRING_HEADLINES

TARGET_ITEMS_PER_S = 100.0  # from the issue: at least 100 items/s to published articles


def pct_text(x):
    return "—" if x is None else f"{x:.0%}"


def mib(kib):
    return f"{kib / 1024:,.0f} MiB" if kib else "—"


def markdown(r):
    e2e = r["end_to_end"]
    reached = r["target"]["reached"]
    lines = [*summary_lines(r), *delivery_lines(r), *run_lines(r), *memory_lines(r), *sql_lines(r)]
    lines.append("")
    lines.append(
        f"Target from the issue, at least {TARGET_ITEMS_PER_S:.0f} items/s to published articles: "
        + (
            f"**reached** ({num(e2e['items_per_s'])} items/s)."
            if reached
            else f"**not reached** ({num(e2e['items_per_s'])} items/s, "
            f"{num(r['target']['shortfall_factor'], 1)}× too slow)."
        )
    )
    return "\n".join(lines)


def summary_lines(r) -> list[str]:
    """The run, the headline table and what was delivered."""
    e2e, base, counts = r["end_to_end"], r["parse_only"], r["counts"]
    reached = r["target"]["reached"]
    lines = []
    lines.append(
        f"Run of {r['date']} on {r['machine']['cpus']} CPU cores (Python {r['machine']['python']}, "
        f"PostgreSQL {r['machine']['postgres']}), database `{r['params']['database']}`: "
        f"`{r['command']}`."
    )
    lines.append("")
    lines.append(
        "| N items | Files | Parse only, items/s | End to end, items/s | Ratio | Peak RSS | SQL statements per item (whole run) | Target ≥ 100 items/s |"
    )
    lines.append("|---:|---:|---:|---:|---:|---:|---:|---|")
    lines.append(
        f"| {r['params']['items']:,} | {r['files']['total']:,} | {num(base['items_per_s'])} | "
        f"{num(e2e['items_per_s'])} | {num(r['ratio'], 3)} | {mib(e2e['rss_kib']['peak_after'])} | "
        f"{num(e2e.get('queries_all_per_item') or (e2e['latency'].get('item') or {}).get('queries_per_file'))} | "
        f"{'**reached**' if reached else '**not reached**'} |"
    )
    lines.append("")
    files = r["files"]
    lines.append(
        f"Deliveries: {files['item']:,} new items, {files['update']:,} updates (version 2 of an "
        f"earlier guid), {files['malformed']:,} malformed files. End to end took "
        f"{num(e2e['seconds'])} s"
        + (" **(stopped by the time budget)**" if e2e["stopped_by_budget"] else "")
        + f" for {e2e['files_processed']:,} files: {counts['articles_live']:,} live articles, "
        f"{counts['updates_published']:,} updates republished, {counts['quarantined_files']:,} files "
        f"quarantined, {counts['dispatches']:,} dispatches "
        f"({', '.join(f'{k} {v:,}' for k, v in counts['dispatches_by_status'].items())}). "
        f"Items/s counts items stored and applied (new + updates) over the whole run's wall time, "
        f"quarantine included; parse only reads and parses the same files in the same order."
    )
    return lines


def delivery_lines(r) -> list[str]:
    """Per kind of delivery: latency, SQL and inline tasks; where the time goes."""
    e2e, base = r["end_to_end"], r["parse_only"]
    lines = []
    lines.append("")
    lines.append(
        "| Per delivery | Parse only, median ms | End to end, median ms | p95 ms | max ms "
        "| SQL statements | SQL ms (share) | Inline tasks | Task ms (share) |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind, label in (
        ("item", "new item → article"),
        ("update", "update → new revision"),
        ("malformed", "malformed → quarantine"),
    ):
        b = base["latency"].get(kind, {})
        e = e2e["latency"].get(kind, {})
        sql_share, task_share = e.get("sql_share"), e.get("task_share")
        lines.append(
            f"| {label} | {num(b.get('median_ms'), 2)} | {num(e.get('median_ms'))} | {num(e.get('p95_ms'))} | "
            f"{num(e.get('max_ms'))} | {num(e.get('queries_per_file'))} | "
            f"{num(e.get('sql_ms_per_file'))}{f' ({sql_share:.0%})' if sql_share is not None else ''} | "
            f"{num(e.get('tasks_per_file'))} | "
            f"{num(e.get('task_ms_per_file'))}{f' ({task_share:.0%})' if task_share is not None else ''} |"
        )
    lines.append("")
    lines.append(
        f"Over the whole end-to-end run, {pct_text(e2e.get('sql_share'))} of the wall time is spent "
        f"in SQL statements (time around each cursor execute, round trip included) and "
        f"{pct_text(e2e.get('inline_task_share'))} in tasks run inline (search index and reference "
        "index updates; their SQL is counted in both). Inline tasks per delivery: "
        + ", ".join(
            f"`{path.rsplit('.', 1)[-1]}` {t['per_delivery']} ({num(t['ms_per_delivery'])} ms)"
            for path, t in (e2e.get("tasks") or {}).items()
        )
        + "."
    )
    item = e2e["latency"].get("item", {})
    if item.get("in_runs"):
        lines.append("")
        lines.append(
            f"{item['in_runs']:,} of {item.get('n', 0):,} new items were written with the other "
            f"new stories of their batch (runs of {num(item['mean_run'])} on average, "
            "`wire.services.batch`): their figures are their run's, shared equally among its "
            "deliveries."
        )
    ahead = e2e.get("read_ahead") or {}
    if ahead.get("batches"):
        lines.append(
            f"Before its files are taken in, each batch is read ahead (read, hashed, parsed, then "
            f"which files and stories are known, in {num(ahead['queries_per_batch'])} statements "
            f"a batch): {num(ahead['ms_per_file'], 2)} ms per file, not in the table above."
        )
    return lines


def run_lines(r) -> list[str]:
    """How the run went: throughput by tenth, recurring headlines, re-poll, ANALYZE, load."""
    e2e = r["end_to_end"]
    lines = []
    lines.append("")
    tenths = e2e.get("files_per_s_by_tenth") or []
    if tenths:
        lines.append(
            "Files per second by tenth of the run: "
            + ", ".join(num(x, 0) for x in tenths)
            + (
                f" (the last tenth runs at {tenths[-1] / tenths[0]:.0%} of the first)."
                if tenths[0] and tenths[-1]
                else "."
            )
        )
    recurring = e2e.get("latency_recurring_headline")
    if recurring and recurring.get("n"):
        item = e2e["latency"].get("item", {})
        lines.append("")
        lines.append(
            f"New items whose headline recurs (weather, stock market: {recurring['n']:,} items over "
            f"{len(RECURRING_HEADLINES)} headlines): median {num(recurring['median_ms'])} ms, "
            f"max {num(recurring['max_ms'])} ms, {num(recurring['queries_per_file'])} SQL statements "
            f"on average against {num(item.get('queries_per_file'))} for all new items"
            + (
                ": the slug is found by trying `-2`, `-3`… with one query each."
                if (recurring["queries_per_file"] or 0) > (item.get("queries_per_file") or 0) + 2
                else "."
            )
        )
    again = r.get("repoll")
    if again:
        lines.append("")
        lines.append(
            f"Polling the same folder again (every file already received, as happens every "
            f"`poll_minutes` while delivered files stay in the drop folder): {num(again['seconds'])} s "
            f"for {again['files']:,} files, {again['queries']:,} SQL statements, "
            f"{again['duplicates']:,} duplicates, {again['items']} new items"
            + (
                f"; the {again['quarantined_again']:,} malformed files are parsed, reported and "
                "logged as quarantined again."
                if again["quarantined_again"]
                else ", malformed files skipped as already received."
            )
        )
    analyze = e2e.get("autoanalyze") or {}
    if analyze.get("autovacuum_off"):
        lines.append("")
        lines.append(
            "Autovacuum is off on this PostgreSQL server: as a production server's autovacuum "
            f"would, the bench ran ANALYZE every {analyze['every_s']:.0f} s during the "
            f"end-to-end run ({analyze['runs']} runs, {analyze['seconds']} s on their own "
            "connection), so the planner sees the tables grow."
        )
    load = e2e.get("loadavg_before"), e2e.get("loadavg_after")
    if all(load):
        lines.append("")
        lines.append(
            f"Load average (1 min) {load[0][0]} before the end-to-end run and {load[1][0]} after, "
            "on a shared machine: other work on the same 2 cores slows the figures down."
        )
    return lines


def memory_lines(r) -> list[str]:
    """RSS around the run and the tracemalloc sample."""
    e2e = r["end_to_end"]
    mem = r.get("memory") or {}
    lines = []
    rss = e2e["rss_kib"]
    mem_line = (
        f"Memory: RSS {mib(rss['current_before'])} before the end-to-end run, "
        f"{mib(rss['current_after'])} after; peak RSS of the process {mib(rss['peak_after'])} "
        f"(it was {mib(rss['peak_before'])} before)."
    )
    if mem:
        mem_line += (
            f" tracemalloc, on a separate sample of {mem['items']:,} items (the timed run is not "
            f"traced): peak {num(mem['peak_mib'])} MiB of Python allocations, "
            f"{num(mem['retained_mib'], 2)} MiB retained after it; tracing slowed ingest ×{num(mem['slowdown'], 2)}"
            + ("" if mem["within_2x"] else " (over 2×: take the peak as indicative)")
            + "."
        )
    lines.append("")
    lines.append(mem_line)
    return lines


def sql_lines(r) -> list[str]:
    """The SQL sample, the profile and the parser's unexpected outcomes."""
    base = r["parse_only"]
    q = r.get("queries") or {}
    lines = []
    if q:
        item = q.get("item") or {}
        tables = ", ".join(
            f"`{t}` {n}" for t, n in list((item.get("top_tables_per_file") or {}).items())[:8]
        )
        verbs = ", ".join(f"{v} {n}" for v, n in (item.get("verbs_per_file") or {}).items())
        lines.append("")
        lines.append(
            f"SQL per new item, on a separate sample of {item.get('files', 0)} items with the "
            f"statements kept: {verbs}; most touched tables: {tables}."
        )
        slowest = item.get("slowest_statements") or []
        if slowest:
            lines.append("")
            lines.append(
                "Slowest SQL statements per new item (same sample, numbers replaced by N):"
            )
            lines.append("")
            lines.append("| ms per item | statements per item | SQL (first 120 characters) |")
            lines.append("|---:|---:|---|")
            for st in slowest[:5]:
                text = st["sql"][:120].replace("|", "\\|").replace("`", "'")
                lines.append(f"| {num(st['ms_per_file'])} | {num(st['per_file'])} | `{text}` |")
    prof = r.get("profile")
    if prof:
        areas = ", ".join(f"{k} {v:.0%}" for k, v in list(prof["own_time_by_area"].items())[:7])
        lines.append("")
        lines.append(
            f"cProfile over {prof['items']} items (own time by package): {areas}. "
            "Top functions are in `bench/results/wire_ingest.json`."
        )
    if base.get("unexpected_count"):
        lines.append("")
        lines.append(
            f"**Parser: {base['unexpected_count']} unexpected outcomes** (valid items refused or "
            "malformed files accepted), see the JSON."
        )
    return lines


DOC_INTRO = """## Wire ingest

`bench/wire_ingest.py` measures the wire desk from agency files to published articles. It
creates a dedicated database (`rotative_wire_bench`, dropped and recreated), migrates it,
creates a section, a folder source and a publishing rule that publishes every item
(`max_urgency` 9) into that section, with one topic mapping (and tag) per IPTC media topic
used. It writes N NewsML-G2 text items (default 10,000: French-like headline, summary and
five paragraphs, urgency 1 to 6, one media topic; 2 % of headlines recur, as weather or
stock-market items do), plus 2 % updates (version 2 of an earlier guid) and 1 % malformed
files, then measures in the same run:

- parse only (`rotative.wire.parsing.parse` over every file, read from disk), the baseline;
- end to end (`services.wire_ingest_path` on the folder: parse, store the dispatch, apply the
  rule, create and publish the article, quarantine bad files), with django-tasks' immediate
  backend, so the search and reference index updates Wagtail enqueues run inline and count;
- per delivery: latency, SQL statements and their time, tasks run inline and their time;
  peak RSS; the tables touched (a separate 100-item sample); the tracemalloc peak (a
  separate sample, as tracing slows ingest about 2×); with `--profile`, cProfile over 500
  items.

Run it with:

    .venv/bin/python bench/wire_ingest.py --profile    # full run, about 20 minutes
    .venv/bin/python bench/wire_ingest.py --smoke      # 300 items, writes no doc

Raw results go to `bench/results/wire_ingest.json`.

"""
