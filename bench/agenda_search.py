#!/usr/bin/env python
# ruff: noqa: E501  (Markdown and log lines read better unwrapped)
"""Benchmark of the agenda's search: 200,000 events on PostgreSQL, « ce week-end à moins de 30 km ».

1. Creates a dedicated database (`rotative_bench_agenda` by default; dropped first), migrates
   it in a subprocess, then sets Django up in this process on the base settings.
2. Loads La Poste's communes with `manage.py geo_load` (shared/data/geo/laposte_hexasmal.csv)
   and creates one to three venues in each commune of five departments (Normandy), 500
   organisers and the home page (the listing renders in the site's layout).
3. Creates N events (default 200,000) through the ORM, half of them recurring (weekly,
   weekly until a date, every other week, monthly « 1er dimanche », daily for a season), the
   others once, on a few dates or as exhibitions; 40 % from editors, the others from
   organisers (5 % waiting, 3 % refused). Their dates are `agenda.recurrence.occurrences_expand`
   of each event's fields, expanded in worker processes, with the event's and venue's filters
   copied as `services.occurrences_regenerate` copies them, written by COPY (the table's
   indexes and foreign key dropped during it and put back after). A sample of events is then
   rewritten by `services.occurrences_regenerate` itself (rolled back) and compared.
4. Measures, with many random instances of each search (interleaved, after a warm-up), the
   real selector (`selectors.events_between` and its page's rows) and the real page
   (`/agenda/?quand=ce-week-end&commune=…&rayon=30` through Django's test client), against
   the same weekend without commune or radius. Reports p50, p95, p99, the ratio of each p95
   to its baseline's, and EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of the slowest
   « ce week-end à moins de 30 km ».
5. `--reuse` keeps a filled database (the dates stay relative to when it was filled) and
   migrates it to the committed schema first.
6. Writes a Markdown section into docs/performance.md (between the agenda_search markers),
   prints it, and saves the raw results to bench/results/agenda_search.json.

    .venv/bin/python bench/agenda_search.py             # full run, 200,000 events
    .venv/bin/python bench/agenda_search.py --reuse     # keep a filled database
    .venv/bin/python bench/agenda_search.py --smoke     # 5,000 events, no doc written
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from _agenda_search.fill import fill_events, filled_at, load_communes, regenerate_check, summary
from _agenda_search.report import markdown
from _agenda_search.searches import Instances, explain, measure
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

NAME = "agenda_search"
DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/rotative_bench_agenda"
DOC_INTRO = "## Agenda\n\n"


def arguments(argv):
    parser = cli.parser(
        __doc__,
        db_env="BENCH_AGENDA_DATABASE_URL",
        db_default=DEFAULT_DB_URL,
        smoke="5,000 events, 20 runs, no doc",
    )
    parser.add_argument("--events", type=int, default=None, help="events to create (200,000)")
    parser.add_argument("--runs", type=int, default=None, help="timed instances per search (300)")
    parser.add_argument(
        "--warmup", type=int, default=None, help="untimed instances per search (20)"
    )
    parser.add_argument("--budget", type=float, default=60.0, help="seconds at most per search")
    parser.add_argument(
        "--check", type=int, default=100, help="events rewritten by the service to compare"
    )
    parser.add_argument("--reuse", action="store_true", help="keep an already filled database")
    parser.add_argument("--seed", type=int, default=20261207)
    args = parser.parse_args(argv)
    if args.smoke:
        args.events = args.events or 5_000
        args.runs = args.runs or 20
        args.warmup = args.warmup if args.warmup is not None else 3
        args.check = min(args.check, 20)
        args.no_doc = True
    args.events = args.events or 200_000
    args.runs = args.runs or 300
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
        sql("VACUUM (ANALYZE) agenda_eventoccurrence")
        when, events = filled_at()
        log(f"reusing {events:,} events filled {when:%Y-%m-%d %H:%M}")
        counts = {
            "communes": sql("SELECT count(DISTINCT commune_id) FROM agenda_venue", fetch=True)[0][
                0
            ],
            "venues": sql("SELECT count(*) FROM agenda_venue", fetch=True)[0][0],
        }
        return {
            "reuse": True,
            "now": when,
            "migrate_s": migrate_s,
            "communes": None,
            "fill": {"reused": True, "filled_at": f"{when:%Y-%m-%d %H:%M %Z}"},
            "counts": counts,
        }
    started = time.monotonic()
    now = timezone.now()
    communes = load_communes(env, log)
    filled = fill_events(args.events, seed=args.seed, now=now, recurring_share=0.5, log=log)
    filled["total_s"] = round(time.monotonic() - started + migrate_s, 1)
    counts = {"communes": filled["communes"], "venues": filled["venues"]}
    return {
        "reuse": False,
        "now": now,
        "migrate_s": migrate_s,
        "communes": communes,
        "fill": filled,
        "counts": counts,
    }


def main(argv=None):
    args = arguments(argv)
    began = time.monotonic()
    log = cli.logger()
    cli.exit_on_sigterm()
    var_dir = Path(tempfile.mkdtemp(prefix="rotative-agenda-bench-"))
    try:
        env = bench_environment(args.database_url, var_dir)
        filled = fill(args, env, log)
        data = summary()
        log(f"data: {data}")
        check = regenerate_check(args.check, seed=args.seed, now=filled["now"])
        log(
            f"check: {check['events']} events regenerated by the service, {len(check['differ'])} differ"
        )
        measured = measure(
            Instances(args.seed + 1),
            runs=args.runs,
            warmup=args.warmup,
            budget_s=args.budget,
            log=log,
        )
        plan = explain(measured["weekend_30km"].pop("_slowest"))
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
                "events": args.events,
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
            "check": check,
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
        return 1 if check["differ"] else 0
    finally:
        cli.clean_up(var_dir)


if __name__ == "__main__":
    sys.exit(main())
