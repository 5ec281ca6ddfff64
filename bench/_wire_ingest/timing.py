"""Per-delivery timing of the ingest, and the ANALYZE a production server's autovacuum runs."""

from __future__ import annotations

import resource
import threading
import time

from _common.stats import ms_summary

FIGURES = ("mean", "median", "p95", "max")  # of the deliveries' latency, in ms


def rss_now_kib():
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def rss_peak_kib():
    """Peak RSS in KiB: ru_maxrss, or VmHWM when the kernel has not folded it in yet."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return peak


class BudgetExceeded(Exception):
    pass


class TimedIngest:
    """Wraps services.wire_ingest_bytes (called by wire_ingest_path) to time each delivery,
    and services.ingest._bulk_write, which writes a run of a batch's new stories together
    (services.batch): the run's time, statements and tasks are shared equally among its
    deliveries (each record says the run's size), and a run that fell back to file by file
    is recorded by those files' own calls. The batch's read-ahead (`deliveries_prepare`:
    reading, hashing, parsing and two queries for the whole batch) is timed apart.

    Per delivery it records the wall time, the SQL statements sent through Django's cursors
    (count and time, with connection.execute_wrapper; BEGIN/COMMIT are not cursor statements)
    and the tasks run inline by the ImmediateBackend (count and time, from task_finished).
    The cost is a few perf_counter calls per statement. Past the deadline it raises, so a
    too-slow run stops instead of running for hours.
    """

    def __init__(self, deadline=None, keep_sql=False):
        # The module whose wire_ingest_bytes wire_ingest_path calls, one call per file.
        from rotative.wire.services import ingest as services

        self.services = services
        self.original = services.wire_ingest_bytes
        self.original_bulk = services._bulk_write
        self.original_prepare = services.batch.deliveries_prepare
        # The read-ahead of every batch: calls, files, seconds, statements.
        self.prepare = {"batches": 0, "files": 0, "seconds": 0.0, "queries": 0}
        self.deadline = deadline
        self.keep_sql = keep_sql
        self.records = []  # dicts: file, start, seconds, queries, sql_s, tasks, task_s, sql
        self.tasks = {}  # task path -> [count, seconds]
        self._queries, self._sql_s, self._tasks, self._task_s, self._sql = 0, 0.0, 0, 0.0, []

    def _execute(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - t0
            self._queries += 1
            self._sql_s += elapsed
            if self.keep_sql:
                self._sql.append((sql, elapsed))

    def _task_finished(self, sender, task_result, **kwargs):
        seconds = 0.0
        if task_result.started_at and task_result.finished_at:
            seconds = (task_result.finished_at - task_result.started_at).total_seconds()
        self._tasks += 1
        self._task_s += seconds
        entry = self.tasks.setdefault(task_result.task.module_path, [0, 0.0])
        entry[0] += 1
        entry[1] += seconds

    def __enter__(self):
        from django.db import connection
        from django_tasks.signals import task_finished

        original = self.original

        def timed(**kwargs):
            t0 = time.perf_counter()
            if self.deadline is not None and t0 > self.deadline:
                raise BudgetExceeded
            q0, s0, k0, ks0 = self._queries, self._sql_s, self._tasks, self._task_s
            self._sql = []
            report = original(**kwargs)
            self.records.append(
                {
                    "file": kwargs.get("filename", ""),
                    "start": t0,
                    "seconds": time.perf_counter() - t0,
                    "queries": self._queries - q0,
                    "sql_s": self._sql_s - s0,
                    "tasks": self._tasks - k0,
                    "task_s": self._task_s - ks0,
                    "sql": self._sql if self.keep_sql else None,
                }
            )
            return report

        def timed_bulk(run, **kwargs):
            t0 = time.perf_counter()
            if run and self.deadline is not None and t0 > self.deadline:
                raise BudgetExceeded
            q0, s0, k0, ks0 = self._queries, self._sql_s, self._tasks, self._task_s
            self._sql = []
            n_records = len(self.records)
            outcomes = self.original_bulk(run, **kwargs)
            if not run or len(self.records) != n_records:  # nothing, or taken file by file
                return outcomes
            seconds = time.perf_counter() - t0
            share = 1 / len(run)
            for index, delivery in enumerate(run):
                self.records.append(
                    {
                        "file": delivery.path.name,
                        "start": t0 + seconds * index * share,
                        "seconds": seconds * share,
                        "queries": (self._queries - q0) * share,
                        "sql_s": (self._sql_s - s0) * share,
                        "tasks": (self._tasks - k0) * share,
                        "task_s": (self._task_s - ks0) * share,
                        # The run's statements on its first record: per-file averages hold.
                        "sql": (self._sql if index == 0 else []) if self.keep_sql else None,
                        "run": len(run),
                    }
                )
            return outcomes

        def timed_prepare(files, **kwargs):
            t0, q0 = time.perf_counter(), self._queries
            deliveries = self.original_prepare(files, **kwargs)
            self.prepare["batches"] += 1
            self.prepare["files"] += len(files)
            self.prepare["seconds"] += time.perf_counter() - t0
            self.prepare["queries"] += self._queries - q0
            return deliveries

        self.services._bulk_write = timed_bulk
        self.services.batch.deliveries_prepare = timed_prepare
        self._wrapper = connection.execute_wrapper(self._execute)
        self._wrapper.__enter__()
        task_finished.connect(self._task_finished, dispatch_uid="bench-wire-ingest")
        self.services.wire_ingest_bytes = timed
        return self

    def __exit__(self, *exc):
        from django_tasks.signals import task_finished

        self.services.wire_ingest_bytes = self.original
        self.services._bulk_write = self.original_bulk
        self.services.batch.deliveries_prepare = self.original_prepare
        task_finished.disconnect(dispatch_uid="bench-wire-ingest")
        self._wrapper.__exit__(*exc)
        return False

    @property
    def queries_all(self) -> int:
        """Statements sent while timing, inside deliveries or not (after a batch's commit)."""
        return self._queries

    @property
    def sql_seconds_all(self) -> float:
        return self._sql_s

    @property
    def task_seconds_all(self) -> float:
        return self._task_s

    def by_kind(self, kinds: dict):
        """Per kind of delivery: latency, and per-delivery SQL and inline-task figures."""
        groups = {}
        for record in self.records:
            groups.setdefault(kinds.get(record["file"], "?").split(":")[0], []).append(record)
        out = {}
        for kind, records in groups.items():
            n = len(records)
            wall = sum(r["seconds"] for r in records)
            sql = sum(r["sql_s"] for r in records)
            task_s = sum(r["task_s"] for r in records)
            runs = [r["run"] for r in records if r.get("run")]
            out[kind] = {
                **ms_summary([r["seconds"] for r in records], *FIGURES),
                # Written with others (services.batch): how many, and the runs' mean size.
                "in_runs": len(runs),
                "mean_run": round(sum(runs) / len(runs), 1) if runs else None,
                "queries_per_file": round(sum(r["queries"] for r in records) / n, 1),
                "sql_ms_per_file": round(sql * 1000 / n, 2),
                "sql_share": round(sql / wall, 3) if wall else None,
                "tasks_per_file": round(sum(r["tasks"] for r in records) / n, 1),
                "task_ms_per_file": round(task_s * 1000 / n, 2),
                "task_share": round(task_s / wall, 3) if wall else None,
            }
        return out

    def prepare_summary(self) -> dict:
        p = self.prepare
        return {
            **p,
            "seconds": round(p["seconds"], 3),
            "ms_per_file": round(p["seconds"] * 1000 / p["files"], 3) if p["files"] else None,
            "queries_per_batch": round(p["queries"] / p["batches"], 1) if p["batches"] else None,
        }

    def task_summary(self, per: int):
        return {
            path: {
                "per_delivery": round(count / per, 2),
                "ms_per_delivery": round(s * 1000 / per, 2),
            }
            for path, (count, s) in sorted(self.tasks.items(), key=lambda kv: -kv[1][1])
        }


class AutoAnalyze:
    """What autovacuum does on a production server, for a server where it is off.

    With autovacuum off (as on the bench machine's PostgreSQL), the planner keeps the
    statistics of an empty database while the bench adds 10,000 pages, and picks plans that
    a production server would not (a sort of every child page to find the last one: 8 ms
    instead of 0.06 ms). Every `every` seconds this runs ANALYZE on its own connection, as
    autovacuum would for tables that grow this fast.
    """

    # Not autovacuum's 60 s naptime: a production database already holds statistics that
    # describe sections of thousands of pages, while the bench starts from empty tables and
    # adds 2,000 articles in under 20 s. Planned for an empty table, the section's last child
    # and its taken slugs were read by scanning every child (2 to 3 ms a batch at 2,500
    # children, growing), 0.1 ms once analyzed (EXPLAIN ANALYZE on the bench's database).
    def __init__(self, db_url: str, every: float = 10.0):
        self.db_url, self.every = db_url, every
        self.runs, self.seconds = 0, 0.0
        self._stop = threading.Event()
        self._thread = None

    def needed(self) -> bool:
        import psycopg

        with psycopg.connect(self.db_url, autocommit=True, connect_timeout=10) as conn:
            return conn.execute("SHOW autovacuum").fetchone()[0] != "on"

    def _loop(self):
        import psycopg

        while not self._stop.wait(self.every):
            started = time.perf_counter()
            with psycopg.connect(self.db_url, autocommit=True, connect_timeout=10) as conn:
                conn.execute("ANALYZE")
            self.runs += 1
            self.seconds += time.perf_counter() - started

    def __enter__(self):
        if self.needed():
            self._thread = threading.Thread(target=self._loop, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        return False

    def summary(self):
        return {
            "autovacuum_off": self._thread is not None,
            "every_s": self.every,
            "runs": self.runs,
            "seconds": round(self.seconds, 2),
        }
