#!/usr/bin/env python
# ruff: noqa: E501  (SQL, Markdown and log lines read better unwrapped)
"""Benchmark of the public news pages on PostgreSQL with a large archive (`make bench`).

1. Creates a dedicated database (`rotative_bench` by default; dropped first), migrates it
   and fills it in bulk with N articles (default 100,000) spread over 8 sections: Wagtail
   pages are written with COPY, with treebeard materialised paths computed here, and the
   search index rows are written in bulk the way Wagtail's PostgreSQL backend writes them
   (checked against the backend itself on a sample).
2. Profiles each page once in-process (SQL queries, slowest query, EXPLAIN ANALYZE).
3. Starts the real server (`manage.py serve --no-demo --no-worker`), then measures latency
   (sequential, keep-alive, round-robin over the cases) and throughput under concurrency
   (threads, keep-alive). /robots.txt, a trivial view, is the baseline: figures are given
   as ratios against it because absolute times on a shared machine are noisy.
4. Writes a Markdown table into docs/performance.md (between markers), prints it, and
   saves the raw results to bench/results/news_pages.json.

Only standard library + what the project already depends on (Django, Wagtail, psycopg).
Every phase is bounded in requests and in time; all traffic goes to 127.0.0.1.
Only standard library + what the project already depends on (Django, Wagtail, psycopg).
Every phase is bounded in requests and in time; all traffic goes to 127.0.0.1.

    .venv/bin/python bench/news_pages.py               # full run
    .venv/bin/python bench/news_pages.py --smoke       # 2,000 articles, short runs, no doc
    .venv/bin/python bench/news_pages.py --reuse       # keep the data
"""

from __future__ import annotations

import contextlib
import os
import random
import sys
import time
from pathlib import Path

from _common import BASE_SETTINGS, RESULTS_DIR, cli
from _common.db import db_name, django_setup, recreate_database, run_migrate, server_version
from _common.processes import free_port, stop_process, wait_ready
from _common.report import command_line, machine, publish, results_name, run_date
from _news_pages.cases import build_cases, profile_cases
from _news_pages.fill import fill
from _news_pages.http import (
    Conn,
    ConnectionSampler,
    error_summary,
    extract_tracebacks,
    load,
    sequential,
    start_server,
)
from _news_pages.report import DOC_INTRO, markdown
from _news_pages.reuse import existing_article_count, fill_meta_save, refresh_relative_data
from _news_pages.text import SECTIONS

NAME = "news_pages"
DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/rotative_bench"
# (full run, --smoke) defaults of the options that size the run
SIZES = {
    "articles": (100_000, 2000),
    "requests": (300, 50),
    "duration": (20.0, 3.0),
    "clients": ("8,32", "4"),
}


def arguments(argv):
    parser = cli.parser(
        __doc__,
        db_env="BENCH_DATABASE_URL",
        db_default=DEFAULT_DB_URL,
        smoke="2,000 articles, 50 requests per case, 3 s at 4 clients, no doc",
    )
    parser.add_argument("--articles", type=int, default=None, help="default 100,000")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database if it has as many articles"
    )
    parser.add_argument("--requests", type=int, help="sequential requests per case (300)")
    parser.add_argument(
        "--case-budget", type=float, default=45.0, help="seconds at most per sequential case"
    )
    parser.add_argument("--duration", type=float, help="seconds per concurrency run (20)")
    parser.add_argument("--clients", help="concurrency levels (8,32)")
    parser.add_argument(
        "--concurrency-cases",
        default="baseline,home,section,article,search_1",
        help="case keys measured under concurrency",
    )
    parser.add_argument("--deep-page", type=int, default=200)
    parser.add_argument(
        "--search",
        default="maire,tempête,Barfleur,tempête Cherbourg",
        help="comma-separated queries",
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request at most")
    parser.add_argument(
        "--explain-ms", type=float, default=20.0, help="EXPLAIN ANALYZE slowest query above this"
    )
    parser.add_argument("--seed", type=int, default=20240607)
    parser.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra environment for the server, e.g. CONN_MAX_AGE=0 (repeatable)",
    )
    args = parser.parse_args(argv)
    for name, defaults in SIZES.items():
        if getattr(args, name) is None:
            setattr(args, name, defaults[args.smoke])
    if args.smoke:
        args.no_doc = True
    return args


def prepare(args, site_url, log) -> tuple[bool, dict]:
    """The data: the database kept (--reuse, same article count) or created, migrated and
    filled; Django set up on it in this process. Returns (reused, what the fill did)."""
    db_url = args.database_url
    # Unlike the other benches (_common.db.bench_environment), this one keeps the caller's
    # environment (a REDIS_URL, say), as the server does with --server-env: its published
    # figures were measured that way.
    env = dict(os.environ, DATABASE_URL=db_url, DJANGO_SETTINGS_MODULE=BASE_SETTINGS)
    # The caller's SITE_URL wins in this process; settings need an upper-case level name.
    env.update(SITE_URL=os.environ.get("SITE_URL", site_url), LOG_LEVEL="WARNING")
    keys = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SITE_URL", "LOG_LEVEL")
    if args.reuse:
        count, meta = existing_article_count(db_url)
        if count == args.articles:
            log(f"reuse: {db_name(db_url)} already has {count:,} articles")
            run_migrate(env, log)
            django_setup(env, keys=keys, unset=())
            refresh_relative_data(log)
            return True, meta or {"articles": count, "sections": len(SECTIONS), "timings_s": {}}
        log(f"reuse: {db_name(db_url)} has {count} articles, not {args.articles}: refilling")
    started = time.monotonic()
    recreate_database(db_url)
    run_migrate(env, log)
    migrate_s = time.monotonic() - started
    django_setup(env, keys=keys, unset=())
    fill_info = fill(db_url, args.articles, args.seed, log)
    fill_info["timings_s"]["migrate"] = round(migrate_s, 2)
    fill_info["timings_s"]["total"] = round(time.monotonic() - started, 2)
    fill_meta_save(fill_info)
    log(f"fill done in {fill_info['timings_s']['total']:.1f} s")
    return False, fill_info


def warm(cases, port, timeout, rng) -> None:
    """A few requests of each case (30 articles) before anything is timed."""
    conn = Conn(port, timeout)
    for case in cases:
        for _ in range(5 if case["key"] != "article" else 30):
            with contextlib.suppress(Exception):
                conn.get(case["pick"](rng))
    conn.close()


def concurrency(args, cases, port, log) -> list[dict]:
    """Each wanted case at each level of clients, PostgreSQL connections sampled meanwhile."""
    runs = []
    wanted = [k.strip() for k in args.concurrency_cases.split(",") if k.strip()]
    by_key = {c["key"]: c for c in cases}
    for clients in [int(c) for c in args.clients.split(",") if c.strip()]:
        for key in wanted:
            if key not in by_key:
                continue
            with ConnectionSampler(args.database_url) as sampler:
                run = load(
                    by_key[key], port, clients, args.duration, args.timeout, args.seed + clients
                )
            run["key"] = key
            run["peak_db_connections"] = sampler.peak
            runs.append(run)
            log(
                f"load {key:<13} x{clients:<3} {run['rps']} req/s median={run['median_ms']} ms "
                f"p95={run['p95_ms']} ms errors={run['errors']} db-connections<={sampler.peak}"
            )
    return runs


def measure(args, cases, port, rng, log) -> tuple[dict, list]:
    """The real server: warm-up, sequential latency, then throughput under concurrency."""
    log_path = RESULTS_DIR / "news_pages_server.log"
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    proc, log_file = start_server(args.database_url, port, log_path, args.server_env)
    try:
        try:
            wait_ready(proc, port, timeout=120, interval=0.3)
        except RuntimeError as error:
            tail = Path(log_path).read_text(errors="replace")[-4000:]
            raise SystemExit(f"server did not start on port {port} ({error}):\n{tail}") from None
        log(f"server ready on http://127.0.0.1:{port} (pid {proc.pid})")
        warm(cases, port, args.timeout, rng)
        seq = sequential(cases, port, args.requests, args.case_budget, args.timeout, rng, log)
        return seq, concurrency(args, cases, port, log)
    finally:
        stop_process(proc, grace=15, group=True)
        log_file.close()
        log("server stopped")


def failures_of(seq, conc, profile) -> list[dict]:
    failures = []
    for s in seq.values():
        failures.extend(s["error_samples"][:2])
    for run in conc:
        failures.extend(run["error_samples"][:1])
    for p in profile.values():
        if p.get("status") != 200:
            failures.append(
                {"path": p["path"], "status": p.get("status"), "traceback": p.get("traceback")}
            )
    return failures


def results_build(args, argv, *, pg_version, reused, fill_info, cases, case_info, measured, began):
    log_path = RESULTS_DIR / "news_pages_server.log"
    return {
        "date": run_date(),
        "command": command_line(NAME, argv),
        "machine": machine(pg_version),
        "params": {
            "articles": args.articles,
            "requests": args.requests,
            "case_budget_s": args.case_budget,
            "duration_s": args.duration,
            "clients": args.clients,
            "search": args.search,
            "server_env": args.server_env,
            **case_info,
        },
        "reused": reused,
        "fill": fill_info,
        "cases": [{k: v for k, v in c.items() if k != "pick"} for c in cases],
        **measured,
        "server_tracebacks": extract_tracebacks(log_path),
        "server_errors": error_summary(log_path),
        "elapsed_s": round(time.monotonic() - began, 1),
    }


def main(argv=None):
    args = arguments(argv)
    began = time.monotonic()
    log = cli.logger()
    port = free_port()
    # Fill, then the in-process profile of each page.
    reused, fill_info = prepare(args, f"http://127.0.0.1:{port}", log)
    from django.db import connection

    pg_version = server_version()
    rng = random.Random(args.seed + 1)
    cases, case_info = build_cases(args, rng)
    profile = profile_cases(cases, rng, args.explain_ms, log)
    connection.close()
    # Measure against the real server.
    seq, conc = measure(args, cases, port, rng, log)
    # Report.
    failures = failures_of(seq, conc, profile)
    results = results_build(
        args,
        argv,
        pg_version=pg_version,
        reused=reused,
        fill_info=fill_info,
        cases=cases,
        case_info=case_info,
        measured={"profile": profile, "sequential": seq, "concurrency": conc, "failures": failures},
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
    if results["server_tracebacks"]:
        print("\nServer errors (see bench/results/news_pages_server.log):")
        for tb in results["server_tracebacks"]:
            print(tb[-3000:])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
