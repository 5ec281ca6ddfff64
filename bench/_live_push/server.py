"""The server process (uvicorn, optionally under cProfile) and what /proc and PostgreSQL say
of it."""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
import sys
from collections import Counter
from pathlib import Path

from _common import BASE_DIR

CLK_TCK = os.sysconf("SC_CLK_TCK")


def raise_nofile() -> tuple[int, int]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


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
