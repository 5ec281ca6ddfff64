#!/usr/bin/env python
# ruff: noqa: E501  (Markdown and log lines read better unwrapped)
"""Benchmark of l'emploi's search: 300,000 offers on PostgreSQL, words within 30 km of a commune.

1. Creates a dedicated database (`rotative_bench_jobs` by default; dropped first), migrates
   it in a subprocess, then sets Django up in this process on the base settings.
2. Loads La Poste's communes (`geo.services.communes_load`, shared/data/geo/laposte_hexasmal.csv)
   and creates 3,000 verified employers (SIRET checked), each with a sector and a seat among
   the communes of five departments (Normandy; 45 % in 30 towns).
3. Creates N offers (default 300,000) through the ORM: titles, descriptions and profiles from
   the bench's word lists, contracts, salaries (a range by the month or the year, or « selon
   profil »), remote work; 82 % online, 12 % expired or past their end, the others waiting,
   refused or drafts. Each offer's copies (position, monthly salary, folded words) come from
   `JobOffer.copies_update` as `save()` makes them, its end from `services.expiry_of`; the
   table's indexes are dropped during the writes and put back after.
4. Measures, with many random instances of each search (interleaved, after a warm-up), the
   real selector (`selectors.offer_search` and its page's rows) and the real page
   (`/emploi/?q=…&commune=…&rayon=30` through Django's test client), against every online
   offer newest first. Reports p50, p95, p99, the ratio of each p95 to its baseline's, and
   EXPLAIN (ANALYZE, BUFFERS) of the statements of the slowest « words within 30 km ».
5. `--reuse` keeps a filled database (its dates stay relative to when it was filled) and
   migrates it to the committed schema first.
6. Writes a Markdown section into docs/performance.md (between the jobs_search markers),
   prints it, and saves the raw results to bench/results/jobs_search.json.

    .venv/bin/python bench/jobs_search.py             # full run, 300,000 offers
    .venv/bin/python bench/jobs_search.py --reuse     # keep a filled database
    .venv/bin/python bench/jobs_search.py --smoke     # 3,000 offers, no doc written
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
    sql,
)
from _common.report import command_line, machine, publish, results_name, run_date
from _jobs_search.fill import fill_offers, filled_at, load_communes, summary
from _jobs_search.report import markdown
from _jobs_search.searches import WORDS, Instances, explain, measure

NAME = "jobs_search"
DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/rotative_bench_jobs"
DOC_INTRO = "## Emploi\n\n"


def arguments(argv):
    parser = cli.parser(
        __doc__,
        db_env="BENCH_JOBS_DATABASE_URL",
        db_default=DEFAULT_DB_URL,
        smoke="3,000 offers, 20 runs, no doc",
    )
    parser.add_argument("--offers", type=int, default=None, help="offers to create (300,000)")
    parser.add_argument("--runs", type=int, default=None, help="timed instances per search (200)")
    parser.add_argument(
        "--warmup", type=int, default=None, help="untimed instances per search (20)"
    )
    parser.add_argument("--budget", type=float, default=60.0, help="seconds at most per search")
    parser.add_argument("--reuse", action="store_true", help="keep an already filled database")
    parser.add_argument("--seed", type=int, default=20261207)
    args = parser.parse_args(argv)
    if args.smoke:
        args.offers = args.offers or 3_000
        args.runs = args.runs or 20
        args.warmup = args.warmup if args.warmup is not None else 3
        args.no_doc = True
        if args.database_url == DEFAULT_DB_URL:  # never drop the filled database for a smoke run
            args.database_url = DEFAULT_DB_URL + "_smoke"
    args.offers = args.offers or 300_000
    args.runs = args.runs or 200
    args.warmup = args.warmup if args.warmup is not None else 20
    return args


def fill(args, env, log) -> dict:
    from django.utils import timezone

    reuse = args.reuse and database_exists(args.database_url)
    migrate_s = 0.0
    if not reuse:
        recreate_database(args.database_url)
        migrate_s = run_migrate(env, log)
    django_setup(env)
    if reuse:
        migrate_s = run_migrate(env, log)  # the committed schema, whatever ran before
        sql("VACUUM (ANALYZE) jobs_joboffer")
        when, offers = filled_at()
        log(f"reusing {offers:,} offers filled {when:%Y-%m-%d %H:%M}")
        counts = {
            "communes": sql("SELECT count(DISTINCT commune_id) FROM jobs_joboffer", fetch=True)[0][
                0
            ],
            "employers": sql("SELECT count(DISTINCT employer_id) FROM jobs_joboffer", fetch=True)[
                0
            ][0],
        }
        return {
            "reuse": True,
            "migrate_s": migrate_s,
            "communes": None,
            "fill": {"reused": True, "filled_at": f"{when:%Y-%m-%d %H:%M %Z}"},
            "counts": counts,
        }
    started = time.monotonic()
    communes = load_communes(log)
    filled = fill_offers(args.offers, seed=args.seed, now=timezone.now(), log=log)
    filled["total_s"] = round(time.monotonic() - started + migrate_s, 1)
    return {
        "reuse": False,
        "migrate_s": migrate_s,
        "communes": communes,
        "fill": filled,
        "counts": {"communes": filled["communes"], "employers": filled["employers"]},
    }


def main(argv=None):
    args = arguments(argv)
    began = time.monotonic()
    log = cli.logger()
    cli.exit_on_sigterm()
    var_dir = Path(tempfile.mkdtemp(prefix="rotative-jobs-bench-"))
    try:
        env = bench_environment(args.database_url, var_dir)
        filled = fill(args, env, log)
        data = summary()
        log(f"data: {data}")
        measured = measure(
            Instances(args.seed + 1),
            runs=args.runs,
            warmup=args.warmup,
            budget_s=args.budget,
            log=log,
        )
        plan = explain(measured["words_30km"].pop("_slowest"))
        for case in measured.values():
            case.pop("_slowest", None)
        results = {
            "date": run_date(),
            "command": command_line(NAME, argv),
            "machine": machine(
                server_version(), platform=platform.platform(), load_average=os.getloadavg()
            ),
            "params": {
                "database": db_name(args.database_url),
                "offers": args.offers,
                "runs": args.runs,
                "warmup": args.warmup,
                "budget_s": args.budget,
                "seed": args.seed,
                "smoke": args.smoke,
                "reuse": filled["reuse"],
            },
            "migrate_s": round(filled["migrate_s"], 1),
            "communes": filled["communes"],
            "fill": filled["fill"],
            "fill_counts": filled["counts"],
            "data": data,
            "words": len(WORDS),
            "measured": measured,
            "plan": plan,
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
