# ruff: noqa: E501  (log lines read better unwrapped)
"""HTTP against the server and Varnish: requests with headers (If-None-Match), whose answer
counts only with the status expected (304 for a revalidation) and, through Varnish, says
whether it was a hit; sequential latency (p50/p95/p99) and throughput under concurrency."""

from __future__ import annotations

import contextlib
import http.client
import random
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from _common import BASE_DIR
from _common.processes import free_port, http_get, stop_process
from _common.stats import pct_rank

VARNISH_DIR = BASE_DIR / "deploy" / "varnish"
VARNISHD = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin")
# What the app sends: JSON it can take compressed (Varnish keeps the gzipped copy).
HEADERS = {
    "User-Agent": "rotative-bench/1 (+local)",
    "Accept": "application/json",
    "Accept-Encoding": "gzip",
}


class Conn:
    """One keep-alive connection to a port, reopened when the server closes it."""

    def __init__(self, port, timeout):
        self.port, self.timeout, self.conn = port, timeout, None

    def get(self, path, headers=None):
        """(status, {etag, x-cache, location}, body bytes)."""
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request("GET", path, headers={**HEADERS, **(headers or {})})
                response = self.conn.getresponse()
                body = response.read()
                if (response.getheader("Connection") or "").lower() == "close":
                    self.close()
                return (
                    response.status,
                    {k: response.getheader(k) for k in ("ETag", "X-Cache", "Content-Encoding")},
                    body,
                )
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
    if not latencies:
        return {"n": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    return {
        "n": len(latencies),
        "p50_ms": round(pct_rank(latencies, 50) * 1000, 2),
        "p95_ms": round(pct_rank(latencies, 95) * 1000, 2),
        "p99_ms": round(pct_rank(latencies, 99) * 1000, 2),
        "max_ms": round(max(latencies) * 1000, 2),
    }


def one(conn, case, rng):
    """One request of a case: (ok, elapsed s, path, status, x-cache)."""
    path = case["pick"](rng)
    headers = case["headers"](path)
    started = time.perf_counter()
    try:
        status, got, _body = conn.get(path, headers)
    except Exception as exc:  # noqa: BLE001
        status, got = repr(exc), {}
    elapsed = time.perf_counter() - started
    return status == case["expect"], elapsed, path, status, got.get("X-Cache")


def sequential(cases, n, case_budget, timeout, rng, log):
    """Round-robin over the cases, one keep-alive connection per port, bounded per case in
    count and in time."""
    conns = {}
    state = {c["key"]: {"lat": [], "spent": 0.0, "errors": [], "xcache": {}} for c in cases}
    for _round in range(n):
        active = False
        for case in cases:
            st = state[case["key"]]
            if len(st["lat"]) + len(st["errors"]) >= n or st["spent"] >= case_budget:
                continue
            active = True
            conn = conns.setdefault(case["port"], Conn(case["port"], timeout))
            ok, elapsed, path, status, xcache = one(conn, case, rng)
            st["spent"] += elapsed
            if xcache:
                st["xcache"][xcache] = st["xcache"].get(xcache, 0) + 1
            if ok:
                st["lat"].append(elapsed)
            else:
                st["errors"].append({"path": path, "status": status})
        if not active:
            break
    for conn in conns.values():
        conn.close()
    out = {}
    for case in cases:
        st = state[case["key"]]
        s = out[case["key"]] = {
            **summarize(st["lat"]),
            "errors": len(st["errors"]),
            "error_samples": st["errors"][:5],
            "x_cache": st["xcache"],
            "time_bounded": st["spent"] >= case_budget,
        }
        log(
            f"seq {case['key']:<22} n={s['n']:<4} p50={s['p50_ms']} p95={s['p95_ms']} p99={s['p99_ms']} ms "
            f"errors={s['errors']}" + (f" x-cache={st['xcache']}" if st["xcache"] else "")
        )
    return out


def load(case, clients, duration, timeout, seed):
    """`clients` threads, each on its own keep-alive connection, for `duration` seconds."""
    lock = threading.Lock()
    latencies, errors, xcache = [], [], {}
    started = time.monotonic()
    stop_at = started + duration

    def worker(i):
        rng = random.Random(seed * 1000 + i)
        conn = Conn(case["port"], timeout)
        while time.monotonic() < stop_at:
            ok, elapsed, path, status, hit = one(conn, case, rng)
            with lock:
                if hit:
                    xcache[hit] = xcache.get(hit, 0) + 1
                if ok:
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
        "key": case["key"],
        "clients": clients,
        "wall_s": round(wall, 2),
        "rps": round(len(latencies) / wall, 2) if wall else None,
        "errors": len(errors),
        "error_samples": errors[:5],
        "x_cache": xcache,
    }


class Varnish:
    """Debian's varnishd in the foreground with the shipped default.vcl and a backends.vcl
    pointing at the bench's server (as rotative/core/tests/test_varnish.py does)."""

    def __init__(self, app_port: int, port: int):
        self.app_port, self.port = app_port, port
        self.layer_port = free_port()  # the inner layer's address (deploy/varnish/)
        self.workdir = Path(tempfile.mkdtemp(prefix="rotative-bench-varnish-"))
        self.process = None

    def start(self, timeout: float = 30.0) -> None:
        shutil.copy(VARNISH_DIR / "default.vcl", self.workdir / "default.vcl")
        shipped = (VARNISH_DIR / "backends.vcl").read_text()
        (self.workdir / "backends.vcl").write_text(
            shipped.replace('.port = "8001"', f'.port = "{self.app_port}"')
            .replace('.port = "6089"', f'.port = "{self.layer_port}"')
            .replace("Host: www.example.fr", "Host: 127.0.0.1")
        )
        self.log_path = self.workdir / "varnishd.log"
        self.process = subprocess.Popen(  # noqa: S603 (our own fixed command line)
            [
                VARNISHD,
                "-F",
                "-j",
                "none",
                "-n",
                str(self.workdir / "n"),
                "-a",
                f"127.0.0.1:{self.port}",
                "-a",
                f"layer=127.0.0.1:{self.layer_port}",
                "-T",
                "none",
                "-f",
                str(self.workdir / "default.vcl"),
                "-s",
                "malloc,128m",
            ],
            stdout=self.log_path.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"varnishd stopped: {self.log_path.read_text(errors='replace')[-2000:]}"
                )
            with contextlib.suppress(OSError):
                if http_get(self.port, "/robots.txt", 2) == 200:
                    return
            if time.monotonic() > deadline:
                raise RuntimeError("varnishd did not answer")
            time.sleep(0.2)

    def version(self) -> str:
        out = subprocess.run([VARNISHD, "-V"], capture_output=True, text=True, check=False)  # noqa: S603
        text = (out.stderr or out.stdout).strip().splitlines()
        return text[0] if text else "?"

    def stop(self) -> None:
        stop_process(self.process, grace=10, group=True)
        shutil.rmtree(self.workdir, ignore_errors=True)
