#!/usr/bin/env python
# ruff: noqa: E501  (Markdown and log lines read better unwrapped)
"""Load test of the En direct push: many Server-Sent Events streams on one server process.

1. Creates a dedicated database (`rotative_live_bench` by default; dropped first), migrates
   it in a subprocess, then sets Django up in this process (`rotative.settings.base`,
   LIVE_BROKER=postgres) to publish entries with `live_entry_publish`, as the desk does.
2. Starts ONE server process, `python -m uvicorn rotative.asgi:application` (uvloop and
   httptools, uvicorn's own choice when installed), with the same database and broker, a
   temporary ROTATIVE_VAR_DIR and the open-files limit raised to its hard limit.
3. Clients run in `--workers` separate processes (2 by default; spawned, not forked), each an
   asyncio event loop of plain protocol objects (no HTTP library): a connection sends
   `GET /en-direct/flux/?canal=site`, decodes the chunked body and the SSE frames, counts as
   held once its `retry:` line arrived, and records the receive time of every event id.
4. Climbs levels of connections (1 = the baseline, then 100, 500, 1,000, 2,000, 5,000,
   7,500, 10,000 by default), opening the new ones 200 at a time. At each level it publishes
   `--events` entries `--interval` seconds apart, noting the time each publish returned
   (after commit, so after the NOTIFY), waits for every held connection to receive every
   event (or a timeout), and computes publish-to-receive latency (median, p99, max) over every
   (connection, event), missed deliveries, connections refused or dropped, the server's RSS
   (VmRSS), open files and CPU time (/proc/<pid>/stat), the clients' CPU time, the machine's
   busy share and load average. Climbing stops at the first level where a connection failed
   or dropped, an event was missed or p99 reached `--max-p99` (1 s, the issue's target).
5. Cold start probe (`--no-probe` to skip): two fresh server processes, each given 200
   connections, either all at once or after a first one; counts the sessions LISTENing on
   the database and the server CPU per event, to show what a reconnection burst after a
   restart costs.
6. Writes bench/results/live_push.json, prints a Markdown report and writes it into
   docs/performance.md between the live_push markers.

Only the standard library + what the project already depends on; all traffic is local.

    .venv/bin/python bench/live_push.py               # full run, about 3 minutes
    .venv/bin/python bench/live_push.py --smoke       # levels 1 and 50, 5 events, no doc
"""

from __future__ import annotations

import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

from _common import cli
from _common.db import (
    DJANGO_KEYS,
    bench_environment,
    db_name,
    django_setup,
    recreate_database,
    run_migrate,
    server_version,
    sql,
)
from _common.processes import free_port, http_get, stop_process, wait_ready
from _common.report import command_line, machine, publish, results_name, run_date
from _live_push.clients import Clients, now
from _live_push.levels import cold_start_probe, publish_events, run_level, slower_rate
from _live_push.report import DOC_INTRO, TARGET_CONNECTIONS, TARGET_P99_S, markdown
from _live_push.server import (
    proc_nofile_limit,
    proc_status,
    profile_summary,
    raise_nofile,
    start_server,
)

NAME = "live_push"
DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/rotative_live_bench"
DEFAULT_LEVELS = [1, 100, 500, 1000, 2000, 5000, 7500, 10000]
SMOKE_LEVELS = [1, 50]
LIVE_KEYS = (*DJANGO_KEYS, "LIVE_BROKER", "ALLOWED_HOSTS", "SECRET_KEY")


def arguments(argv):
    parser = cli.parser(
        __doc__,
        db_env="BENCH_LIVE_DATABASE_URL",
        db_default=DEFAULT_DB_URL,
        smoke="levels 1 and 50, 5 events, no doc",
    )
    parser.add_argument(
        "--levels",
        default=None,
        help="comma-separated connection counts, the first being the baseline (default "
        + ",".join(map(str, DEFAULT_LEVELS))
        + ")",
    )
    parser.add_argument("--events", type=int, default=20, help="entries published per level")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between entries")
    parser.add_argument("--workers", type=int, default=2, help="client processes")
    parser.add_argument("--batch", type=int, default=200, help="connections opened at a time")
    parser.add_argument("--connect-timeout", type=float, default=30.0)
    parser.add_argument(
        "--delivery-timeout",
        type=float,
        default=15.0,
        help="seconds after the last publish to wait for every receipt (+1 s per 1,000 streams)",
    )
    parser.add_argument(
        "--max-p99", type=float, default=TARGET_P99_S, help="stop climbing at this p99 (s)"
    )
    parser.add_argument(
        "--slow-interval",
        type=float,
        default=2.0,
        help="where p99 stops the climb, publish again this many seconds apart",
    )
    parser.add_argument("--slow-events", type=int, default=10, help="0 to skip that check")
    parser.add_argument("--no-probe", action="store_true", help="skip the cold start probe")
    parser.add_argument("--probe-connections", type=int, default=200)
    parser.add_argument("--probe-events", type=int, default=10)
    parser.add_argument(
        "--profile-server",
        action="store_true",
        help="run the server under cProfile (its event loop thread; slows it: no doc written)",
    )
    parser.add_argument("--keep-files", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.smoke:
        args.levels = args.levels or ",".join(map(str, SMOKE_LEVELS))
        args.events = min(args.events, 5)
        args.interval = min(args.interval, 0.3)
        args.probe_connections = min(args.probe_connections, 50)
        args.probe_events = min(args.probe_events, 3)
        args.delivery_timeout = min(args.delivery_timeout, 5.0)
        args.slow_events = min(args.slow_events, 3)
        args.no_doc = True
    if args.profile_server:
        args.no_doc = True
    args.levels = [int(x) for x in (args.levels or ",".join(map(str, DEFAULT_LEVELS))).split(",")]
    args.db = db_name(args.database_url)
    return args


def database(args, var_dir: Path, log) -> tuple[dict, dict]:
    """A new database, migrated, and Django on it in this process (LIVE_BROKER=postgres)."""
    env = bench_environment(
        args.database_url,
        var_dir,
        LIVE_BROKER="postgres",
        ALLOWED_HOSTS="127.0.0.1",
        SECRET_KEY="rotative-live-bench-" + os.urandom(16).hex(),
    )
    recreate_database(args.database_url)
    migrate_s = run_migrate(env, log)
    django_setup(env, keys=LIVE_KEYS)
    from django.conf import settings

    if settings.LIVE_BROKER != "postgres":
        sys.exit(f"LIVE_BROKER is {settings.LIVE_BROKER!r}, expected postgres")
    import uvicorn

    return env, {
        "migrate_s": migrate_s,
        "postgres": server_version(),
        "postgres_max_connections": int(sql("SHOW max_connections", fetch=True)[0][0]),
        "uvicorn": uvicorn.__version__,
    }


def server_start(args, env, workdir: Path, log):
    """The one server process, ready and warmed by a few plain requests: (server, port, info)."""
    port = free_port()
    profile_path = workdir / "server.prof" if args.profile_server else None
    server = start_server(env, port, workdir / "server.log", profile_path)
    ready_s = wait_ready(server, port)
    for path in ("/robots.txt", "/en-direct/evenements.json", "/robots.txt"):
        http_get(port, path)
    time.sleep(0.5)
    idle = proc_status(server.pid)
    info = {
        "pid": server.pid,
        "ready_s": round(ready_s, 1),
        "rss_kib_idle": idle.get("VmRSS"),
        "fds_idle": idle.get("fds"),
        "threads_idle": idle.get("Threads"),
        "nofile_limit": proc_nofile_limit(server.pid),
    }
    log(
        f"server pid {server.pid} on port {port}, ready in {ready_s:.1f} s, RSS "
        f"{(idle.get('VmRSS') or 0) / 1024:.0f} MiB, open-files limit "
        f"{info['nofile_limit']}"
    )
    return server, port, info


def warm(clients: Clients, args, log) -> None:
    """One stream (it starts the hub: LISTEN, pool), a few entries (templates)."""
    clients.call(
        "open",
        per_worker=[
            {"n": 1 if i == 0 else 0, "batch": 1, "timeout": 30} for i in range(args.workers)
        ],
    )
    clients.call("reset")
    warm = publish_events(3, 0.3, "échauffement")
    clients.call("collect", published={i: p["after"] for i, p in warm.items()}, timeout=10)
    log("warm-up: 1 stream, 3 entries")


def climb(clients: Clients, server, args, log) -> list[dict]:
    """Level after level until one fails; where only latency failed, the slower rate."""
    results_levels = []
    held = 1
    for target in args.levels:
        if target < held:
            continue
        level = run_level(clients, server.pid, target, held, args, log)
        results_levels.append(level)
        held = level["held"]
        if level["failed"]:
            if level["held_all"] and args.slow_events:
                level["slower_rate"] = slower_rate(clients, server.pid, args, log)
            break
        if server.poll() is not None:
            log(f"the server stopped (exit {server.returncode})")
            break
    return results_levels


def after_close(clients: Clients, server, log) -> dict:
    """The server 2 s and 15 s after every stream closed."""
    clients.call("close_all")
    time.sleep(2.0)
    after = proc_status(server.pid)
    log(f"2 s after closing: {after}")
    time.sleep(13.0)
    later = proc_status(server.pid)
    log(f"15 s after closing: {later}")
    return {"after_close": after, "after_close_15s": later}


def stop(clients: Clients, server, log) -> None:
    clients.stop()
    log(f"server: {stop_process(server, grace=6)}")


def profile_read(args, workdir: Path) -> dict | None:
    """With --profile-server, the server's cProfile (written when it stopped)."""
    if not (args.profile_server and (workdir / "server.prof").exists()):
        return None
    server_profile = profile_summary(workdir / "server.prof")
    print(server_profile["text"])
    return server_profile


def results_build(args, argv, *, setup, nofile, server_info, levels, measured, began) -> dict:
    held_levels = [lv for lv in levels if lv["held_all"]]
    at_target = next((lv for lv in levels if lv["connections"] == TARGET_CONNECTIONS), None)
    reached = bool(
        at_target
        and at_target["held_all"]
        and at_target["latency_ms"]["p99"] is not None
        and at_target["latency_ms"]["p99"] < TARGET_P99_S * 1000
    )
    return {
        "date": run_date(),
        "command": command_line(NAME, argv),
        "machine": machine(
            setup["postgres"],
            postgres_max_connections=setup["postgres_max_connections"],
            uvicorn=setup["uvicorn"],
            platform=platform.platform(),
            bench_nofile=list(nofile),
        ),
        "params": {
            "database": args.db,
            "levels": args.levels,
            "events": args.events,
            "interval": args.interval,
            "workers": args.workers,
            "batch": args.batch,
            "connect_timeout": args.connect_timeout,
            "delivery_timeout": args.delivery_timeout,
            "max_p99_s": args.max_p99,
            "smoke": args.smoke,
        },
        "migrate_s": round(setup["migrate_s"], 1),
        "server": server_info,
        "levels": levels,
        **measured,
        "loadavg_end": [round(x, 2) for x in os.getloadavg()],
        "target": {
            "connections": TARGET_CONNECTIONS,
            "p99_s": TARGET_P99_S,
            "reached": reached,
            "most_held": max((lv["connections"] for lv in held_levels), default=0),
            "p99_ms": at_target["latency_ms"]["p99"] if at_target else None,
        },
        "elapsed_s": round(now() - began, 1),
    }


def main(argv=None):
    args = arguments(argv)
    began = now()
    cli.exit_on_sigterm()
    log = cli.logger()
    nofile = raise_nofile()
    need = max(args.levels) + 200
    if nofile[0] != resource.RLIM_INFINITY and nofile[0] < need:
        log(f"open-files limit {nofile[0]} is below the {need} the top level needs")
    workdir = Path(tempfile.mkdtemp(prefix="rotative-live-bench-"))
    (workdir / "var").mkdir()
    log(f"working folder {workdir}, open-files limit {nofile[0]}")
    server = clients = None
    loadavg_start = [round(x, 2) for x in os.getloadavg()]
    try:
        # Fill: the database; then the server, the client processes, a warm-up.
        env, setup = database(args, workdir / "var", log)
        server, port, server_info = server_start(args, env, workdir, log)
        clients = Clients(args.workers, "127.0.0.1", port)
        warm(clients, args, log)
        # Measure: the levels, the server after closing, its profile, the cold start probe.
        levels = climb(clients, server, args, log)
        closed = after_close(clients, server, log)
        stop(clients, server, log)
        clients = server = None  # stopped: nothing left for the finally clause
        server_profile = profile_read(args, workdir)
        probe = None if args.no_probe else cold_start_probe(env, args, log, workdir)
        # Report.
        results = results_build(
            args,
            argv,
            setup=setup,
            nofile=nofile,
            server_info=server_info,
            levels=levels,
            measured={
                **closed,
                "probe": probe,
                "server_profile": server_profile,
                "loadavg_start": loadavg_start,
            },
            began=began,
        )
        json_name = f"{NAME}_profile.json" if args.profile_server and not args.smoke else None
        publish(
            name=NAME,
            results=results,
            text=markdown(results),
            json_name=json_name or results_name(NAME, smoke=args.smoke),
            no_doc=args.no_doc,
            intro=DOC_INTRO,
            log=log,
        )
        return 0
    finally:
        if clients is not None:
            clients.stop()
        if server is not None:
            log(f"server: {stop_process(server, grace=6)}")
        log_file = workdir / "server.log"
        if log_file.exists() and log_file.stat().st_size:
            tail = log_file.read_text(encoding="utf-8", errors="replace")[-3000:]
            print("--- end of the server's log ---\n" + tail)
        cli.clean_up(workdir, keep=args.keep_files, log=log)


if __name__ == "__main__":
    sys.exit(main())
