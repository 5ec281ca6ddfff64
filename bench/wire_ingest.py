#!/usr/bin/env python
# ruff: noqa: E501  (Markdown and log lines read better unwrapped)
"""Benchmark of the wire desk: NewsML-G2 files to published articles, on PostgreSQL.

1. Creates a dedicated database (`rotative_wire_bench` by default; dropped first), migrates
   it, then sets Django up in this process on a tiny settings module (written to a temporary
   folder) that imports `rotative.settings.base` and runs tasks inline (django-tasks'
   ImmediateBackend). Media (quarantined files) go to a temporary ROTATIVE_VAR_DIR.
2. Creates a section under the home page, a folder WireSource, a PublishingRule with
   max_urgency=9 on that section (every item is published as an article) and one
   TopicMapping with a tag per media topic used (`--no-tags` to leave them out).
3. Writes N distinct NewsML-G2 text items (default 10,000) as files in a temporary folder
   (not timed): French-like headline, summary and about five paragraphs, urgency 1-6, one
   IPTC media topic. 2 % more files are version 2 of an earlier guid (agency updates) and
   1 % are malformed (truncated, not XML, RSS, DOCTYPE with entities, empty newsMessage)
   to show what quarantine costs.
4. Measures, in the same run: parse only (`rotative.wire.parsing.parse` over every file,
   read from disk) as the baseline, then end to end (`services.wire_ingest_path` over the
   folder: parse, store, publish live articles); items/s, the ratio between them, peak RSS,
   per-file latency. Then, on small extra samples: SQL queries per item (captured like
   DEBUG=True does), the tracemalloc peak (in a separate sample, so the timed run is not
   slowed) and, with `--profile`, the top functions of cProfile over 500 items.
5. Writes a Markdown table into docs/performance.md (between the wire_ingest markers),
   prints it, and saves the raw results to bench/results/wire_ingest.json.

Only standard library + what the project already depends on; all traffic is local
(PostgreSQL on 127.0.0.1); the end-to-end run is bounded by `--time-budget`.

    .venv/bin/python bench/wire_ingest.py                      # full run, 10,000 items
    .venv/bin/python bench/wire_ingest.py --profile            # ... plus cProfile of 500 items
    .venv/bin/python bench/wire_ingest.py --smoke              # 300 items, no doc written
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

from _common import cli
from _common.db import db_name, recreate_database, run_migrate, server_version
from _common.report import command_line, machine, publish, results_name, run_date
from _wire_ingest.desk import db_counts, desk_setup, wire_django_setup, wire_environment
from _wire_ingest.feed import MEDIA_TOPICS, g2_item, generate_feed
from _wire_ingest.measure import (
    end_to_end,
    memory_sample,
    parse_baseline,
    profile_run,
    query_sample,
    repoll,
)
from _wire_ingest.report import DOC_INTRO, TARGET_ITEMS_PER_S, markdown

NAME = "wire_ingest"
DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/rotative_wire_bench"
START = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)  # the items' creation times start here


def arguments(argv):
    parser = cli.parser(
        __doc__,
        db_env="BENCH_WIRE_DATABASE_URL",
        db_default=DEFAULT_DB_URL,
        smoke="300 items, small samples, no doc, separate JSON",
    )
    parser.add_argument(
        "--items", type=int, default=None, help="new items in the timed run (default 10,000)"
    )
    parser.add_argument("--updates", type=float, default=0.02, help="share of extra updates")
    parser.add_argument("--malformed", type=float, default=0.01, help="share of malformed files")
    parser.add_argument("--query-sample", type=int, default=100, help="items for SQL counts")
    parser.add_argument(
        "--memory-sample", type=int, default=1000, help="items for tracemalloc (half traced)"
    )
    parser.add_argument("--warmup", type=int, default=20, help="items ingested before timing")
    parser.add_argument("--profile", action="store_true", help="cProfile a run of --profile-items")
    parser.add_argument("--profile-items", type=int, default=500)
    parser.add_argument(
        "--time-budget", type=float, default=3600.0, help="seconds at most for the end-to-end run"
    )
    parser.add_argument("--no-tags", action="store_true", help="no topic mappings (no tags)")
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--keep-files", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.items is None and not args.smoke:
        args.items = 10_000
    if args.smoke:
        args.items = args.items or 300
        args.memory_sample = min(args.memory_sample, 100)
        args.profile_items = min(args.profile_items, 100)
        args.no_doc = True
    return args


def database(args, workdir: Path, log) -> dict:
    """A new database, migrated, and Django set up on it in this process."""
    env = wire_environment(args.database_url, workdir / "var", workdir / "settings")
    recreate_database(args.database_url)
    migrate_s = run_migrate(env, log)
    django_info = wire_django_setup(env, workdir / "settings")
    return {"migrate_s": migrate_s, "django": django_info, "pg_version": server_version()}


def parser_ready() -> bool:
    """The preflight: one valid document must parse, else the parser is not ready."""
    from rotative.wire.parsing import WireParseError, parse

    probe = g2_item(
        guid="urn:bench:probe",
        version=1,
        headline="Sonde",
        summary="Résumé.",
        paragraphs=["Un paragraphe."] * 5,
        intertitle="Intertitre",
        urgency=3,
        topic=MEDIA_TOPICS[0],
        place="Caen",
        created=START,
        version_created=START,
    )
    try:
        parse(probe)
    except WireParseError as error:
        print(f"PARSER NOT READY: a valid NewsML-G2 item is refused: {error.reason}")
        return False
    return True


def generate(args, feeds: Path, log) -> dict:
    """Every phase's deliveries, written before anything is timed: {phase: prefix, kinds, folder}."""
    run_id = uuid.uuid4().hex[:8]
    rng = random.Random(args.seed)
    phases = {}

    def feed(phase, items, updates=0.0, malformed=0.0):
        prefix = f"urn:newsml:rotative.bench:{run_id}:{phase}:"
        t0 = time.monotonic()
        kinds = generate_feed(
            feeds / phase,
            prefix=prefix,
            items=items,
            update_share=updates,
            malformed_share=malformed,
            rng=rng,
            start=START,
        )
        phases[phase] = {"prefix": prefix, "kinds": kinds, "folder": feeds / phase}
        log(f"generated {phase}: {len(kinds):,} files in {time.monotonic() - t0:.1f} s")

    feed("main", args.items, args.updates, args.malformed)
    feed("warmup", args.warmup, 0.1, 0.1)
    feed("queries", args.query_sample, 0.1, 0.05)
    half = max(1, args.memory_sample // 2)
    feed("mem_plain", half)
    feed("mem_traced", half)
    if args.profile:
        feed("profile", args.profile_items, args.updates, args.malformed)
    return phases


def files_summary(kinds: dict, folder: Path) -> dict:
    return {
        "total": len(kinds),
        "item": sum(1 for k in kinds.values() if k.startswith("item")),
        "item_recurring_headline": sum(1 for k in kinds.values() if k == "item:recurring"),
        "update": sum(1 for k in kinds.values() if k == "update"),
        "malformed": sum(1 for k in kinds.values() if k.startswith("malformed")),
        "bytes": sum(p.stat().st_size for p in folder.iterdir()),
    }


def warm(args, phases: dict, source, log) -> None:
    """Imports, caches, first publication."""
    from rotative.wire import services

    t0 = time.monotonic()
    services.wire_ingest_path(path=phases["warmup"]["folder"], source=source)
    log(f"warm-up: {args.warmup} items in {time.monotonic() - t0:.1f} s")


def measure_end_to_end(args, main: dict, source, log) -> tuple[dict, dict]:
    """The timed run of the main folder, its rates, and what reached the database."""
    e2e = end_to_end(
        main["folder"], source, main["kinds"], args.time_budget, log, args.database_url
    )
    counts = db_counts(main["prefix"], "main-")
    processed_items = (
        e2e["report"]["items"]
        if e2e["report"]
        else counts["dispatches"]  # stopped early: what reached the database
    )
    e2e["items"] = processed_items
    e2e["items_per_s"] = round(processed_items / e2e["seconds"], 1) if e2e["seconds"] else None
    e2e["articles_per_s"] = (
        round(counts["articles_live"] / e2e["seconds"], 1) if e2e["seconds"] else None
    )
    e2e["files_per_s"] = (
        round(e2e["files_processed"] / e2e["seconds"], 1) if e2e["seconds"] else None
    )
    log(
        f"end to end: {processed_items:,} items = {e2e['items_per_s']} items/s; "
        f"{counts['articles_live']:,} live articles, {counts['quarantined_files']} quarantined"
    )
    return e2e, counts


def samples(args, phases: dict, source, log) -> dict:
    """The re-poll of the main folder, then the extra samples (SQL, memory, profile)."""
    result = {
        "repoll": repoll(phases["main"]["folder"], source, log),
        "queries": query_sample(
            phases["queries"]["folder"], source, phases["queries"]["kinds"], log
        ),
        "memory": memory_sample(
            phases["mem_plain"]["folder"], phases["mem_traced"]["folder"], source, log
        ),
        "profile": None,
    }
    if args.profile:
        result["profile"] = profile_run(phases["profile"]["folder"], source, log)
        print(result["profile"]["cumulative"])
        print(result["profile"]["tottime"])
    return result


def results_build(args, argv, *, setup, files, baseline, e2e, counts, extra, began) -> dict:
    ratio = (
        e2e["items_per_s"] / baseline["items_per_s"]
        if e2e["items_per_s"] and baseline["items_per_s"]
        else None
    )
    reached = bool(
        e2e["items_per_s"]
        and e2e["items_per_s"] >= TARGET_ITEMS_PER_S
        and not e2e["stopped_by_budget"]
    )
    return {
        "date": run_date(),
        "command": command_line(NAME, argv),
        "machine": machine(setup["pg_version"], platform=platform.platform()),
        "params": {
            "database": db_name(args.database_url),
            "items": args.items,
            "update_share": args.updates,
            "malformed_share": args.malformed,
            "query_sample": args.query_sample,
            "memory_sample": args.memory_sample,
            "warmup": args.warmup,
            "profile_items": args.profile_items if args.profile else None,
            "time_budget_s": args.time_budget,
            "topic_tags": not args.no_tags,
            "seed": args.seed,
            "smoke": args.smoke,
        },
        "django": setup["django"],
        "migrate_s": round(setup["migrate_s"], 1),
        "files": files,
        "parse_only": baseline,
        "end_to_end": e2e,
        "ratio": round(ratio, 4) if ratio else None,
        "counts": counts,
        **extra,
        "target": {
            "items_per_s": TARGET_ITEMS_PER_S,
            "reached": reached,
            "shortfall_factor": round(TARGET_ITEMS_PER_S / e2e["items_per_s"], 2)
            if e2e["items_per_s"]
            else None,
        },
        "elapsed_s": round(time.monotonic() - began, 1),
    }


def main(argv=None):
    args = arguments(argv)
    began = time.monotonic()
    cli.exit_on_sigterm()
    log = cli.logger()
    workdir = Path(tempfile.mkdtemp(prefix="rotative-wire-bench-"))
    for folder in ("var", "settings", "feeds"):
        (workdir / folder).mkdir()
    log(f"working folder {workdir}")
    try:
        # Fill: database, desk, deliveries (not timed).
        setup = database(args, workdir, log)
        _section, source = desk_setup(not args.no_tags, workdir / "feeds" / "main")
        if not parser_ready():
            return 3
        phases = generate(args, workdir / "feeds", log)
        files = files_summary(phases["main"]["kinds"], phases["main"]["folder"])
        warm(args, phases, source, log)
        # Measure: parse only (the baseline), end to end, then the samples.
        baseline = parse_baseline(phases["main"]["folder"], phases["main"]["kinds"], log)
        if any(u["kind"] in ("item", "update") for u in baseline["unexpected"]):
            print("PARSER REFUSES VALID ITEMS:")
            print(json.dumps(baseline["unexpected"][:5], ensure_ascii=False, indent=2))
            return 3
        e2e, counts = measure_end_to_end(args, phases["main"], source, log)
        extra = samples(args, phases, source, log)
        # Report.
        results = results_build(
            args,
            argv,
            setup=setup,
            files=files,
            baseline=baseline,
            e2e=e2e,
            counts=counts,
            extra=extra,
            began=began,
        )
        publish(
            name=NAME,
            results=results,
            text=markdown(results),
            json_name=results_name(NAME, smoke=args.smoke),
            no_doc=args.no_doc,
            intro=DOC_INTRO,
            log=log,
        )
        return 0
    finally:
        cli.clean_up(workdir, keep=args.keep_files, log=log)


if __name__ == "__main__":
    sys.exit(main())
