# ruff: noqa: E501  (log lines read better unwrapped)
"""What the bench measures: parse only, end to end, re-poll, and the extra samples."""

from __future__ import annotations

import cProfile
import gc
import io
import os
import pstats
import re
import time
import tracemalloc
from pathlib import Path

from _common.stats import ms_summary

from _wire_ingest.feed import ingest_order
from _wire_ingest.timing import (
    FIGURES,
    AutoAnalyze,
    BudgetExceeded,
    TimedIngest,
    rss_now_kib,
    rss_peak_kib,
)


def parse_baseline(folder: Path, kinds: dict, log):
    """Parse only: read each file and parse it, in ingest order. No database."""
    from rotative.wire.parsing import WireParseError, parse

    files = ingest_order(folder)
    per_kind, wrong = {}, []
    items = 0
    gc.collect()
    started = time.perf_counter()
    for path in files:
        t0 = time.perf_counter()
        data = path.read_bytes()
        try:
            items += len(parse(data))
            ok = True
        except WireParseError as error:
            ok = False
            reason = error.reason
        elapsed = time.perf_counter() - t0
        kind = kinds[path.name].split(":")[0]
        per_kind.setdefault(kind, []).append(elapsed)
        if ok == (kind == "malformed"):
            wrong.append(
                {"file": path.name, "kind": kinds[path.name], **({} if ok else {"reason": reason})}
            )
    total = time.perf_counter() - started
    result = {
        "files": len(files),
        "items": items,
        "seconds": round(total, 3),
        "items_per_s": round(items / total, 1) if total else None,
        "files_per_s": round(len(files) / total, 1) if total else None,
        "latency": {k: ms_summary(v, *FIGURES) for k, v in per_kind.items()},
        "unexpected": wrong[:20],
        "unexpected_count": len(wrong),
    }
    log(
        f"parse only: {items:,} items from {len(files):,} files in {total:.2f} s "
        f"= {result['items_per_s']:,} items/s ({len(wrong)} unexpected outcomes)"
    )
    return result


def end_to_end(folder: Path, source, kinds: dict, budget_s: float, log, db_url: str):
    from rotative.wire import services

    gc.collect()
    rss_before, peak_before = rss_now_kib(), rss_peak_kib()
    load_before = os.getloadavg()
    started = time.perf_counter()
    report, stopped = None, False
    with AutoAnalyze(db_url) as analyze, TimedIngest(deadline=started + budget_s) as timer:
        try:
            report = services.wire_ingest_path(path=folder, source=source)
        except BudgetExceeded:
            stopped = True
    total = time.perf_counter() - started
    rss_after, peak_after = rss_now_kib(), rss_peak_kib()
    records = timer.records
    # The whole run's, not only the deliveries' own: since issue 20 the search index and the
    # inline tasks run after each batch's commit, outside any delivery.
    sql_s = timer.sql_seconds_all
    task_s = timer.task_seconds_all
    result = {
        "seconds": round(total, 3),
        "stopped_by_budget": stopped,
        "files_processed": len(records),
        "report": None if report is None else report_summary(report),
        "latency": timer.by_kind(kinds),
        # New items whose headline repeats (weather, stock market): same slug base.
        "latency_recurring_headline": timer.by_kind(
            {k: v for k, v in kinds.items() if v == "item:recurring"}
        ).get("item"),
        "sql_share": round(sql_s / total, 3) if total else None,
        "queries": sum(r["queries"] for r in records),
        # Every statement of the run, with those sent after each batch's commit (the search
        # index and the inline tasks) that no delivery's own record holds.
        "queries_all": timer.queries_all,
        "queries_all_per_item": round(timer.queries_all / report.items, 1)
        if report and report.items
        else None,
        "inline_task_share": round(task_s / total, 3) if total else None,
        "tasks": timer.task_summary(max(1, len(records))),
        "read_ahead": timer.prepare_summary(),
        "files_per_s_by_tenth": by_tenth(records),
        "autoanalyze": analyze.summary(),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "rss_kib": {
            "current_before": rss_before,
            "current_after": rss_after,
            "peak_before": peak_before,
            "peak_after": peak_after,
        },
    }
    log(
        f"end to end: {len(records):,} files in {total:.1f} s"
        + (" (STOPPED by the time budget)" if stopped else "")
        + f"; SQL {result['sql_share']:.0%} of the time, inline tasks {result['inline_task_share']:.0%}"
        + f"; RSS {rss_before / 1024:.0f} → {rss_after / 1024:.0f} MiB, peak {peak_after / 1024:.0f} MiB"
    )
    return result


def by_tenth(records) -> list:
    """Throughput over the run, by tenths of the files processed: does it degrade as the
    section and the tables grow?"""
    tenths = []
    if records:
        step = -(-len(records) // 10)
        for i in range(0, len(records), step):
            chunk = records[i : i + step]
            span = chunk[-1]["start"] + chunk[-1]["seconds"] - chunk[0]["start"]
            tenths.append(round(len(chunk) / span, 1) if span > 0 else None)
    return tenths


def report_summary(report) -> dict:
    return {
        "files": report.files,
        "items": report.items,
        "duplicates": report.duplicates,
        "published": report.published,
        "quarantined": report.quarantined,
        "errors": len(report.errors),
        "error_samples": report.errors[:5],
    }


def repoll(folder: Path, source, log):
    """The same folder again, every file already received: what each poll costs while
    delivered files stay in the drop folder (wire_ingest_path never moves them)."""
    from rotative.wire import services

    t0 = time.perf_counter()
    with TimedIngest() as timer:
        report = services.wire_ingest_path(path=folder, source=source)
    seconds = time.perf_counter() - t0
    result = {
        "files": report.files,
        "duplicates": report.duplicates,
        "quarantined_again": report.quarantined,
        "items": report.items,
        "seconds": round(seconds, 2),
        # Every statement: a received file costs none of its own (one read per batch).
        "queries": timer.queries_all,
    }
    log(
        f"re-poll: {report.files:,} files already received, {report.duplicates:,} duplicates, "
        f"{seconds:.1f} s, {result['queries']:,} SQL statements"
    )
    return result


def table_of(sql):
    match = re.search(r'\b(?:FROM|INTO|UPDATE)\s+"?([A-Za-z0-9_]+)"?', sql, re.IGNORECASE)
    if match:
        return match.group(1)
    return "(" + (sql.split(None, 1)[0].lower() if sql.strip() else "?") + ")"


def query_sample(folder: Path, source, kinds: dict, log):
    """SQL statements per delivery, with their text: which tables, which verbs."""
    from rotative.wire import services

    with TimedIngest(keep_sql=True) as timer:
        services.wire_ingest_path(path=folder, source=source)
    result = timer.by_kind(kinds)
    groups = {}
    for record in timer.records:
        kind = kinds.get(record["file"], "?").split(":")[0]
        entry = groups.setdefault(kind, {"files": 0, "verbs": {}, "tables": {}})
        entry["files"] += 1
        for sql, _s in record["sql"]:
            text = sql.lstrip()
            verb = text.split(None, 1)[0].upper() if text else "?"
            entry["verbs"][verb] = entry["verbs"].get(verb, 0) + 1
            table = table_of(text)
            entry["tables"][table] = entry["tables"].get(table, 0) + 1
    for record in timer.records:
        if kinds.get(record["file"], "?").split(":")[0] != "item":
            continue
        entry = groups["item"].setdefault("statements", {})
        for sql, seconds in record["sql"]:
            key = re.sub(r"\s+", " ", re.sub(r"\d+", "N", sql)).strip()[:200]
            stat = entry.setdefault(key, [0, 0.0])
            stat[0] += 1
            stat[1] += seconds
    for kind, e in groups.items():
        n = e["files"]
        if e.get("statements"):
            result[kind]["slowest_statements"] = [
                {"sql": key, "per_file": round(c / n, 1), "ms_per_file": round(t * 1000 / n, 2)}
                for key, (c, t) in sorted(e["statements"].items(), key=lambda kv: -kv[1][1])[:8]
            ]
        result[kind]["files"] = n
        result[kind]["verbs_per_file"] = {
            k: round(v / n, 1) for k, v in sorted(e["verbs"].items(), key=lambda kv: -kv[1])
        }
        result[kind]["top_tables_per_file"] = {
            k: round(v / n, 1) for k, v in sorted(e["tables"].items(), key=lambda kv: -kv[1])[:15]
        }
        log(
            f"queries: {kind}: {result[kind]['queries_per_file']} per file, "
            f"{result[kind]['sql_ms_per_file']} ms SQL and {result[kind]['tasks_per_file']} inline "
            f"tasks ({result[kind]['task_ms_per_file']} ms) of {result[kind]['mean_ms']} ms"
        )
    result["_tasks"] = timer.task_summary(max(1, len(timer.records)))
    return result


def memory_sample(folder_plain: Path, folder_traced: Path, source, log):
    """tracemalloc peak during an ingest, on its own sample: tracing slows Python down.

    Two samples of the same size back to back, one untraced and one traced, give the
    slowdown; the timed end-to-end run is never traced.
    """
    from rotative.wire import services

    gc.collect()
    t0 = time.perf_counter()
    plain = services.wire_ingest_path(path=folder_plain, source=source)
    plain_s = time.perf_counter() - t0
    gc.collect()
    tracemalloc.start()
    base_current, _ = tracemalloc.get_traced_memory()
    t0 = time.perf_counter()
    traced = services.wire_ingest_path(path=folder_traced, source=source)
    traced_s = time.perf_counter() - t0
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    slowdown = traced_s / plain_s if plain_s else None
    result = {
        "items": traced.items,
        "untraced_items_per_s": round(plain.items / plain_s, 1) if plain_s else None,
        "traced_items_per_s": round(traced.items / traced_s, 1) if traced_s else None,
        "slowdown": round(slowdown, 2) if slowdown else None,
        "peak_mib": round((peak - base_current) / 1024 / 1024, 1),
        "retained_mib": round((current - base_current) / 1024 / 1024, 2),
        "within_2x": bool(slowdown and slowdown <= 2.0),
    }
    log(
        f"tracemalloc: peak {result['peak_mib']} MiB over {traced.items} items, "
        f"retained {result['retained_mib']} MiB, slowdown ×{result['slowdown']}"
    )
    return result


def profile_run(folder: Path, source, log, top=15):
    from rotative.wire import services

    profiler = cProfile.Profile()
    gc.collect()
    t0 = time.perf_counter()
    profiler.enable()
    report = services.wire_ingest_path(path=folder, source=source)
    profiler.disable()
    seconds = time.perf_counter() - t0
    # The whole profile, for pstats or snakeviz (bench/results is not versioned).
    profiler.dump_stats(Path(__file__).resolve().parents[1] / "results" / "wire_ingest.prof")
    out = {}
    for order in ("cumulative", "tottime"):
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer)
        stats.strip_dirs().sort_stats(order).print_stats(top)
        out[order] = buffer.getvalue()
    # Time by package, from each function's own time (tottime): where the CPU goes.
    by_area = {}
    stats = pstats.Stats(profiler)
    total_tt = 0.0
    for (filename, _line, _name), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
        total_tt += tt
        by_area[area_of(filename)] = by_area.get(area_of(filename), 0.0) + tt
    out["own_time_by_area"] = {
        k: round(v / total_tt, 3) for k, v in sorted(by_area.items(), key=lambda kv: -kv[1])
    }
    out["items"] = report.items
    out["seconds"] = round(seconds, 2)
    log(f"profile: {report.items} items in {seconds:.1f} s under cProfile")
    return out


def area_of(filename: str) -> str:
    path = filename.replace("\\", "/")
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0]
    if "/rotative/" in path:
        parts = path.split("/rotative/", 1)[1].split("/")
        return "rotative." + (parts[0] if len(parts) > 1 else parts[0].removesuffix(".py"))
    if path.startswith("~") or path.startswith("<"):
        return "builtins (C)"
    return "stdlib"
