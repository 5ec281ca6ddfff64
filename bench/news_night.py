#!/usr/bin/env python
"""A news night against the production processes behind Varnish, with faults (`make bench-night`).

1. Deploys production the README's way in a scratch folder: .env.example filled in (secrets,
   this machine's ports), a fresh PostgreSQL database (`rotative_night_bench`, dropped
   first), a Redis of its own, migrate, collectstatic and the demo, then an archive of
   articles (the news pages bench's bulk fill), reader accounts and the wire desk (the wire
   bench's folder source); 2 web processes and 2 workers by deploy/Procfile's lines; Varnish
   with deploy/varnish/ on their ports; an SMTP sink for the mail.
2. For --minutes (10): anonymous readers, readers holding the En direct stream, logged-in
   readers commenting (CSRF token, form stamp, the site's pace), sign-ups from addresses of
   their own, all through Varnish; editors publishing articles and live entries through the
   services in a process of their own; the agency dropping NewsML-G2 files.
3. Meanwhile (bench/_news_night/faults.py): Redis stopped for 30 s then started again, a
   worker SIGKILLed and replaced, every PostgreSQL connection of the site terminated. Every
   process's memory is sampled every few seconds.
4. Reports throughput, p50 and p99 per endpoint, errors and expected refusals, each fault's
   window against the calm phase, memory over time; writes bench/results/news_night.json and
   its section of docs/performance.md. Exits 1 unless 0 errors and flat memory.

    .venv/bin/python bench/news_night.py                    # the full night (~12 min)
    .venv/bin/python bench/news_night.py --minutes 1 --no-doc   # a short one
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

from _common import BASE_DIR, cli
from _common.db import db_name, server_version
from _common.report import command_line, machine, publish, run_date
from _news_night import faults, report
from _news_night.fill import fill
from _news_night.memory import Memory, summary
from _news_night.newsroom import Editors, Wire
from _news_night.site import Deployment
from _news_night.traffic import Reader, Recorder, drive

NAME = "news_night"
DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/rotative_night_bench"


def arguments(argv):
    parser = cli.parser(
        __doc__, db_env="BENCH_NIGHT_DATABASE_URL", db_default=DEFAULT_DB_URL, smoke=None
    )
    add = parser.add_argument
    add("--minutes", type=float, default=10.0, help="length of the load (10)")
    add("--articles", type=int, default=3000, help="archive articles besides the demo's")
    add("--readers", type=int, default=24, help="anonymous readers (virtual users)")
    add("--streams", type=int, default=10, help="readers holding the En direct stream open")
    add("--commenters", type=int, default=8, help="logged-in readers who comment")
    add("--think", type=float, default=1.0, help="mean seconds between a reader's requests")
    add("--comment-every", type=float, default=60.0, help="seconds between a reader's comments")
    add("--signup-every", type=float, default=10.0, help="mean seconds between sign-ups")
    add("--article-every", type=float, default=30.0, help="seconds between published articles")
    add("--live-every", type=float, default=20.0, help="seconds between live entries")
    add("--wire-every", type=float, default=15.0, help="seconds between wire deliveries")
    add("--workers", type=int, default=2, help="db_worker processes")
    add("--rss-every", type=float, default=5.0, help="seconds between memory samples")
    add(
        "--drift-bar",
        type=float,
        default=0.10,
        help="share of its settled memory a web or worker process may gain (0.10)",
    )
    add("--warmup-share", type=float, default=0.25, help="share of the load before slopes count")
    add("--seed", type=int, default=20261207)
    add("--keep", action="store_true", help="keep the scratch folder (logs, .env)")
    return parser.parse_args(argv)


def django_here(env: dict) -> None:
    """Django in this process, on the site's own environment (production settings)."""
    os.environ.update(env)
    for path in (str(BASE_DIR), str(BASE_DIR / "bench")):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()


def django_release() -> None:
    """This process holds no connection during the night: the faults are the site's."""
    from django.db import connections

    for connection in connections.all():
        connection.close()
        if hasattr(connection, "close_pool"):
            connection.close_pool()


async def warm(site: Deployment, catalogue: dict) -> None:
    """The pages every reader starts from, once, so the calm phase is not all cold misses."""
    import aiohttp

    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
        reader = Reader(
            session, f"http://127.0.0.1:{site.varnish_port}", Recorder(0), random.Random(1), 0
        )
        for path in [
            "/",
            "/en-direct/",
            *catalogue["sections"],
            *[p for _pk, p in catalogue["articles"][:30]],
        ]:
            await reader.request("warm", "GET", path)


async def night(site: Deployment, catalogue: dict, args, log) -> dict:
    await warm(site, catalogue)
    site.load_s = args.minutes * 60
    began = time.monotonic()
    stop = began + site.load_s
    recorder, memory = Recorder(began), Memory(began)
    editors = Editors(site.env, args.article_every, args.live_every, site.logs)
    wire = Wire(site.wire_dir, args.seed)
    rng = random.Random(args.seed)

    async def sample():
        while time.monotonic() < stop:
            memory.sample(site.pids())
            await asyncio.sleep(args.rss_every)
        memory.sample(site.pids())

    async def agency():
        while time.monotonic() < stop - 5:
            await asyncio.to_thread(wire.drop, rng.randint(1, 3))
            await asyncio.sleep(args.wire_every)

    log(f"load: {args.minutes:g} min through Varnish on {site.varnish_port}")
    base = f"http://127.0.0.1:{site.varnish_port}"
    _, done, _, _ = await asyncio.gather(
        drive(base, catalogue, recorder, args, stop),
        faults.inject(site, db_name(args.database_url), began, log),
        sample(),
        agency(),
    )
    actions = editors.stop()
    for action in actions:
        action["t"] -= began
    log(f"load done: {len(recorder.rows):,} requests, {len(actions)} editor actions")
    return {
        "recorder": recorder,
        "memory": memory,
        "faults": done,
        "editors": actions,
        "wire": wire,
    }


def after_the_night(wire: Wire, log, wait_s: float = 100) -> dict:
    """Wait for the desk to take in the last deliveries; what it made of them; the queue."""
    from django.db.models import Count

    from rotative.wire.models import Dispatch, QuarantinedFile

    deadline = time.monotonic() + wait_s
    while True:
        dispatches = Dispatch.objects.filter(guid__startswith=wire.prefix)
        taken = dispatches.count()
        if taken >= len(wire.dropped) or time.monotonic() > deadline:
            break
        time.sleep(2)
    by_status = dict(dispatches.values_list("status").annotate(n=Count("pk")).order_by())
    from django_tasks_db.models import DBTaskResult

    tasks = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("pk")).order_by())
    log(f"wire: {len(wire.dropped)} dropped, {by_status}; tasks {tasks}")
    return {
        "wire": {
            "dropped": len(wire.dropped),
            "dropped_before_last_poll": len(wire.dropped),
            "dispatches": taken,
            "published": by_status.get("published", 0),
            "by_status": by_status,
            "quarantined": QuarantinedFile.objects.filter(filename__startswith="nuit-").count(),
        },
        "tasks": tasks,
    }


def server_log_errors(logs: Path) -> list[str]:
    """What the site's processes logged at ERROR or CRITICAL (text or JSON format), without
    the time stamp."""
    pattern = re.compile(r'^\S+ (ERROR|CRITICAL) (.*)|"level": ?"(ERROR|CRITICAL)"')
    found = []
    for path in logs.glob("*.log"):
        if path.name.startswith(("web", "worker", "editors")):
            for line in path.read_text(errors="replace").splitlines():
                match = pattern.search(line)
                if match:
                    found.append((match.group(2) or line)[:200])
    return found


def main(argv=None):
    args = arguments(argv)
    cli.exit_on_sigterm()
    log = cli.logger()
    workdir = Path(tempfile.mkdtemp(prefix="rotative-night-"))
    site = Deployment(workdir, args.database_url, log, workers=args.workers)
    mail = {}
    try:
        env = site.configure()
        timings = site.install()
        django_here(env)
        pg_version = server_version()
        load_average = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        catalogue = fill(
            args.database_url,
            articles=args.articles,
            readers=args.commenters,
            wire_dir=site.wire_dir,
            seed=args.seed,
            log=log,
        )
        django_release()
        site.start()
        night_results = asyncio.run(night(site, catalogue, args, log))
        desk = after_the_night(night_results["wire"], log)
        django_release()
    finally:
        mail = site.stop()
        errors_logged = server_log_errors(site.logs) if site.logs.exists() else []
        cli.clean_up(workdir, keep=args.keep, log=log)
    results = results_of(
        args,
        argv,
        night_results,
        desk,
        mail,
        errors_logged,
        catalogue,
        timings,
        pg_version,
        load_average,
    )
    publish(
        name=NAME,
        results=results,
        text=report.markdown(results),
        json_name=f"{NAME}.json" if args.minutes >= 10 else f"{NAME}_{args.minutes:g}min.json",
        no_doc=args.no_doc,
        intro=report.DOC_INTRO,
        log=log,
    )
    return 1 if results["failures"] else 0


def results_of(
    args,
    argv,
    night_results,
    desk,
    mail,
    errors_logged,
    catalogue,
    timings,
    pg_version,
    load_average,
):
    load_s = args.minutes * 60
    recorder = night_results["recorder"]
    editors = night_results["editors"]
    publishes = [a["s"] for a in editors if a["kind"] == "article" and not a["error"]]
    from _common.stats import pct

    results = {
        "date": run_date(),
        "command": command_line(NAME, argv),
        "machine": machine(pg_version, load_average=load_average),
        "params": {
            k: v for k, v in vars(args).items() if k not in {"database_url", "no_doc", "keep"}
        },
        "data": {
            "articles": len(catalogue["articles"]),
            "install_s": timings,
            "fill_s": catalogue["fill_s"],
        },
        "faults": night_results["faults"],
        "traffic": {
            **report.analyse(recorder.rows, load_s=load_s, faults=night_results["faults"]),
            "stream": recorder.stream,
        },
        "notes": recorder.notes,
        "memory": summary(night_results["memory"], load_s=load_s, warmup_share=args.warmup_share),
        "memory_samples": night_results["memory"].series,
        "newsroom": {
            "articles": sum(1 for a in editors if a["kind"] == "article" and not a["error"]),
            "live_entries": sum(1 for a in editors if a["kind"] == "live" and not a["error"]),
            "editor_errors": sum(1 for a in editors if a["error"]),
            "editor_error_samples": [a for a in editors if a["error"]][:5],
            "publish_p99_ms": report.ms(pct(publishes, 0.99)),
            "wire": desk["wire"],
        },
        "tasks": desk["tasks"],
        "mail": mail,
        "server_log_errors": errors_logged,
    }
    results["failures"] = report.verdict(results, args.drift_bar)
    return results


if __name__ == "__main__":
    sys.exit(main())
