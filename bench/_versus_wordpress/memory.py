"""Memory and connections of every server process: RSS and PSS (/proc/<pid>/smaps_rollup:
PSS shares the pages forked workers have in common among them, so PSS sums to what the
machine really spends), PostgreSQL connections per web process (pg_stat_activity's
client_port matched to its owner with `ss -tnp`), and MariaDB's threads."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from _news_night.memory import children_of  # noqa: F401 (re-exported for wordpress.py)


def pids_named(comm: str) -> list[int]:
    """Processes whose command name starts with `comm` (php-fpm8.2 for php-fpm), by pid."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                name = Path(f"/proc/{entry}/comm").read_text().strip()
            except OSError:
                continue
            if name.startswith(comm):
                found.append(int(entry))
    return sorted(found)


def rss_pss_kib(pid: int) -> tuple[int, int] | None:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    values = dict(re.findall(r"^(Rss|Pss):\s+(\d+) kB", text, flags=re.M))
    return int(values.get("Rss", 0)), int(values.get("Pss", 0))


def memory(pids: dict[str, int]) -> dict[str, dict]:
    """{name: {pid, rss_mib, pss_mib}} of the processes that still run."""
    rows = {}
    for name, pid in pids.items():
        sizes = rss_pss_kib(pid)
        if sizes:
            rows[name] = {
                "pid": pid,
                "rss_mib": round(sizes[0] / 1024, 1),
                "pss_mib": round(sizes[1] / 1024, 1),
            }
    return rows


def totals(rows: dict[str, dict], prefixes: tuple[str, ...]) -> dict:
    chosen = [r for name, r in rows.items() if name.startswith(prefixes)]
    return {
        "processes": len(chosen),
        "rss_mib": round(sum(r["rss_mib"] for r in chosen), 1),
        "pss_mib": round(sum(r["pss_mib"] for r in chosen), 1),
    }


def socket_owners(port: int) -> dict[int, int]:
    """{local port: pid} of the TCP connections to 127.0.0.1:`port` (ss -tnp)."""
    out = subprocess.run(  # noqa: S603 (our own fixed command line)
        ["ss", "-tnpH", "state", "established", "dst", f"127.0.0.1:{port}"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    owners = {}
    for line in out.splitlines():
        local = re.search(r"127\.0\.0\.1:(\d+)\s+127\.0\.0\.1:\d+", line)
        owner = re.search(r"pid=(\d+)", line)
        if local and owner:
            owners[int(local.group(1))] = int(owner.group(1))
    return owners


def pg_connections(admin_conn, db: str, web_pids: dict[str, int]) -> dict:
    """PostgreSQL connections to `db`, per web process and by state (active, idle…)."""
    rows = admin_conn.execute(
        "SELECT client_port, coalesce(state, '?') FROM pg_stat_activity"
        " WHERE datname = %s AND pid <> pg_backend_pid()",
        [db],
    ).fetchall()
    owners = socket_owners(5432)
    names = {pid: name for name, pid in web_pids.items()}
    per: dict[str, dict[str, int]] = {}
    for port, state in rows:
        owner = names.get(owners.get(port), "other")
        per.setdefault(owner, {}).setdefault(state, 0)
        per[owner][state] += 1
    return {"total": len(rows), "per_process": per}
