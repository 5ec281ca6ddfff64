#!/usr/bin/env python
# ruff: noqa: E501  (Markdown and log lines read better unwrapped)
"""Benchmark of the classified ads search: 1,000,000 ads on PostgreSQL, the searches readers run.

1. Creates a dedicated database (`rotative_ads_bench` by default; dropped first), migrates it
   in a subprocess, then sets Django up in this process on the base settings.
2. Loads La Poste's communes (`rotative.geo.services.communes_load` on
   shared/data/geo/laposte_hexasmal.csv) and creates a few owners through the ORM.
3. Writes N ads (default 1,000,000) straight into `classifieds_ad` with COPY, streamed in
   chunks (the model's secondary indexes and foreign keys are dropped during the COPY and
   put back after it, as a bulk load would): about 40 % immobilier, 30 % automobile, 30 %
   bonnes affaires, French titles and descriptions from the word lists below, plausible
   prices per category, a commune drawn uniformly among those with coordinates (department
   and position copied from it, as `Ad.save()` does), published over the last 60 days and
   online for 60 days; about 8 % are no longer online (expired, sold, pending, deleted).
   Then VACUUM ANALYZE (autovacuum is off on this server: the bench does its work).
4. Measures, with the real selectors and many random instances of each search (interleaved,
   after a warm-up), what the search page runs: `ad_counts(...)` (one count per category,
   which also gives the paginator its total) and the first page
   (`list(ad_search(...)[:20])`), separately and summed. Reports median and p95 in ms, the
   rows returned, the ratio of each p95 to the plain category listing's first-page median
   measured in the same run, and EXPLAIN (ANALYZE, BUFFERS) of the slowest instance of each.
5. `--reuse` keeps a filled database and migrates it to the committed schema first.
6. Writes a Markdown section into docs/performance.md (between the classifieds_search
   markers), prints it, and saves the raw results to bench/results/classifieds_search.json.

    .venv/bin/python bench/classifieds_search.py             # full run, 1,000,000 ads
    .venv/bin/python bench/classifieds_search.py --reuse     # keep a filled database
    .venv/bin/python bench/classifieds_search.py --smoke     # 20,000 ads, no doc written
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from _classifieds_search.fill import ads_summary, fill_ads, load_communes
from _classifieds_search.report import markdown
from _classifieds_search.searches import Instances, explain_instance, measure
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

NAME = "classifieds_search"
DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/rotative_ads_bench"
DOC_INTRO = "## Classified ads search\n\n"


def arguments(argv):
    parser = cli.parser(
        __doc__,
        db_env="BENCH_ADS_DATABASE_URL",
        db_default=DEFAULT_DB_URL,
        smoke="20,000 ads, 20 runs, no doc",
    )
    parser.add_argument("--ads", type=int, default=None, help="ads to write (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=None, help="timed instances per search (200)")
    parser.add_argument(
        "--warmup", type=int, default=None, help="untimed instances per search (10)"
    )
    parser.add_argument(
        "--budget", type=float, default=30.0, help="seconds at most per search and phase"
    )
    parser.add_argument("--reuse", action="store_true", help="keep an already filled database")
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args(argv)
    if args.smoke:
        args.ads = args.ads or 20_000
        args.runs = args.runs or 20
        args.warmup = args.warmup if args.warmup is not None else 3
        args.no_doc = True
    args.ads = args.ads or 1_000_000
    args.runs = args.runs or 200
    args.warmup = args.warmup if args.warmup is not None else 10
    return args


def fill(args, env, log) -> dict:
    """A new database filled with communes and ads, or (--reuse) the one already filled,
    migrated to the committed schema."""
    from django.utils import timezone

    reuse = args.reuse and database_exists(args.database_url)
    migrate_s = 0.0
    if not reuse:
        recreate_database(args.database_url)
        migrate_s = run_migrate(env, log)
    django_setup(env)
    if reuse:
        migrate_s = run_migrate(env, log)  # the committed schema, whatever ran before
        sql("VACUUM (ANALYZE) classifieds_ad")
        count = sql("SELECT count(*) FROM classifieds_ad", fetch=True)[0][0]
        filled = {"reused": True, "ads": count}
        communes = {"loaded": sql("SELECT count(*) FROM geo_commune", fetch=True)[0][0]}
        log(f"reusing {count:,} ads")
    else:
        started = time.monotonic()
        communes = load_communes(log)
        filled = fill_ads(args.ads, seed=args.seed, now=timezone.now(), log=log)
        filled["total_s"] = round(time.monotonic() - started + migrate_s, 1)
    return {"reuse": reuse, "migrate_s": migrate_s, "communes": communes, "fill": filled}


def measure_searches(args, log) -> dict:
    """Warm-up and timed instances of every search, then the plan of each one's slowest."""
    instances = Instances(args.seed + 1)
    measured = measure(
        instances,
        runs=args.runs,
        warmup=args.warmup,
        budget_s=args.budget,
        log=log,
        phase="measured",
    )
    plans = {key: explain_instance(case.pop("_slowest_filters")) for key, case in measured.items()}
    return {"measured": measured, "plans": plans}


def results_build(args, argv, *, pg_version, filled, ads, searches, began) -> dict:
    return {
        "date": run_date(),
        "command": command_line(NAME, argv),
        "machine": machine(pg_version, platform=platform.platform(), load_average=os.getloadavg()),
        "params": {
            "database": db_name(args.database_url),
            "ads": args.ads,
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
        "ads": ads,
        **searches,
        "peak_rss_mib": cli.peak_rss_mib(),
        "elapsed_s": round(time.monotonic() - began, 1),
    }


def main(argv=None):
    args = arguments(argv)
    began = time.monotonic()
    log = cli.logger()
    var_dir = Path(tempfile.mkdtemp(prefix="rotative-ads-bench-"))
    try:
        env = bench_environment(args.database_url, var_dir)
        filled = fill(args, env, log)
        pg_version = server_version()
        ads = ads_summary()
        log(
            f"ads: {json.dumps(ads['by_category'], ensure_ascii=False)}, table {ads['table_mib']} MiB"
        )
        searches = measure_searches(args, log)
        results = results_build(
            args,
            argv,
            pg_version=pg_version,
            filled=filled,
            ads=ads,
            searches=searches,
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
        cli.clean_up(var_dir)


if __name__ == "__main__":
    sys.exit(main())
