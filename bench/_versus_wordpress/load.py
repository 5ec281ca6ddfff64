"""Load generators: wrk (closed loop: each connection sends its next request when the last
one is answered), an open-loop generator of the bench's own (requests leave on a fixed
schedule whether or not earlier ones were answered, and latency counts from the scheduled
time, so a stall is not hidden: neither wrk2 nor vegeta is packaged in Debian 12), single
requests, and waiting for the machine's servers to be idle between runs."""

from __future__ import annotations

import asyncio
import http.client
import statistics
import subprocess
import threading
import time
from pathlib import Path

# wordpress.sh's report.lua: every figure of the run, errors by kind (non-2xx/3xx responses
# are `status`), on one line.
REPORT_LUA = """\
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKRES %d %d %d %d %d %d %d %.0f %d %d %d %d %d\\n", summary.requests,
    summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write, e.status,
    e.timeout))
end
"""
FIELDS = [
    "requests",
    "duration_us",
    "bytes",
    "p50_us",
    "p90_us",
    "p99_us",
    "max_us",
    "mean_us",
    "connect",
    "read",
    "write",
    "status",
    "timeout",
]


def wrk(
    url: str,
    *,
    headers: dict,
    connections: int,
    duration: float,
    workdir: Path,
    threads: int = 2,
    timeout: float = 30,
    during=None,
) -> dict:
    """One wrk run; `during` (a callable) runs once half-way through (a snapshot under load)."""
    script = workdir / "report.lua"
    if not script.exists():
        script.write_text(REPORT_LUA)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration:g}s",
        "--latency",
        f"--timeout={timeout:g}s",
        "-s",
        str(script),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    snapshot = {}
    timer = None
    if during is not None:
        timer = threading.Timer(duration / 2, lambda: snapshot.update(during()))
        timer.start()
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if timer is not None:
        timer.join()
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRKRES")), None)
    if line is None:
        raise SystemExit(f"wrk failed on {url}:\n{done.stdout}\n{done.stderr}")
    raw = dict(zip(FIELDS, map(float, line.split()[1:]), strict=True))
    requests = int(raw["requests"])
    seconds = raw["duration_us"] / 1e6 or (time.monotonic() - started)
    return {
        "command": " ".join(command[:-1] + [url]),
        "requests": requests,
        "rps": round(requests / seconds, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2) if requests else None,
        "p90_ms": round(raw["p90_us"] / 1000, 2) if requests else None,
        "p99_ms": round(raw["p99_us"] / 1000, 2) if requests else None,
        "max_ms": round(raw["max_us"] / 1000, 2) if requests else None,
        "bytes_per_response": round(raw["bytes"] / requests) if requests else None,
        "non_2xx": int(raw["status"]),
        "timeouts": int(raw["timeout"]),
        "socket_errors": int(raw["connect"] + raw["read"] + raw["write"]),
        "under_load": snapshot,
    }


def single(host: str, port: int, path: str, headers: dict, n: int) -> dict:
    """Median and max of `n` requests one after another, each on a fresh connection (curl's
    time to last byte in wordpress.sh)."""
    times, statuses = [], []
    for _ in range(n):
        started = time.perf_counter()
        connection = http.client.HTTPConnection(host, port, timeout=120)
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        times.append((time.perf_counter() - started) * 1000)
        statuses.append(response.status)
    return {
        "n": n,
        "median_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
        "errors": sum(1 for s in statuses if s >= 400),
    }


async def _open_loop(host, port, path, headers, rate, duration, timeout):
    request = (
        f"GET {path} HTTP/1.1\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in {"Host": f"{host}:{port}", **headers}.items())
        + "\r\n"
    ).encode()
    idle: list = []
    latencies: list[float] = []
    errors = {"non_2xx": 0, "socket_errors": 0, "timeouts": 0}
    opened = [0]

    async def one(scheduled: float) -> None:
        pair = idle.pop() if idle else None
        while True:
            reused = pair is not None
            try:
                if pair is None:
                    pair = await asyncio.open_connection(host, port)
                    opened[0] += 1
                reader, writer = pair
                writer.write(request)
                status, keep = await asyncio.wait_for(_response(reader), timeout)
                break
            except TimeoutError:
                errors["timeouts"] += 1
                return
            except (OSError, ValueError, asyncio.IncompleteReadError):
                if reused:
                    # A kept-alive connection the server closed while it sat idle (uvicorn
                    # after 5 s, nginx after 75 s): sent again on a new one, as browsers
                    # and Varnish do; the time counts from the request's schedule.
                    pair[1].close()
                    pair = None
                    continue
                errors["socket_errors"] += 1
                return
        latencies.append((time.perf_counter() - scheduled) * 1000)
        if not 200 <= status < 300:
            errors["non_2xx"] += 1
        if keep:
            idle.append(pair)
        else:
            pair[1].close()

    loop_start = time.perf_counter()
    tasks = []
    total = int(rate * duration)
    for i in range(total):
        scheduled = loop_start + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(scheduled)))
    await asyncio.gather(*tasks)
    for _, writer in idle:
        writer.close()
    ordered = sorted(latencies)

    def at(q):
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if ordered else None

    return {
        "rate": rate,
        "sent": total,
        "answered": len(latencies),
        "achieved_rps": round(len(latencies) / (time.perf_counter() - loop_start), 1),
        "p50_ms": at(0.50),
        "p90_ms": at(0.90),
        "p99_ms": at(0.99),
        "max_ms": round(ordered[-1], 1) if ordered else None,
        "connections_opened": opened[0],
        **errors,
    }


async def _response(reader) -> tuple[int, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    fields = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            fields[name.strip().lower()] = value.strip().lower()
    if "content-length" in fields:
        await reader.readexactly(int(fields["content-length"]))
    elif fields.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.read()
        return status, False
    return status, fields.get("connection") != "close"


def open_loop(
    host: str, port: int, path: str, *, headers: dict, rate: float, duration: float, timeout=30
) -> dict:
    """`rate` requests a second for `duration` seconds on a fixed schedule (open loop)."""
    return asyncio.run(_open_loop(host, port, path, headers, rate, duration, timeout))


def cpu_ticks(pids) -> int:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total


def wait_idle(pids_of, busy_of, log, *, limit: float = 300, below: float = 0.10) -> float:
    """Until the servers' own processes (`pids_of()`) use less than `below` of one core over a
    second and `busy_of()` (queries still running) is 0: requests queued when wrk stopped
    keep burning CPU (wordpress.sh's drain). The whole machine's CPU is not the test: other
    work shares it. Returns the seconds waited."""
    import os

    hz = os.sysconf("SC_CLK_TCK")
    started = time.monotonic()
    while time.monotonic() - started < limit:
        pids = list(pids_of())
        before = cpu_ticks(pids)
        time.sleep(1)
        used = (cpu_ticks(pids) - before) / hz
        if used < below and busy_of() == 0:
            return round(time.monotonic() - started, 1)
    log(f"WARNING: servers still busy after {limit:.0f} s")
    return round(time.monotonic() - started, 1)
