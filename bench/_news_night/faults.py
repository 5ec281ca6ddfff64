"""The faults of the night, at set moments of the load (issue 15, point 3): Redis stopped
then started again, a worker SIGKILLed then started again (as systemd's Restart= does),
every PostgreSQL connection of the site cut (what a PostgreSQL restart does to them)."""

from __future__ import annotations

import asyncio
import time


def schedule(load_s: float) -> list[dict]:
    """When each fault starts (seconds into the load) and how long it lasts: spread over the
    load, after a calm first quarter that serves as the baseline."""
    redis_down = min(30.0, load_s / 6)
    return [
        {"name": "redis_stopped", "at": 0.30 * load_s, "lasts": redis_down},
        {"name": "worker_killed", "at": 0.55 * load_s, "lasts": 2.0},  # systemd's RestartSec
        {"name": "postgres_cut", "at": 0.80 * load_s, "lasts": 0.0},
    ]


def terminate_connections(db_name: str) -> int:
    import psycopg

    with psycopg.connect(
        "postgres://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=5
    ) as connection:
        rows = connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [db_name],
        ).fetchall()
    return len(rows)


async def inject(site, db_name: str, began: float, log) -> list[dict]:
    """Runs the schedule against `site` (a Deployment); returns what was done and when
    (seconds since `began`, the load's start)."""
    done = []
    for fault in schedule(site.load_s):
        await asyncio.sleep(max(0.0, began + fault["at"] - time.monotonic()))
        start = time.monotonic() - began
        detail = ""
        if fault["name"] == "redis_stopped":
            await asyncio.to_thread(site.redis.stop)
            await asyncio.sleep(fault["lasts"])
            await asyncio.to_thread(site.redis.start)
        elif fault["name"] == "worker_killed":
            pid = await asyncio.to_thread(site.kill_worker, 0)
            await asyncio.sleep(fault["lasts"])
            site.start_worker(0)
            detail = f"pid {pid} SIGKILLed, replaced by pid {site.workers[0].pid}"
        else:
            cut = await asyncio.to_thread(terminate_connections, db_name)
            detail = f"{cut} connections terminated"
        end = time.monotonic() - began
        done.append(
            {
                "name": fault["name"],
                "start_s": round(start, 1),
                "end_s": round(end, 1),
                "detail": detail,
            }
        )
        log(f"fault {fault['name']}: {start:.0f}-{end:.0f} s {detail}")
    return done
