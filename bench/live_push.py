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

import argparse
import array
import asyncio
import contextlib
import datetime as dt
import errno
import json
import multiprocessing
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"
DOC_PATH = BASE_DIR / "docs" / "performance.md"
MARK_START = "<!-- bench:live_push:start -->"
MARK_END = "<!-- bench:live_push:end -->"
DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/rotative_live_bench"
SETTINGS = "rotative.settings.base"
STREAM_PATH = "/en-direct/flux/?canal=site"
TARGET_CONNECTIONS = 5000  # from the issue: 5,000 connections on one process...
TARGET_P99_S = 1.0  # ... with p99 under one second
DEFAULT_LEVELS = [1, 100, 500, 1000, 2000, 5000, 7500, 10000]
SMOKE_LEVELS = [1, 50]
CLK_TCK = os.sysconf("SC_CLK_TCK")


def now() -> float:
    # CLOCK_MONOTONIC is one clock for every process of the machine: the publisher's and the
    # clients' timestamps compare directly.
    return time.monotonic()


def raise_nofile() -> tuple[int, int]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


# --------------------------------------------------------------------------------------
# Clients (run in spawned worker processes)
# --------------------------------------------------------------------------------------


class StreamClient(asyncio.Protocol):
    """One SSE connection: HTTP/1.1 response head, chunked body, `\\n\\n`-separated frames."""

    __slots__ = (
        "request",
        "ready",
        "transport",
        "raw",
        "body",
        "head_done",
        "chunked",
        "recv",
        "dups",
        "pings",
        "closed",
        "ended",
    )

    def __init__(self, request: bytes, ready: asyncio.Future):
        self.request = request
        self.ready = ready
        self.transport = None
        self.raw = bytearray()
        self.body = bytearray()
        self.head_done = False
        self.chunked = False
        self.recv: dict[int, float] = {}
        self.dups = 0
        self.pings = 0
        self.closed = False
        self.ended = False

    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.request)

    def _fail(self, reason: str) -> None:
        if not self.ready.done():
            self.ready.set_exception(ConnectionError(reason))
        if self.transport is not None:
            self.transport.close()

    def data_received(self, data):
        t = now()
        raw = self.raw
        raw += data
        if not self.head_done:
            end = raw.find(b"\r\n\r\n")
            if end < 0:
                if len(raw) > 65536:
                    self._fail("response head too long")
                return
            head = bytes(raw[:end]).decode("latin-1").lower()
            del raw[: end + 4]
            parts = head.split(" ", 2)
            status = parts[1] if len(parts) > 1 else "?"
            if status != "200":
                self._fail(f"HTTP {status}")
                return
            self.chunked = "transfer-encoding: chunked" in head
            self.head_done = True
        body = self.body
        if self.chunked:
            while True:
                eol = raw.find(b"\r\n")
                if eol < 0:
                    break
                size = int(bytes(raw[:eol]).split(b";")[0], 16)
                if size == 0:
                    self.ended = True
                    del raw[:]
                    break
                start = eol + 2
                if len(raw) < start + size + 2:
                    break
                body += raw[start : start + size]
                del raw[: start + size + 2]
        else:
            body += raw
            del raw[:]
        while True:
            cut = body.find(b"\n\n")
            if cut < 0:
                break
            frame = bytes(body[:cut])
            del body[: cut + 2]
            if frame.startswith(b"id: "):
                event_id = int(frame[4 : frame.find(b"\n")])
                if event_id in self.recv:
                    self.dups += 1
                else:
                    self.recv[event_id] = t
            elif frame.startswith(b"retry:"):
                if not self.ready.done():
                    self.ready.set_result(t)
            elif frame.startswith(b":"):
                self.pings += 1

    def connection_lost(self, exc):
        self.closed = True
        if not self.ready.done():
            self.ready.set_exception(
                ConnectionError("closed before retry" + (f": {exc}" if exc else ""))
            )


class ClientWorker:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.request = (
            f"GET {STREAM_PATH} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "Accept: text/event-stream\r\nCache-Control: no-cache\r\n"
            "User-Agent: rotative-live-bench\r\n\r\n"
        ).encode("ascii")
        self.clients: list[StreamClient] = []

    async def _open_one(self, timeout: float):
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        started = now()
        try:
            transport, proto = await asyncio.wait_for(
                loop.create_connection(
                    lambda: StreamClient(self.request, ready), self.host, self.port
                ),
                timeout,
            )
        except TimeoutError:
            return False, "connect timeout", None
        except OSError as error:
            name = errno.errorcode.get(error.errno or 0, type(error).__name__)
            return False, f"connect {name}", None
        try:
            await asyncio.wait_for(ready, max(0.1, timeout - (now() - started)))
        except TimeoutError:
            transport.close()
            return False, f"no retry line within {timeout:.0f} s", None
        except ConnectionError as error:
            transport.close()
            return False, str(error), None
        self.clients.append(proto)
        return True, None, now() - started

    async def open(self, n: int, batch: int, timeout: float) -> dict:
        started = now()
        failures: Counter = Counter()
        times: list[float] = []
        attempted = 0
        for offset in range(0, n, batch):
            size = min(batch, n - offset)
            attempted += size
            results = await asyncio.gather(*(self._open_one(timeout) for _ in range(size)))
            batch_failed = 0
            for ok, reason, took in results:
                if ok:
                    times.append(took)
                else:
                    failures[reason] += 1
                    batch_failed += 1
            if batch_failed > size // 2:
                break  # the server refuses: no point hammering it further
        return {
            "asked": n,
            "attempted": attempted,
            "opened": len(times),
            "failures": dict(failures),
            "seconds": now() - started,
            "connect_ms": [round(t * 1000, 2) for t in times],
        }

    def reset(self) -> dict:
        dropped = sum(1 for c in self.clients if c.closed)
        self.clients = [c for c in self.clients if not c.closed]
        for client in self.clients:
            client.recv = {}
            client.dups = 0
        return {"held": len(self.clients), "dropped_before": dropped}

    async def collect(self, published: dict[int, float], timeout: float) -> dict:
        ids = sorted(published)
        clients = list(self.clients)
        started = now()
        deadline = started + timeout
        while now() < deadline:
            if all(c.closed or all(i in c.recv for i in ids) for c in clients):
                break
            await asyncio.sleep(0.2)
        waited = now() - started
        latencies = array.array("d")
        per_event = {i: [0, None, None] for i in ids}  # receipts, min, max latency (s)
        missed = dropped = incomplete = dups = 0
        for client in clients:
            dropped += client.closed
            dups += client.dups
            got_all = True
            for i in ids:
                t = client.recv.get(i)
                if t is None:
                    missed += 1
                    got_all = False
                    continue
                lat = t - published[i]
                latencies.append(lat)
                stat = per_event[i]
                stat[0] += 1
                stat[1] = lat if stat[1] is None else min(stat[1], lat)
                stat[2] = lat if stat[2] is None else max(stat[2], lat)
            incomplete += not got_all
        return {
            "connections": len(clients),
            "latencies": latencies.tobytes(),
            "per_event": per_event,
            "missed": missed,
            "dropped": dropped,
            "incomplete_connections": incomplete,
            "duplicates": dups,
            "waited_s": round(waited, 2),
            "pings": sum(c.pings for c in clients),
        }

    async def close_all(self) -> dict:
        for client in self.clients:
            if client.transport is not None:
                client.transport.close()
        count = len(self.clients)
        self.clients = []
        await asyncio.sleep(0.5)
        return {"closed": count}

    async def serve(self, conn) -> None:
        loop = asyncio.get_running_loop()
        while True:
            command, kwargs = await loop.run_in_executor(None, conn.recv)
            if command == "exit":
                await self.close_all()
                conn.send({"ok": True})
                return
            try:
                if command == "open":
                    result = await self.open(**kwargs)
                elif command == "reset":
                    result = self.reset()
                elif command == "collect":
                    result = await self.collect(**kwargs)
                elif command == "close_all":
                    result = await self.close_all()
                else:
                    result = {"error": f"unknown command {command}"}
            except Exception as error:  # noqa: BLE001 - reported to the parent
                result = {"error": f"{type(error).__name__}: {error}"}
            conn.send(result)


def client_worker_main(conn, host: str, port: int) -> None:
    raise_nofile()
    worker = ClientWorker(host, port)
    try:
        import uvloop

        uvloop.run(worker.serve(conn))
    except ImportError:
        asyncio.run(worker.serve(conn))


class Clients:
    """The parent's handle on the worker processes."""

    def __init__(self, count: int, host: str, port: int):
        ctx = multiprocessing.get_context("spawn")
        self.pipes, self.processes = [], []
        for _ in range(count):
            parent, child = ctx.Pipe()
            process = ctx.Process(target=client_worker_main, args=(child, host, port), daemon=True)
            process.start()
            child.close()
            self.pipes.append(parent)
            self.processes.append(process)

    def call(self, command: str, per_worker: list[dict] | None = None, **kwargs) -> list[dict]:
        args = per_worker or [kwargs] * len(self.pipes)
        for pipe, kw in zip(self.pipes, args, strict=True):
            pipe.send((command, kw))
        results = [pipe.recv() for pipe in self.pipes]
        for result in results:
            if isinstance(result, dict) and result.get("error"):
                raise RuntimeError(f"client worker: {result['error']}")
        return results

    def cpu_seconds(self) -> float:
        return sum(proc_cpu_seconds(p.pid) or 0.0 for p in self.processes)

    def stop(self) -> None:
        for pipe in self.pipes:
            with contextlib.suppress(OSError, EOFError, BrokenPipeError):
                pipe.send(("exit", {}))
        for pipe in self.pipes:
            with contextlib.suppress(OSError, EOFError):
                if pipe.poll(5):
                    pipe.recv()
        for process in self.processes:
            process.join(5)
            if process.is_alive():
                process.terminate()
                process.join(2)


# --------------------------------------------------------------------------------------
# Database, Django, server
# --------------------------------------------------------------------------------------


def admin_url(db_url):
    parts = urlsplit(db_url)
    return urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))


def db_name(db_url):
    name = urlsplit(db_url).path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        sys.exit(f"Unsupported database name in {db_url!r}")
    return name


def recreate_database(db_url):
    import psycopg

    name = db_name(db_url)
    with psycopg.connect(admin_url(db_url), autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def bench_environment(db_url, var_dir: Path) -> dict:
    env = dict(os.environ)
    for key in ("MEDIA_ROOT", "S3_BUCKET", "REDIS_URL", "DATABASE_REPLICA_URLS", "DEBUG"):
        env.pop(key, None)
    env.update(
        DATABASE_URL=db_url,
        DJANGO_SETTINGS_MODULE=SETTINGS,
        LIVE_BROKER="postgres",
        ALLOWED_HOSTS="127.0.0.1",
        SECRET_KEY="rotative-live-bench-" + os.urandom(16).hex(),
        ROTATIVE_VAR_DIR=str(var_dir),
        LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join([str(BASE_DIR), *filter(None, [env.get("PYTHONPATH")])]),
    )
    return env


def run_migrate(env, log) -> float:
    started = now()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=900,
    )
    log(f"migrate: {now() - started:.1f} s")
    return now() - started


def django_setup(env) -> None:
    for key in ("MEDIA_ROOT", "S3_BUCKET", "REDIS_URL", "DATABASE_REPLICA_URLS", "DEBUG"):
        os.environ.pop(key, None)
    for key in (
        "DATABASE_URL",
        "DJANGO_SETTINGS_MODULE",
        "LIVE_BROKER",
        "ALLOWED_HOSTS",
        "SECRET_KEY",
        "ROTATIVE_VAR_DIR",
        "LOG_LEVEL",
    ):
        os.environ[key] = env[key]
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.conf import settings

    if settings.LIVE_BROKER != "postgres":
        sys.exit(f"LIVE_BROKER is {settings.LIVE_BROKER!r}, expected postgres")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_preexec():
    raise_nofile()
    os.setpgrp()  # its own group: a Ctrl-C on the bench does not reach it first


PROFILE_WRAPPER = """
import cProfile, signal, sys
signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
out, sys.argv = sys.argv[1], ["uvicorn", *sys.argv[2:]]
from uvicorn.main import main
profile = cProfile.Profile()
try:
    profile.runcall(main)
except SystemExit:
    pass
finally:
    profile.dump_stats(out)
"""


def start_server(env, port: int, log_file: Path, profile: Path | None = None) -> subprocess.Popen:
    handle = open(log_file, "ab")  # noqa: SIM115 - kept open for the server's lifetime
    # uvicorn re-raises SIGTERM once shut down, which would kill `python -m cProfile` before
    # it writes its file: this wrapper turns that signal into SystemExit and writes it.
    wrapper = ["-c", PROFILE_WRAPPER, str(profile)] if profile else ["-m", "uvicorn"]
    return subprocess.Popen(
        [
            sys.executable,
            *wrapper,
            "rotative.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
            "--lifespan",
            "off",
            "--backlog",
            "8192",
            "--timeout-graceful-shutdown",
            "3",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        preexec_fn=_server_preexec,
    )


def http_get(port: int, path: str, timeout: float = 5.0) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
        )
        data = b""
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
        while sock.recv(65536):
            pass
    return int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0


def wait_ready(server: subprocess.Popen, port: int, timeout: float = 60.0) -> float:
    started = now()
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {server.returncode})")
        with contextlib.suppress(OSError):
            if http_get(port, "/robots.txt", 2) == 200:
                return now() - started
        if now() - started > timeout:
            raise RuntimeError("the server did not answer within 60 s")
        time.sleep(0.2)


def stop_server(server: subprocess.Popen | None) -> str:
    """SIGTERM (its open streams stop it from exiting at once), then SIGKILL."""
    if server is None or server.poll() is not None:
        return "not running"
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(6)
        return f"SIGTERM, exit {server.returncode}"
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(5)
        return "SIGKILL after 6 s"


# --------------------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------------------


def proc_cpu_seconds(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


def proc_status(pid: int) -> dict:
    out = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    out[key] = int(value.split()[0])
                elif key == "Threads":
                    out[key] = int(value)
        out["fds"] = len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        pass
    return out


def proc_nofile_limit(pid: int) -> int | None:
    with contextlib.suppress(OSError), open(f"/proc/{pid}/limits", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("Max open files"):
                return int(line.split()[3])
    return None


def machine_ticks() -> tuple[int, int]:
    with open("/proc/stat", encoding="ascii") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


def busy_share(before, after) -> float | None:
    busy, total = after[0] - before[0], after[1] - before[1]
    return busy / total if total else None


def pct(values, q):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def db_sessions(name: str) -> dict:
    """Server sessions on the bench database (the bench's own excluded)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE query ILIKE 'LISTEN %%') "
            "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'",
            [name],
        )
        total, listening = cursor.fetchone()
    return {"sessions": total, "listen_sessions": listening}


def publish_events(count: int, interval: float, tag: str) -> dict[int, dict]:
    """Publish `count` entries `interval` s apart; returns event id → publish times."""
    from rotative.live.models import LiveEvent
    from rotative.live.services import live_entry_publish

    published = {}
    start = now()
    for k in range(count):
        delay = start + k * interval - now()
        if delay > 0:
            time.sleep(delay)
        before = now()
        entry = live_entry_publish(
            author=None,
            body=f"<p>Banc d'essai {tag}, entrée {k + 1} : la marée monte à Granville.</p>",
        )
        after = now()
        event_id = LiveEvent.objects.filter(entry=entry).values_list("id", flat=True).get()
        published[event_id] = {"before": before, "after": after}
    return published


def run_level(clients: Clients, server_pid: int, target: int, held: int, args, log) -> dict:
    """Open connections up to `target`, publish, collect; everything measured on the way."""
    workers = len(clients.pipes)
    delta = max(0, target - held)
    shares = [delta // workers + (1 if i < delta % workers else 0) for i in range(workers)]
    batch = max(1, args.batch // workers)
    load_before = os.getloadavg()
    cpu0, ccpu0, mt0 = proc_cpu_seconds(server_pid), clients.cpu_seconds(), machine_ticks()
    opened = clients.call(
        "open",
        per_worker=[{"n": n, "batch": batch, "timeout": args.connect_timeout} for n in shares],
    )
    cpu1, ccpu1, mt1 = proc_cpu_seconds(server_pid), clients.cpu_seconds(), machine_ticks()
    failures: Counter = Counter()
    for result in opened:
        failures.update(result["failures"])
    opened_n = sum(r["opened"] for r in opened)
    open_s = max(r["seconds"] for r in opened)
    connect_ms = [ms for r in opened for ms in r["connect_ms"]]
    log(
        f"level {target:,}: opened {opened_n:,}/{delta:,} new in {open_s:.1f} s"
        + (f", failures {dict(failures)}" if failures else "")
    )
    reset = clients.call("reset")
    held_now = sum(r["held"] for r in reset)
    dropped_before = sum(r["dropped_before"] for r in reset)
    status_held = proc_status(server_pid)
    sessions = db_sessions(args.db)

    # -- publish and collect ---------------------------------------------------------
    time.sleep(0.5)
    cpu2, ccpu2, mt2 = proc_cpu_seconds(server_pid), clients.cpu_seconds(), machine_ticks()
    wall2 = now()
    published = publish_events(args.events, args.interval, f"niveau {target}")
    timeout = args.delivery_timeout + held_now / 1000
    collected = clients.call(
        "collect", published={i: p["after"] for i, p in published.items()}, timeout=timeout
    )
    wall3 = now()
    cpu3, ccpu3, mt3 = proc_cpu_seconds(server_pid), clients.cpu_seconds(), machine_ticks()
    status_after = proc_status(server_pid)
    load_after = os.getloadavg()

    latencies = array.array("d")
    per_event: dict[int, list] = {}
    missed = dropped = incomplete = dups = 0
    for result in collected:
        chunk = array.array("d")
        chunk.frombytes(result["latencies"])
        latencies.extend(chunk)
        missed += result["missed"]
        dropped += result["dropped"]
        incomplete += result["incomplete_connections"]
        dups += result["duplicates"]
        for i, (n, lo, hi) in result["per_event"].items():
            stat = per_event.setdefault(i, [0, None, None])
            stat[0] += n
            if lo is not None:
                stat[1] = lo if stat[1] is None else min(stat[1], lo)
                stat[2] = hi if stat[2] is None else max(stat[2], hi)
    ms = sorted(x * 1000 for x in latencies)
    spreads = [(hi - lo) * 1000 for n, lo, hi in per_event.values() if n]
    first_publish = min((p["after"] for p in published.values()), default=0.0)
    events_detail = [
        {
            "id": i,
            "published_at_s": round(published[i]["after"] - first_publish, 3),
            "receipts": n,
            "first_ms": round(lo * 1000, 1) if lo is not None else None,
            "last_ms": round(hi * 1000, 1) if hi is not None else None,
        }
        for i, (n, lo, hi) in sorted(per_event.items())
    ]
    publish_ms = [(p["after"] - p["before"]) * 1000 for p in published.values()]
    window = wall3 - wall2
    cpu_publish = (cpu3 - cpu2) if cpu2 is not None and cpu3 is not None else None
    expected = held_now * len(published)
    level = {
        "connections": target,
        "new_asked": delta,
        "new_opened": opened_n,
        "held": held_now,
        "open": {
            "seconds": round(open_s, 2),
            "failures": dict(failures),
            "attempted": sum(r["attempted"] for r in opened),
            "connect_ms_median": round(statistics.median(connect_ms), 1) if connect_ms else None,
            "connect_ms_p99": round(pct(connect_ms, 0.99), 1) if connect_ms else None,
            "server_cpu_s": round(cpu1 - cpu0, 2) if cpu0 is not None else None,
            "server_cpu_ms_per_connection": round((cpu1 - cpu0) * 1000 / opened_n, 2)
            if opened_n and cpu0 is not None
            else None,
            "client_cpu_s": round(ccpu1 - ccpu0, 2),
            "machine_busy": round(busy_share(mt0, mt1) or 0, 3),
        },
        "dropped_while_opening": dropped_before,
        "events": len(published),
        "expected_receipts": expected,
        "receipts": len(ms),
        "missed": missed,
        "dropped": dropped,
        "incomplete_connections": incomplete,
        "duplicates": dups,
        "latency_ms": {
            "min": round(ms[0], 2) if ms else None,
            "median": round(statistics.median(ms), 2) if ms else None,
            "p90": round(pct(ms, 0.90), 2) if ms else None,
            "p99": round(pct(ms, 0.99), 2) if ms else None,
            "max": round(ms[-1], 2) if ms else None,
        },
        "fanout_spread_ms": {
            "median": round(statistics.median(spreads), 2) if spreads else None,
            "max": round(max(spreads), 2) if spreads else None,
        },
        "publish_ms_median": round(statistics.median(publish_ms), 2) if publish_ms else None,
        "per_event": events_detail,
        "server": {
            "rss_kib_held": status_held.get("VmRSS"),
            "rss_kib_after": status_after.get("VmRSS"),
            "hwm_kib": status_after.get("VmHWM"),
            "fds": status_held.get("fds"),
            "threads": status_after.get("Threads"),
            "cpu_publish_s": round(cpu_publish, 2) if cpu_publish is not None else None,
            "cpu_share_publish": round(cpu_publish / window, 3) if cpu_publish else None,
            "cpu_ms_per_event": round(cpu_publish * 1000 / len(published), 1)
            if cpu_publish is not None and published
            else None,
            **sessions,
        },
        "clients_cpu_share_publish": round((ccpu3 - ccpu2) / window, 3) if window else None,
        "machine_busy_publish": round(busy_share(mt2, mt3) or 0, 3),
        "window_s": round(window, 2),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in load_after],
        "pings": sum(r["pings"] for r in collected),
    }
    reasons = []
    if failures:
        reasons.append(
            "connections failed: " + ", ".join(f"{k} ×{v:,}" for k, v in failures.items())
        )
    if opened_n < delta and not failures:
        reasons.append(f"only {opened_n:,} of {delta:,} new connections opened")
    if dropped_before or dropped:
        reasons.append(f"{dropped_before + dropped:,} connections dropped by the server")
    if missed:
        reasons.append(f"{missed:,} deliveries missed ({incomplete:,} connections incomplete)")
    level["held_all"] = not reasons
    p99 = level["latency_ms"]["p99"]
    if p99 is not None and p99 >= args.max_p99 * 1000:
        reasons.append(f"p99 {p99:,.0f} ms ≥ {args.max_p99 * 1000:,.0f} ms")
    level["failed"] = reasons
    lat = level["latency_ms"]
    log(
        f"level {target:,}: held {held_now:,}, receipts {len(ms):,}/{expected:,}, "
        f"p50 {lat['median']} ms, p99 {lat['p99']} ms, max {lat['max']} ms, "
        f"RSS {(status_after.get('VmRSS') or 0) / 1024:.0f} MiB, fds {status_held.get('fds')}, "
        f"server CPU {level['server']['cpu_share_publish']}, clients "
        f"{level['clients_cpu_share_publish']}, machine {level['machine_busy_publish']}"
        + (f" — FAILED: {'; '.join(reasons)}" if reasons else "")
    )
    return level


def slower_rate(clients: Clients, server_pid: int, args, log) -> dict:
    """The same connections, entries `--slow-interval` s apart: is the limit the publish rate?"""
    reset = clients.call("reset")
    held = sum(r["held"] for r in reset)
    cpu0, wall0 = proc_cpu_seconds(server_pid), now()
    published = publish_events(args.slow_events, args.slow_interval, "rythme lent")
    collected = clients.call(
        "collect",
        published={i: p["after"] for i, p in published.items()},
        timeout=args.delivery_timeout + held / 1000,
    )
    cpu1, wall1 = proc_cpu_seconds(server_pid), now()
    latencies = array.array("d")
    for result in collected:
        chunk = array.array("d")
        chunk.frombytes(result["latencies"])
        latencies.extend(chunk)
    ms = sorted(x * 1000 for x in latencies)
    out = {
        "connections": held,
        "events": len(published),
        "interval": args.slow_interval,
        "receipts": len(ms),
        "missed": sum(r["missed"] for r in collected),
        "dropped": sum(r["dropped"] for r in collected),
        "latency_ms": {
            "median": round(statistics.median(ms), 2) if ms else None,
            "p99": round(pct(ms, 0.99), 2) if ms else None,
            "max": round(ms[-1], 2) if ms else None,
        },
        "server_cpu_share": round((cpu1 - cpu0) / (wall1 - wall0), 3),
        "server_cpu_ms_per_event": round((cpu1 - cpu0) * 1000 / len(published), 1),
    }
    log(f"slower rate at {held:,} connections: {out}")
    return out


def cold_start_probe(env, args, log, workdir: Path) -> dict:
    """Fresh servers given 200 streams: all at once, or one first then the rest."""
    out = {}
    for mode in ("burst", "one_first"):
        port = free_port()
        server = start_server(env, port, workdir / f"server-probe-{mode}.log")
        clients = None
        try:
            wait_ready(server, port)
            http_get(port, "/robots.txt")
            clients = Clients(1, "127.0.0.1", port)
            n = args.probe_connections
            if mode == "one_first":
                clients.call("open", n=1, batch=1, timeout=args.connect_timeout)
                n -= 1
            opened = clients.call("open", n=n, batch=n, timeout=args.connect_timeout)[0]
            time.sleep(1.0)
            sessions = db_sessions(args.db)
            clients.call("reset")
            cpu0 = proc_cpu_seconds(server.pid)
            published = publish_events(args.probe_events, args.interval, f"sonde {mode}")
            collected = clients.call(
                "collect",
                published={i: p["after"] for i, p in published.items()},
                timeout=args.delivery_timeout,
            )[0]
            cpu1 = proc_cpu_seconds(server.pid)
            lat = array.array("d")
            lat.frombytes(collected["latencies"])
            ms = [x * 1000 for x in lat]
            out[mode] = {
                "connections": collected["connections"],
                "failures": opened["failures"],
                **sessions,
                "server_cpu_ms_per_event": round((cpu1 - cpu0) * 1000 / len(published), 1),
                "events": len(published),
                "missed": collected["missed"],
                "dropped": collected["dropped"],
                "incomplete_connections": collected["incomplete_connections"],
                "latency_ms_median": round(statistics.median(ms), 1) if ms else None,
                "latency_ms_p99": round(pct(ms, 0.99), 1) if ms else None,
            }
            log(f"cold start probe ({mode}): {out[mode]}")
        finally:
            if clients is not None:
                clients.stop()
            stop_server(server)
            log_text = (workdir / f"server-probe-{mode}.log").read_text(errors="replace")
            if mode in out:
                out[mode]["server_log"] = {
                    "too_many_clients": log_text.count("too many clients"),
                    "broker_connection_lost": log_text.count("Live broker connection lost"),
                    "tracebacks": log_text.count("Traceback"),
                }
    return out


def profile_summary(path: Path, top: int = 25) -> dict:
    """The server's cProfile: own time by function and by package (event loop thread)."""
    import io
    import pstats

    stats = pstats.Stats(str(path))
    by_area: Counter = Counter()
    rows = []
    for (filename, line, func), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():
        if "site-packages/" in filename:
            area = filename.split("site-packages/", 1)[1].split("/", 1)[0]
        elif str(BASE_DIR) in filename:
            area = "rotative"
        elif filename.startswith("~") or filename.startswith("<"):
            area = "builtins (C)"
        else:
            area = "stdlib"
        by_area[area] += tottime
        rows.append((tottime, cumtime, calls, f"{Path(filename).name}:{line}({func})"))
    total = sum(by_area.values()) or 1.0
    rows.sort(reverse=True)
    out = io.StringIO()
    pstats.Stats(str(path), stream=out).sort_stats("tottime").print_stats(top)
    return {
        "total_s": round(total, 2),
        "own_time_by_area": {k: round(v / total, 3) for k, v in by_area.most_common(10)},
        "top_tottime": [
            {"tottime_s": round(t, 3), "cumtime_s": round(c, 3), "calls": n, "function": f}
            for t, c, n, f in rows[:top]
        ],
        "text": out.getvalue()[-6000:],
    }


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


def num(x, digits=1):
    if x is None:
        return "—"
    return f"{x:,.{digits}f}"


def mib(kib):
    return f"{kib / 1024:,.0f}" if kib else "—"


def ratio(x, base):
    if x is None or not base:
        return "—"
    return f"{x / base:,.1f}×"


def limit_sentence(r) -> str:
    levels = r["levels"]
    last = levels[-1]
    held_levels = [lv for lv in levels if lv["held_all"]]
    top = max((lv["connections"] for lv in held_levels), default=0)
    parts = []
    if last["failed"]:
        parts.append(
            f"climbing stopped at {last['connections']:,} connections: " + "; ".join(last["failed"])
        )
    else:
        parts.append(f"every level up to the last one ({last['connections']:,}) passed")
    srv = last["server"]
    share = srv.get("cpu_share_publish") or 0
    busy = last.get("machine_busy_publish") or 0
    clients = last.get("clients_cpu_share_publish") or 0
    if share >= 0.85:
        parts.append(
            f"the server process used {share:.0%} of a core while publishing "
            f"({num(srv.get('cpu_ms_per_event'), 0)} ms of CPU per event): fan-out in one Python "
            "process is CPU-bound"
        )
    else:
        parts.append(
            f"the server process used {share:.0%} of a core while publishing "
            f"({num(srv.get('cpu_ms_per_event'), 0)} ms of CPU per event)"
        )
    if busy >= 0.9:
        parts.append(
            f"the machine's {r['machine']['cpus']} cores were {busy:.0%} busy "
            f"(clients {clients:.0%} of a core), so the clients and PostgreSQL compete with the server"
        )
    fd_limit = r["server"].get("nofile_limit")
    if fd_limit and srv.get("fds") and srv["fds"] > 0.9 * fd_limit:
        parts.append(f"open files {srv['fds']:,} of a limit of {fd_limit:,}")
    return f"Most connections held with every event delivered: **{top:,}**. " + (
        "; ".join(parts)[:1].upper() + "; ".join(parts)[1:] + "."
    )


def markdown(r) -> str:
    levels = r["levels"]
    base = levels[0]
    base_lat = base["latency_ms"]
    base_rss = base["server"]["rss_kib_after"]
    lines = [
        f"Run of {r['date']} on {r['machine']['cpus']} CPU cores (Python {r['machine']['python']}, "
        f"PostgreSQL {r['machine']['postgres']}, uvicorn {r['machine']['uvicorn']} with uvloop and "
        f"httptools), database `{r['params']['database']}`, LIVE_BROKER=postgres, one server "
        f"process, {r['params']['workers']} client processes: `{r['command']}`.",
        "",
        f"Each level adds connections (200 at a time) to those already open, then publishes "
        f"{r['params']['events']} entries {r['params']['interval']} s apart. Latency runs from the "
        "return of `live_entry_publish` (after commit and NOTIFY) to the frame's arrival in a "
        "client, over every (connection, event); ratios are against the 1-connection baseline "
        "of the same run. Fan-out spread: per event, last receipt minus first, median over events.",
        "",
        "| Connections | Held | Failed / dropped | Receipts (missed) | p50 ms | p99 ms | max ms "
        "| p50 × base | p99 × base | Fan-out spread ms | Target |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for lv in levels:
        lat = lv["latency_ms"]
        fails = sum(lv["open"]["failures"].values())
        dropped = lv["dropped"] + lv["dropped_while_opening"]
        ok = (
            lv["held_all"]
            and lat["p99"] is not None
            and lat["p99"] < TARGET_P99_S * 1000
            and lv["connections"] >= TARGET_CONNECTIONS
        )
        mark = "**reached**" if ok else ("✗ " + lv["failed"][0] if lv["failed"] else "")
        lines.append(
            f"| {lv['connections']:,} | {lv['held']:,} | {fails:,} / {dropped:,} | "
            f"{lv['receipts']:,} ({lv['missed']:,}) | {num(lat['median'])} | {num(lat['p99'])} | "
            f"{num(lat['max'])} | {ratio(lat['median'], base_lat['median'])} | "
            f"{ratio(lat['p99'], base_lat['p99'])} | {num(lv['fanout_spread_ms']['median'])} | "
            f"{mark} |"
        )
    lines += [
        "",
        "Resources per level: server RSS after the level; KiB per connection = (RSS − RSS at 1 "
        f"connection) ÷ (connections − 1), the server holding {mib(r['server']['rss_kib_idle'])} MiB "
        "before any stream; CPU is the server process's (all its threads) while publishing and "
        "delivering, as a share of one core, and per event; opening cost is server CPU per new "
        "connection; clients and machine are the share of one core used by the client processes "
        "and the busy share of the whole machine over the same window.",
        "",
        "| Connections | Server RSS MiB | KiB per connection | Open files | Threads | DB sessions (LISTEN) "
        "| Open: s, server ms per connection | Server CPU | CPU ms per event | Clients CPU | Machine busy | Load 1 min |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for lv in levels:
        srv = lv["server"]
        per_conn = (
            (srv["rss_kib_after"] - base_rss) / (lv["connections"] - 1)
            if lv["connections"] > 1 and srv["rss_kib_after"] and base_rss
            else None
        )
        lines.append(
            f"| {lv['connections']:,} | {mib(srv['rss_kib_after'])} | {num(per_conn)} | "
            f"{srv['fds'] or 0:,} | {srv['threads'] or 0:,} | {srv['sessions']} ({srv['listen_sessions']}) | "
            f"{num(lv['open']['seconds'])} s, {num(lv['open']['server_cpu_ms_per_connection'], 2)} | "
            f"{(srv['cpu_share_publish'] or 0):.0%} | {num(srv['cpu_ms_per_event'])} | "
            f"{(lv['clients_cpu_share_publish'] or 0):.0%} | {lv['machine_busy_publish']:.0%} | "
            f"{lv['loadavg_before'][0]} → {lv['loadavg_after'][0]} |"
        )
    slow = levels[-1].get("slower_rate")
    if slow:
        lat = slow["latency_ms"]
        lines += [
            "",
            f"Where latency stopped the climb, the same {slow['connections']:,} connections with "
            f"{slow['events']} entries {slow['interval']:g} s apart instead of "
            f"{r['params']['interval']:g} s: p50 {num(lat['median'])} ms, p99 {num(lat['p99'])} ms, "
            f"max {num(lat['max'])} ms, {slow['missed']:,} missed, server CPU "
            f"{slow['server_cpu_share']:.0%} of a core ({num(slow['server_cpu_ms_per_event'], 0)} ms "
            "per event, the 15 s heartbeat of every stream included).",
        ]
    after = r.get("after_close") or {}
    later = r.get("after_close_15s") or {}
    if after:
        lines += [
            "",
            f"After closing every connection: {after.get('fds', 0):,} open files in the server "
            f"(it had {r['server']['fds_idle']:,} before the first stream); 2 s later "
            f"{after.get('Threads', 0):,} threads and RSS {mib(after.get('VmRSS'))} MiB, 15 s "
            f"later {later.get('Threads', 0):,} threads and RSS {mib(later.get('VmRSS'))} MiB "
            f"(it had {r['server']['threads_idle']} threads and {mib(r['server']['rss_kib_idle'])} "
            f"MiB before the first stream; peak {mib(later.get('VmHWM'))} MiB). Open-files limit "
            f"of the server: {r['server']['nofile_limit']:,}.",
        ]
    probe = r.get("probe") or {}
    if probe.get("burst") and probe.get("one_first"):
        b, o = probe["burst"], probe["one_first"]
        lines += [
            "",
            f"Cold start probe, a fresh server given {b['connections']:,} streams: all at once "
            f"(as browsers reconnect after a restart) → {b['listen_sessions']} LISTEN sessions, "
            f"{num(b['server_cpu_ms_per_event'])} ms of server CPU per event, p99 "
            f"{num(b['latency_ms_p99'])} ms, {b.get('dropped', 0):,} streams cut by the server and "
            f"{b['missed']:,} of {b['connections'] * b['events']:,} deliveries missed; one stream first, then the rest → "
            f"{o['listen_sessions']} LISTEN session, {num(o['server_cpu_ms_per_event'])} ms per "
            f"event, p99 {num(o['latency_ms_p99'])} ms ({ratio(b['server_cpu_ms_per_event'], o['server_cpu_ms_per_event'])} the CPU).",
        ]
    lines += [
        "",
        f"Load average (1 min) {r['loadavg_start'][0]} at the start and {r['loadavg_end'][0]} at "
        "the end, on a shared machine: the clients (two processes) and PostgreSQL run on the same "
        "2 cores as the server.",
        "",
        limit_sentence(r),
        "",
    ]
    t = r["target"]
    lines.append(
        f"Target from the issue, {TARGET_CONNECTIONS:,} connections on one process with p99 under "
        f"one second: "
        + (
            f"**reached** (p99 {num(t['p99_ms'], 0)} ms at {TARGET_CONNECTIONS:,} connections)."
            if t["reached"]
            else "**not reached** ("
            + (
                f"p99 {num(t['p99_ms'], 0)} ms at {TARGET_CONNECTIONS:,} connections"
                if t.get("p99_ms") is not None
                else f"{t['most_held']:,} connections held at most"
            )
            + ")."
        )
    )
    return "\n".join(lines)


DOC_INTRO = """## Live push

`bench/live_push.py` measures the En direct push (Server-Sent Events, `/en-direct/flux/`) on
one server process. It creates a dedicated database (`rotative_live_bench`, dropped and
recreated), migrates it, starts one uvicorn process with `LIVE_BROKER=postgres` and its
open-files limit raised, and drives it from two client processes (plain asyncio protocols,
no HTTP library) that open streams 200 at a time and count a stream as held once its
`retry:` line arrived. At each level (1 connection, the baseline, then 100 up to 10,000) the
bench publishes 20 entries half a second apart with `live_entry_publish`, as the desk does,
and measures in the same run:

- publish-to-receive latency (median, p99, max) over every (connection, event), from the
  return of the publish (after commit and NOTIFY) to the frame's arrival, and as a ratio to
  the 1-connection baseline; missed deliveries, refused and dropped connections;
- the server's RSS (memory per connection against the 1-connection level), open files,
  threads and database sessions, its CPU time while publishing (per event and as a share of
  one core), the clients' CPU and the machine's busy share, and the load average;
- it stops climbing at the first level where a connection fails or drops, an event is
  missed or p99 reaches one second; "most connections held" is the highest level where every
  connection stayed open and received every event;
- a cold start probe: two fresh servers given 200 streams, all at once or one first.

Run it with:

    make bench-live
    # or
    .venv/bin/python bench/live_push.py            # full run, about 3 minutes
    .venv/bin/python bench/live_push.py --smoke    # levels 1 and 50, 5 events, writes no doc

Raw results go to `bench/results/live_push.json`.

"""


def write_doc(table):
    DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
    block = f"{MARK_START}\n{table}\n{MARK_END}"
    text = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else "# Performance\n"
    if MARK_START in text and MARK_END in text:
        head, rest = text.split(MARK_START, 1)
        _old, tail = rest.split(MARK_END, 1)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + DOC_INTRO + block + "\n"
    DOC_PATH.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_LIVE_DATABASE_URL", DEFAULT_DB_URL)
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
    parser.add_argument("--smoke", action="store_true", help="levels 1 and 50, 5 events, no doc")
    parser.add_argument("--no-doc", action="store_true", help="do not write docs/performance.md")
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
    levels = [int(x) for x in (args.levels or ",".join(map(str, DEFAULT_LEVELS))).split(",")]
    args.db = db_name(args.database_url)

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    began = now()
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    def log(msg):
        print(f"[{now() - began:7.1f}s] {msg}", flush=True)

    nofile = raise_nofile()
    need = max(levels) + 200
    if nofile[0] != resource.RLIM_INFINITY and nofile[0] < need:
        log(f"open-files limit {nofile[0]} is below the {need} the top level needs")
    workdir = Path(tempfile.mkdtemp(prefix="rotative-live-bench-"))
    var_dir = workdir / "var"
    var_dir.mkdir()
    log(f"working folder {workdir}, open-files limit {nofile[0]}")
    server = clients = None
    loadavg_start = [round(x, 2) for x in os.getloadavg()]
    try:
        env = bench_environment(args.database_url, var_dir)
        recreate_database(args.database_url)
        migrate_s = run_migrate(env, log)
        django_setup(env)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg_version = cursor.fetchone()[0].split()[0]
            cursor.execute("SHOW max_connections")
            pg_max_connections = int(cursor.fetchone()[0])
        import uvicorn

        port = free_port()
        profile_path = workdir / "server.prof" if args.profile_server else None
        server = start_server(env, port, workdir / "server.log", profile_path)
        ready_s = wait_ready(server, port)
        for path in ("/robots.txt", "/en-direct/evenements.json", "/robots.txt"):
            http_get(port, path)
        time.sleep(0.5)
        idle = proc_status(server.pid)
        server_info = {
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
            f"{server_info['nofile_limit']}"
        )
        clients = Clients(args.workers, "127.0.0.1", port)

        # Warm-up: one stream (it starts the hub: LISTEN, pool), a few entries (templates).
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

        results_levels = []
        held = 1
        for target in levels:
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

        clients.call("close_all")
        time.sleep(2.0)
        after_close = proc_status(server.pid)
        log(f"2 s after closing: {after_close}")
        time.sleep(13.0)
        after_close_15 = proc_status(server.pid)
        log(f"15 s after closing: {after_close_15}")
        clients.stop()
        clients = None
        log(f"server: {stop_server(server)}")
        server = None
        server_profile = None
        if profile_path is not None and profile_path.exists():
            server_profile = profile_summary(profile_path)
            print(server_profile["text"])

        probe = None
        if not args.no_probe:
            probe = cold_start_probe(env, args, log, workdir)

        held_levels = [lv for lv in results_levels if lv["held_all"]]
        most_held = max((lv["connections"] for lv in held_levels), default=0)
        at_target = next(
            (lv for lv in results_levels if lv["connections"] == TARGET_CONNECTIONS), None
        )
        reached = bool(
            at_target
            and at_target["held_all"]
            and at_target["latency_ms"]["p99"] is not None
            and at_target["latency_ms"]["p99"] < TARGET_P99_S * 1000
        )
        results = {
            "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "command": " ".join(
                [".venv/bin/python bench/live_push.py", *(sys.argv[1:] if argv is None else argv)]
            ),
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "postgres": pg_version,
                "postgres_max_connections": pg_max_connections,
                "uvicorn": uvicorn.__version__,
                "platform": platform.platform(),
                "bench_nofile": list(nofile),
            },
            "params": {
                "database": args.db,
                "levels": levels,
                "events": args.events,
                "interval": args.interval,
                "workers": args.workers,
                "batch": args.batch,
                "connect_timeout": args.connect_timeout,
                "delivery_timeout": args.delivery_timeout,
                "max_p99_s": args.max_p99,
                "smoke": args.smoke,
            },
            "migrate_s": round(migrate_s, 1),
            "server": server_info,
            "levels": results_levels,
            "after_close": after_close,
            "after_close_15s": after_close_15,
            "probe": probe,
            "server_profile": server_profile,
            "loadavg_start": loadavg_start,
            "loadavg_end": [round(x, 2) for x in os.getloadavg()],
            "target": {
                "connections": TARGET_CONNECTIONS,
                "p99_s": TARGET_P99_S,
                "reached": reached,
                "most_held": most_held,
                "p99_ms": at_target["latency_ms"]["p99"] if at_target else None,
            },
            "elapsed_s": round(now() - began, 1),
        }
        name = (
            "live_push_smoke.json"
            if args.smoke
            else "live_push_profile.json"
            if args.profile_server
            else "live_push.json"
        )
        (RESULTS_DIR / name).write_text(
            json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
        )
        table = markdown(results)
        print()
        print(table)
        if not args.no_doc:
            write_doc(table)
            log(f"wrote {DOC_PATH.relative_to(BASE_DIR)} and bench/results/{name}")
        else:
            log(f"wrote bench/results/{name}")
        return 0
    finally:
        if clients is not None:
            clients.stop()
        if server is not None:
            log(f"server: {stop_server(server)}")
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001, S110 - best effort, Django may not be set up
            pass
        log_file = workdir / "server.log"
        if log_file.exists() and log_file.stat().st_size:
            tail = log_file.read_text(encoding="utf-8", errors="replace")[-3000:]
            print("--- end of the server's log ---\n" + tail)
        if args.keep_files:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
