#!/usr/bin/env python
# ruff: noqa: E501  (Markdown and log lines read better unwrapped)
"""Benchmark of les pronostics' leaderboards: 100,000 readers, 10 seasons, on PostgreSQL.

1. Creates a dedicated database (`rotative_bench_pronostics` by default; dropped first),
   migrates it in a subprocess, then sets Django up in this process on the base settings.
2. Fills it (bench/_pronostics/fill.py): 100,000 readers, an 18-club league over 10 seasons
   (34 match days × 9 matches), about 15 million predictions by generate_series, scored in
   SQL; the current season played to match day 17 by most readers, its match day 18 predicted
   and waiting for results; 200 private leagues of 50; the tallies rebuilt from the
   predictions by `services.tallies_rebuild`.
3. Measures the current season's leaderboards through the real selectors (page 1, a deep
   page, a match day, a month, a league, a reader's own rank) against a baseline read in the
   same run and against the read-time sums the leaderboards did before the tallies.
4. Re-scores match day 18 (nine results set, then scored as the task does; then all nine
   corrected) and checks the season's tallies against a recomputation.
5. Writes its section of docs/performance.md and bench/results/pronostics_leaderboards.json.

    .venv/bin/python bench/pronostics_leaderboards.py           # full run (make bench-pronostics)
    .venv/bin/python bench/pronostics_leaderboards.py --reuse   # keep a filled database
    .venv/bin/python bench/pronostics_leaderboards.py --smoke   # 2,000 readers, no doc
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from _common import cli
from _common.db import (
    bench_environment,
    database_exists,
    db_name,
    django_setup,
    recreate_database,
    run_migrate,
    server_version,
)
from _common.report import command_line, machine, publish, results_name, run_date
from _pronostics.fill import fill, filled, summary
from _pronostics.measure import Instances, explain_deep_page, measure, rescore
from _pronostics.report import markdown

NAME = "pronostics_leaderboards"
DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/rotative_bench_pronostics"
DOC_INTRO = "## Pronostics\n\n`bench/pronostics_leaderboards.py` (`make bench-pronostics`) measures the predictions game's leaderboards and the re-scoring of a match day with 100,000 readers and 10 seasons on PostgreSQL; see its docstring for the data.\n\n"


def arguments(argv):
    parser = cli.parser(
        __doc__,
        db_env="BENCH_PRONOSTICS_DATABASE_URL",
        db_default=DEFAULT_DB_URL,
        smoke="2,000 readers, 10 runs, no doc",
    )
    parser.add_argument("--players", type=int, default=None, help="readers (100,000)")
    parser.add_argument("--runs", type=int, default=None, help="timed instances per case (100)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed instances per case")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds at most per case")
    parser.add_argument("--reuse", action="store_true", help="keep an already filled database")
    parser.add_argument("--seed", type=int, default=20261207)
    args = parser.parse_args(argv)
    if args.smoke:
        args.players = args.players or 2_000
        args.runs = args.runs or 10
        args.no_doc = True
        if args.database_url == DEFAULT_DB_URL:  # never drop the filled database for a smoke run
            args.database_url = DEFAULT_DB_URL + "_smoke"
    args.players = args.players or 100_000
    args.runs = args.runs or 100
    return args


def prepare(args, env, log) -> dict:
    if args.reuse and database_exists(args.database_url):
        django_setup(env)
        run_migrate(env, log)
        when, players, predictions = filled()
        log(
            f"reusing {players:,} readers and {predictions:,} predictions filled {when:%Y-%m-%d %H:%M}"
        )
        return {"reused": True, "filled_at": f"{when:%Y-%m-%d %H:%M %Z}"}
    recreate_database(args.database_url)
    migrate_s = run_migrate(env, log)
    django_setup(env)
    done = fill(players=args.players, log=log)
    done["total_s"] = round(done["total_s"] + migrate_s, 1)
    return done


def main(argv=None):
    args = arguments(argv)
    began = time.monotonic()
    log = cli.logger()
    cli.exit_on_sigterm()
    var_dir = Path(tempfile.mkdtemp(prefix="rotative-pronostics-bench-"))
    try:
        env = bench_environment(args.database_url, var_dir)
        done = prepare(args, env, log)
        data = summary()
        log(f"data: {data}")
        instances = Instances(args.seed)
        measured = measure(
            instances, runs=args.runs, warmup=args.warmup, budget_s=args.budget, log=log
        )
        plan = explain_deep_page(instances)
        log("re-scoring match day 18")
        rescored = rescore(instances, log)
        results = {
            "date": run_date(),
            "command": command_line(NAME, argv),
            "machine": machine(
                server_version(), platform=platform.platform(), load_average=os.getloadavg()
            ),
            "params": {
                "database": db_name(args.database_url),
                "players": args.players,
                "runs": args.runs,
                "warmup": args.warmup,
                "budget_s": args.budget,
                "seed": args.seed,
                "smoke": args.smoke,
            },
            "fill": done,
            "data": data,
            "measured": measured,
            "plan": plan,
            "rescore": rescored,
            "peak_rss_mib": cli.peak_rss_mib(),
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
        return 0
    finally:
        cli.clean_up(var_dir)


if __name__ == "__main__":
    sys.exit(main())
