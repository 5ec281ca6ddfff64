# ruff: noqa: E501  (log lines read better unwrapped)
"""The server (`manage.py serve`) and the HTTP measurements against it: sequential latency
over keep-alive connections, throughput under concurrency, PostgreSQL connections sampled,
and what the server logged."""

from __future__ import annotations

import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from _common import BASE_DIR, BASE_SETTINGS
from _common.db import admin_url, db_name
from _common.stats import pct_rank


def start_server(db_url, port, log_path, extra_env=()):
    env = dict(
        os.environ,
        **dict(item.split("=", 1) for item in extra_env),
        DATABASE_URL=db_url,
        DJANGO_SETTINGS_MODULE=BASE_SETTINGS,
        SITE_URL=f"http://127.0.0.1:{port}",
        LOG_LEVEL="WARNING",  # upper case: settings pass it to logging as is; serve lowercases it for uvicorn
        PYTHONUNBUFFERED="1",
    )
    log_file = open(log_path, "w")  # noqa: SIM115
    proc = subprocess.Popen(  # noqa: S603 (our own fixed command line)
        [
            sys.executable,
            "manage.py",
            "serve",
            "--no-demo",
            "--no-worker",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return proc, log_file


class Conn:
    """One keep-alive connection, reopened when the server closes it."""

    def __init__(self, port, timeout):
        self.port, self.timeout, self.conn = port, timeout, None

    def get(self, path):
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request("GET", path, headers={"User-Agent": "rotative-bench/1 (+local)"})
                response = self.conn.getresponse()
                body = response.read()
                if (response.getheader("Connection") or "").lower() == "close":
                    self.close()
                return response.status, len(body)
            except (http.client.HTTPException, OSError):
                self.close()
                if attempt:
                    raise
        raise AssertionError  # pragma: no cover

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def summarize(latencies):
    return {
        "n": len(latencies),
        "median_ms": round(statistics.median(latencies) * 1000, 2) if latencies else None,
        "p95_ms": round(pct_rank(latencies, 95) * 1000, 2) if latencies else None,
        "min_ms": round(min(latencies) * 1000, 2) if latencies else None,
        "max_ms": round(max(latencies) * 1000, 2) if latencies else None,
    }


def sequential(cases, port, n, case_budget, timeout, rng, log):
    """Round-robin over the cases on one keep-alive connection, bounded per case in count and time."""
    conn = Conn(port, timeout)
    state = {c["key"]: {"lat": [], "spent": 0.0, "errors": []} for c in cases}
    for _round in range(n):
        active = False
        for case in cases:
            st = state[case["key"]]
            if len(st["lat"]) + len(st["errors"]) >= n or st["spent"] >= case_budget:
                continue
            active = True
            path = case["pick"](rng)
            started = time.perf_counter()
            try:
                status, _size = conn.get(path)
            except Exception as exc:  # noqa: BLE001
                status = repr(exc)
            elapsed = time.perf_counter() - started
            st["spent"] += elapsed
            if status == 200:
                st["lat"].append(elapsed)
            else:
                st["errors"].append({"path": path, "status": status})
        if not active:
            break
    conn.close()
    out = {}
    for case in cases:
        st = state[case["key"]]
        out[case["key"]] = {
            **summarize(st["lat"]),
            "errors": len(st["errors"]),
            "error_samples": st["errors"][:5],
            "time_bounded": st["spent"] >= case_budget,
        }
        log(
            f"seq {case['key']:<13} n={out[case['key']]['n']:<4} median={out[case['key']]['median_ms']} ms "
            f"p95={out[case['key']]['p95_ms']} ms errors={len(st['errors'])}"
        )
    return out


def load(case, port, clients, duration, timeout, seed):
    """`clients` threads, each on its own keep-alive connection, for `duration` seconds."""
    lock = threading.Lock()
    latencies, errors = [], []
    started = time.monotonic()
    stop_at = started + duration

    def worker(i):
        rng = random.Random(seed * 1000 + i)
        conn = Conn(port, timeout)
        while time.monotonic() < stop_at:
            path = case["pick"](rng)
            t = time.perf_counter()
            try:
                status, _ = conn.get(path)
            except Exception as exc:  # noqa: BLE001
                status = repr(exc)
            elapsed = time.perf_counter() - t
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors.append({"path": path, "status": status})
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + timeout + 5)
    wall = time.monotonic() - started
    return {
        **summarize(latencies),
        "clients": clients,
        "wall_s": round(wall, 2),
        "rps": round(len(latencies) / wall, 2) if wall else None,
        "errors": len(errors),
        "error_samples": errors[:5],
    }


class ConnectionSampler:
    """Peak number of PostgreSQL connections to the bench database, sampled every 0.25 s."""

    def __init__(self, db_url):
        self.db_url, self.name = db_url, db_name(db_url)
        self.peak, self._stop, self._thread = 0, threading.Event(), None

    def __enter__(self):
        import psycopg

        self.conn = psycopg.connect(admin_url(self.db_url), autocommit=True)

        def run():
            while not self._stop.is_set():
                try:
                    n = self.conn.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [self.name]
                    ).fetchone()[0]
                except Exception:  # noqa: BLE001
                    return
                self.peak = max(self.peak, n)
                self._stop.wait(0.25)

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(2)
        self.conn.close()


def error_summary(log_path):
    """Final exception lines of the server log, counted."""
    counts = {}
    try:
        lines = Path(log_path).read_text(errors="replace").splitlines()
    except OSError:
        return counts
    for line in lines:
        if re.match(r"^[A-Za-z_][\w.]*(Error|Exception)\b.*?:", line):
            key = line.strip()[:300]
            counts[key] = counts.get(key, 0) + 1
    return counts


def extract_tracebacks(log_path, limit=3):
    try:
        text = Path(log_path).read_text(errors="replace")
    except OSError:
        return []
    blocks = re.split(r"\n(?=\S)", text)
    found = [b for b in blocks if "Traceback" in b or "Internal Server Error" in b]
    return found[:limit]
