#!/usr/bin/env python
# ruff: noqa: E501  (log lines read better unwrapped)
"""Benchmark of the mobile app's API read endpoints, uncached and cached (`make bench-api`).

1. Creates a dedicated database (`rotative_bench_api` by default; dropped first), migrates
   it and fills it with N articles (default 20,000) by the news pages bench's bulk fill, and
   150 entries of the site's live feed.
2. Profiles each endpoint once in-process: SQL queries of a plain GET and of the same GET
   with its ETag (`If-None-Match`).
3. Starts the real server (`manage.py serve --no-demo --no-worker`) and, when varnishd is
   there, Varnish with the shipped VCL in front of it; then measures each endpoint uncached
   (plain GET), revalidated (304) and as a Varnish hit: latency (sequential, p50/p95/p99)
   and throughput (16 clients). /robots.txt, a trivial view, is the baseline: figures are
   given as ratios against it because absolute times on a shared machine are noisy.
4. Writes a Markdown table into docs/performance.md (between markers), prints it, and saves
   the raw results to bench/results/api_endpoints.json.

Every phase is bounded in requests and in time; all traffic goes to 127.0.0.1.

    .venv/bin/python bench/api_endpoints.py               # full run
    .venv/bin/python bench/api_endpoints.py --smoke       # 1,000 articles, short runs, no doc
    .venv/bin/python bench/api_endpoints.py --reuse       # keep the data
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from _api_endpoints.cases import build_cases, endpoint_paths, prime, profile, warm_varnish
from _api_endpoints.http import VARNISHD, Conn, Varnish, load, sequential
from _api_endpoints.live import fill_live
from _api_endpoints.report import DOC_INTRO, markdown
from _common import RESULTS_DIR, cli
from _common.db import server_version
from _common.processes import free_port, stop_process, wait_ready
from _common.report import command_line, machine, publish, results_name, run_date
from _news_pages.http import error_summary, extract_tracebacks, start_server
from news_pages import prepare

NAME = "api_endpoints"
DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/rotative_bench_api"
# Every request comes from 127.0.0.1: the API's per-address limit (120 a minute) would
# answer 429 after two seconds. The throttle still counts each request, as in production.
SERVER_ENV = ["API_RATE_LIMIT_ANONYMOUS=1000000000"]
# (full run, --smoke) defaults of the options that size the run
SIZES = {
    "articles": (20_000, 1000),
    "requests": (300, 40),
    "duration": (8.0, 2.0),
    "clients": (16, 8),
    "detail_ids": (300, 40),
}


def arguments(argv):
    parser = cli.parser(
        __doc__,
        db_env="BENCH_API_DATABASE_URL",
        db_default=DEFAULT_DB_URL,
        smoke="1,000 articles, 40 requests per case, 2 s at 8 clients, no doc",
    )
    parser.add_argument("--articles", type=int, help="default 20,000")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database if it has as many articles"
    )
    parser.add_argument("--requests", type=int, help="sequential requests per case (300)")
    parser.add_argument(
        "--case-budget", type=float, default=30.0, help="seconds at most per sequential case"
    )
    parser.add_argument("--duration", type=float, help="seconds per concurrency run (8)")
    parser.add_argument("--clients", type=int, help="concurrent clients (16)")
    parser.add_argument("--detail-ids", type=int, help="articles the detail cases pick from (300)")
    parser.add_argument("--no-varnish", action="store_true", help="do not start varnishd")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request at most")
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra environment for the server (repeatable)",
    )
    args = parser.parse_args(argv)
    for name, defaults in SIZES.items():
        if getattr(args, name) is None:
            setattr(args, name, defaults[args.smoke])
    if args.smoke:
        args.no_doc = True
    args.server_env = [*SERVER_ENV, *args.server_env]
    return args


def start_varnish(args, app_port, log) -> tuple[Varnish | None, dict]:
    if args.no_varnish:
        return None, {"running": False, "reason": "--no-varnish"}
    if VARNISHD is None:
        return None, {"running": False, "reason": "varnishd is absent (scripts/ensure-varnish.sh)"}
    varnish = Varnish(app_port, free_port())
    try:
        varnish.start()
    except RuntimeError as error:
        varnish.stop()
        return None, {"running": False, "reason": f"varnishd did not start: {error}"[:500]}
    log(f"varnish ready on http://127.0.0.1:{varnish.port}")
    return varnish, {"running": True, "version": varnish.version(), "port": varnish.port}


def warm(cases, timeout, rng) -> None:
    """A few requests of each case before anything is timed."""
    conns = {}
    for case in cases:
        conn = conns.setdefault(case["port"], Conn(case["port"], timeout))
        for _ in range(10):
            path = case["pick"](rng)
            conn.get(path, case["headers"](path))
    for conn in conns.values():
        conn.close()


def measure(args, paths, port, rng, log) -> dict:
    """The real server (and Varnish): priming, warm-up, sequential latency, throughput."""
    log_path = RESULTS_DIR / f"{NAME}_server.log"
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    proc, log_file = start_server(args.database_url, port, log_path, args.server_env)
    varnish = None
    try:
        try:
            wait_ready(proc, port, timeout=120, interval=0.3)
        except RuntimeError as error:
            tail = Path(log_path).read_text(errors="replace")[-4000:]
            raise SystemExit(f"server did not start on port {port} ({error}):\n{tail}") from None
        log(f"server ready on http://127.0.0.1:{port} (pid {proc.pid})")
        etags, problems = prime(paths, port, args.timeout, log)
        varnish, varnish_info = start_varnish(args, port, log)
        if varnish:
            varnish_info["warm_x_cache"] = warm_varnish(paths, varnish.port, args.timeout, log)
        cases = build_cases(paths, etags, port, varnish.port if varnish else None)
        warm(cases, args.timeout, rng)
        seq = sequential(cases, args.requests, args.case_budget, args.timeout, rng, log)
        runs = []
        for i, case in enumerate(cases):
            run = load(case, args.clients, args.duration, args.timeout, args.seed + i)
            runs.append(run)
            log(
                f"load {case['key']:<22} x{args.clients} {run['rps']} req/s p50={run['p50_ms']} p99={run['p99_ms']} ms "
                f"errors={run['errors']}" + (f" x-cache={run['x_cache']}" if run["x_cache"] else "")
            )
        return {
            "cases": [{k: v for k, v in c.items() if k not in ("pick", "headers")} for c in cases],
            "prime_problems": problems,
            "varnish": varnish_info,
            "sequential": seq,
            "concurrency": runs,
        }
    finally:
        if varnish:
            varnish.stop()
        stop_process(proc, grace=15, group=True)
        log_file.close()
        log("server stopped" + (" and varnish" if varnish else ""))


def failures_of(measured, prof) -> list[dict]:
    failures = list(measured["prime_problems"][:3])
    for s in measured["sequential"].values():
        failures.extend(s["error_samples"][:2])
    for run in measured["concurrency"]:
        failures.extend(run["error_samples"][:1])
    for key, p in prof.items():
        if p.get("path") and p.get("status") != 200:
            failures.append(
                {"path": p["path"], "status": p.get("status"), "traceback": p.get("traceback")}
            )
        if key not in ("baseline", "web_article") and p.get("revalidate_status") not in (None, 304):
            failures.append(
                {"path": p["path"] + " (If-None-Match)", "status": p["revalidate_status"]}
            )
    return failures


def main(argv=None):
    args = arguments(argv)
    began = time.monotonic()
    log = cli.logger()
    cli.exit_on_sigterm()
    port = free_port()
    reused, fill_info = prepare(args, f"http://127.0.0.1:{port}", log)
    from django.db import connection

    pg_version = server_version()
    rng = random.Random(args.seed + 1)
    live_entries = fill_live(rng, log)
    paths = endpoint_paths(rng, args.detail_ids)
    prof = profile(paths, log)
    connection.close()
    measured = measure(args, paths, port, rng, log)
    log_path = RESULTS_DIR / f"{NAME}_server.log"
    results = {
        "date": run_date(),
        "command": command_line(NAME, argv),
        "machine": machine(pg_version),
        "params": {
            "articles": args.articles,
            "requests": args.requests,
            "case_budget_s": args.case_budget,
            "duration_s": args.duration,
            "clients": args.clients,
            "detail_ids": args.detail_ids,
            "server_env": args.server_env,
        },
        "reused": reused,
        "fill": fill_info,
        "live_entries": live_entries,
        "profile": prof,
        **measured,
        "failures": failures_of(measured, prof),
        "server_tracebacks": extract_tracebacks(log_path),
        "server_errors": error_summary(log_path),
        "elapsed_s": round(time.monotonic() - began, 1),
    }
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
        print(f"\nServer errors (see bench/results/{NAME}_server.log):")
        for tb in results["server_tracebacks"]:
            print(tb[-3000:])
    return 1 if results["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
