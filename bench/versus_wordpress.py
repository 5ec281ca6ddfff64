#!/usr/bin/env python
"""Load bench: Rotative against WordPress, same run, same machine (`make bench-wordpress`).

WordPress is the peer /work/shared/peers/wordpress.sh sets up (Debian's packages, php-fpm,
MariaDB, nginx on 127.0.0.1:8081, 100,000 posts; run it first, as root, `BENCH=0` to set up
only). Rotative runs on the 100,000-article database of bench/news_pages.py (created and
filled here when missing; `--reuse` keeps it when it has as many articles), with production
settings (.env.example filled in, a Redis database number of its own), deploy/Procfile's web
line with `--workers 2`, and Varnish with deploy/varnish/ in front.

Cases, each side after a warm-up and once the servers are idle, interleaved WordPress /
Rotative, in `--passes` passes (the second starts with the other side): the article page
(the middle post wordpress.sh measures; Rotative's middle article, straight to uvicorn), the
home page, search « maire » (in every article) and « tempête » (in about 35 %) under
`wrk -t2 -c32`; search « maire » alone; the article at a constant 100 req/s (open loop: p99);
the article through Varnish (a hit) against an nginx of the bench's own serving the bytes
Varnish served as a file, without and with `Accept-Encoding: gzip`. Errors of every run are
counted (non-2xx, timeouts, socket errors); memory (RSS, PSS) of each server process and the
database connections of each are taken idle, half-way through each run and at its end.

    .venv/bin/python bench/versus_wordpress.py --reuse
    .venv/bin/python bench/versus_wordpress.py --reuse --cases cached,cached_gzip \
        --duration 10 --passes 1
    .venv/bin/python bench/versus_wordpress.py --smoke      # 2,000 articles, 3 s runs, no doc
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
import time
from pathlib import Path

from _common import cli
from _common.db import db_name, server_version
from _common.report import command_line, machine, publish, results_name, run_date
from _versus_wordpress import cases as case_mod
from _versus_wordpress import load, memory, wordpress
from _versus_wordpress.report import DOC_INTRO, markdown
from _versus_wordpress.rotative import HEADERS, RotativeSite
from _versus_wordpress.static import StaticNginx

NAME = "versus_wordpress"
DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/rotative_bench_load"
SIZES = {  # (full run, --smoke)
    "articles": (100_000, 2000),
    "duration": (30.0, 3.0),
    "warmup": (5.0, 1.0),
    "passes": (2, 1),
    "single": (7, 3),
}


def arguments(argv):
    parser = cli.parser(
        __doc__,
        db_env="BENCH_DATABASE_URL",
        db_default=DEFAULT_DB_URL,
        smoke="2,000 articles (its own database unless --database-url), 3 s runs, one pass, no doc",
    )
    parser.add_argument("--articles", type=int, help="default 100,000")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database if it has as many articles"
    )
    parser.add_argument("--seed", type=int, default=20240607, help="news_pages.py's fill seed")
    parser.add_argument("--cases", default=",".join(case_mod.ORDER), help="case keys, in order")
    parser.add_argument("--duration", type=float, help="seconds per run (30)")
    parser.add_argument("--warmup", type=float, help="seconds of warm-up at 2 connections (5)")
    parser.add_argument("--passes", type=int, help="passes over the cases (2)")
    parser.add_argument("--connections", type=int, default=32, help="wrk -c (32)")
    parser.add_argument("--timeout", type=float, default=30, help="wrk --timeout, s (30)")
    parser.add_argument("--rate", type=float, default=100, help="open-loop req/s (100)")
    parser.add_argument(
        "--wordpress-word",
        default="Tanguy",
        help="WordPress's search for a word in a third of its posts (« tempête » is in none)",
    )
    parser.add_argument("--single", type=int, help="single requests per side (7)")
    parser.add_argument("--redis-db", type=int, default=13, help="Redis database number (13)")
    parser.add_argument(
        "--varnish-param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra varnishd -p (to try a setting; repeatable)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)
    for name, defaults in SIZES.items():
        if getattr(args, name) is None:
            setattr(args, name, defaults[args.smoke])
    if args.smoke:
        args.no_doc = True
        if args.database_url == DEFAULT_DB_URL:
            args.database_url = DEFAULT_DB_URL + "_smoke"
    unknown = set(args.cases.split(",")) - set(case_mod.ORDER)
    if unknown:
        parser.error(f"unknown cases {sorted(unknown)}: choose among {','.join(case_mod.ORDER)}")
    return args


def prepare_database(args, log) -> tuple[bool, dict, str, dict]:
    """news_pages.py's database (filled, or kept with --reuse); Django in this process on it.
    Returns (reused, fill info, the middle article's path, the search words' matches)."""
    import news_pages

    reused, fill_info = news_pages.prepare(args, "https://www.example.fr", log)
    from rotative.news.models import ArticlePage

    ids = list(ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True))
    middle = ArticlePage.objects.get(pk=ids[len(ids) // 2])
    path = middle.get_url_parts()[2]
    return reused, fill_info, path, {"id": middle.pk, "title": middle.title}


def main(argv=None):
    args = arguments(argv)
    cli.exit_on_sigterm()
    log = cli.logger()
    began = time.monotonic()
    wordpress.wait_setup(log)
    wp = {"post": wordpress.middle_post()}
    wp["matches"] = {w: wordpress.matches(w) for w in ("maire", "tempête", args.wordpress_word)}
    log(f"WordPress: post #{wp['post']['id']} {wp['post']['path']}, matches {wp['matches']}")
    reused, fill_info, article, article_info = prepare_database(args, log)
    pg_version = server_version()
    from django.db import connection

    # The pool's idle connections would count as some other process's during the runs.
    connection.close_pool()
    log(f"Rotative: article #{article_info['id']} {article}")
    workdir = Path(tempfile.mkdtemp(prefix="versus-wordpress-"))
    rot = RotativeSite(workdir, args.database_url, log, redis_db=args.redis_db)
    nginx = StaticNginx(workdir)
    import psycopg
    from _common.db import admin_url

    pg_admin = psycopg.connect(admin_url(args.database_url), autocommit=True)
    try:
        rot.configure()
        params = [x for p in args.varnish_param for x in ("-p", p)]
        rot.start(varnish_params=tuple(params))
        ctx = setup_context(args, log, workdir, wp, rot, nginx, article, pg_admin)
        results = measure(args, ctx, log)
    finally:
        rot.stop()
        nginx.stop()
        pg_admin.close()
        cli.clean_up(workdir, keep=args.keep, log=log)
    results.update(
        {
            "date": run_date(),
            "command": command_line(NAME, argv),
            "machine": machine(pg_version, **machine_extra()),
            "params": {
                k: getattr(args, k)
                for k in [
                    "articles",
                    "duration",
                    "warmup",
                    "passes",
                    "connections",
                    "timeout",
                    "rate",
                    "single",
                    "cases",
                    "redis_db",
                    "varnish_param",
                    "wordpress_word",
                ]
            },
            "reused": reused,
            "fill": fill_info,
            "wordpress": wp,
            "rotative": {
                "article": article,
                **article_info,
                "database": db_name(args.database_url),
            },
            "elapsed_s": round(time.monotonic() - began, 1),
        }
    )
    # A run of some cases only (to retry one quickly) never replaces the full run's figures.
    partial = args.cases != ",".join(case_mod.ORDER)
    publish(
        name=NAME,
        results=results,
        text=markdown(results),
        json_name=f"{NAME}_partial.json" if partial else results_name(NAME, smoke=args.smoke),
        no_doc=args.no_doc or partial,
        intro=DOC_INTRO,
        log=log,
    )
    errors = sum(
        run.get("non_2xx", 0) + run.get("socket_errors", 0) + run.get("timeouts", 0)
        for case in results["runs"]
        for run in case["sides"].values()
        if case["sides"]
    )
    return 1 if errors and args.smoke else 0


def machine_extra() -> dict:
    import subprocess

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    mem = Path("/proc/meminfo").read_text().split()[1]
    versions = {}
    for name, command in (
        ("varnish", ["varnishd", "-V"]),
        ("nginx", ["nginx", "-v"]),
        ("wrk", ["dpkg-query", "-W", "-f=${Version}", "wrk"]),
    ):
        with contextlib.suppress(OSError):
            done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
            versions[name] = (done.stdout + done.stderr).strip().splitlines()[0][:80]
    return {"cpu": cpu, "ram_gib": round(int(mem) / 1024 / 1024, 1), **versions}


def setup_context(args, log, workdir, wp, rot, nginx, article, pg_admin) -> dict:
    """The bytes Varnish serves for the article, saved for nginx; the functions the cases use."""
    for _ in range(2):  # the first fills the cache
        rot.get(rot.varnish_port, article)
        status, headers, plain = rot.get(rot.varnish_port, article)
        _, gz_headers, gzipped = rot.get(rot.varnish_port, article, case_mod.GZIP)
    if headers.get("X-Cache") != "hit" or gz_headers.get("Content-Encoding") != "gzip":
        log(f"WARNING: Varnish answered {status} {headers.get('X-Cache')}, {gz_headers}")
    nginx.start(plain=plain, gzipped=gzipped, content_type=headers.get("Content-Type", "text/html"))
    rot.wait_http(nginx.port, "/page")
    log(f"nginx (file) on {nginx.port}: {len(plain):,} bytes, gzip {len(gzipped):,} bytes")
    db = db_name(args.database_url)

    def all_pids():
        return {**rot.pids(), **wordpress.pids(), **nginx.pids()}

    def pg_backends():
        rows = pg_admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [db]
        ).fetchall()
        return [r[0] for r in rows]

    def server_pids():
        return [*all_pids().values(), *pg_backends(), *memory.pids_named("mariadbd")]

    def busy():
        active = pg_admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND state = 'active'"
            " AND pid <> pg_backend_pid()",
            [db],
        ).fetchone()[0]
        return active + wordpress.queries_running()

    return {
        "wp": wp,
        "wp_common_word": args.wordpress_word,
        "rot": rot,
        "nginx": nginx,
        "article": article,
        "rot_headers": HEADERS,
        "workdir": workdir,
        "log": log,
        "db": db,
        "pg_admin": pg_admin,
        "all_pids": all_pids,
        "server_pids": server_pids,
        "busy": busy,
        "page_bytes": {"plain": len(plain), "gzip": len(gzipped)},
    }


def measure(args, ctx, log) -> dict:
    load.wait_idle(ctx["server_pids"], ctx["busy"], log)
    idle = case_mod.snapshot(ctx)
    log(f"idle: load average {open('/proc/loadavg').read().split()[:3]}")  # noqa: SIM115, PTH123
    runs = []
    keys = [k for k in args.cases.split(",") if k]
    for number in range(1, args.passes + 1):
        for key in keys:
            sides = case_mod.sides(key, ctx)
            if number % 2 == 0:
                sides = sides[::-1]
            entry = {"pass": number, "key": key, "sides": {}}
            for side in sides:
                result = case_mod.run_side(key, side, ctx, args)
                result["path"] = side["path"]
                entry["sides"][side["name"]] = result
                log(f"pass {number} {key:<15} {side['name']:<12} {summary(result)}")
            runs.append(entry)
    return {"idle": idle, "runs": runs, "page_bytes": ctx["page_bytes"]}


def summary(result: dict) -> str:
    if "median_ms" in result:
        return (
            f"median {result['median_ms']} ms (max {result['max_ms']}), errors {result['errors']}"
        )
    rps = result.get("rps", result.get("achieved_rps"))
    errors = result["non_2xx"] + result["timeouts"] + result["socket_errors"]
    return f"{rps} req/s p50 {result['p50_ms']} ms p99 {result['p99_ms']} ms errors {errors}"


if __name__ == "__main__":
    sys.exit(main())
