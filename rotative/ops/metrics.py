"""Metrics in Prometheus text format (prometheus_client), for `/sante/metriques/`.

Two kinds:
- counted by each process as things happen: requests, their latency, mails sent, open En
  direct streams;
- read from the database at each scrape, the same whichever process answers: the task
  queue (due tasks, the oldest one's age, failures) and the wire quarantine.

Several processes. uvicorn's workers, the task workers and the scheduler each keep their own
counts; a scrape reaches one process only. With PROMETHEUS_MULTIPROC_DIR set (an empty
folder, emptied at each start of the service, shared by every process of the machine),
prometheus_client writes each process's counts there and a scrape sums them: the worker's
mails show up in the web processes' answer. Without it (the embedded mode's single
process), each process answers with its own counts.
"""

import contextlib
import os
import re
from pathlib import Path

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

# The text format every Prometheus version reads (generate_latest writes it).
CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4

# This process's metrics. In multiprocess mode their values live in files instead, and this
# registry is not read.
LOCAL = CollectorRegistry(auto_describe=True)

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

http_requests = Counter(
    "rotative_http_requests",
    "Requests answered by Django, by method and status class (2xx, 3xx, 4xx, 5xx).",
    ["method", "status"],
    registry=LOCAL,
)
http_latency = Histogram(
    "rotative_http_request_duration_seconds",
    "Time from the request reaching Django to its response (headers, for a stream).",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=LOCAL,
)
mails_sent = Counter("rotative_mails_sent", "Mails handed to the mail server.", registry=LOCAL)
mail_failures = Counter(
    "rotative_mail_failures",
    "Attempts to hand mails to the mail server that raised an error.",
    registry=LOCAL,
)
live_connections = Gauge(
    "rotative_live_connections",
    "En direct streams open (Server-Sent Events), summed over the live processes.",
    multiprocess_mode="livesum",
    registry=LOCAL,
)


def request_observe(*, method: str, status: int, seconds: float) -> None:
    method = method if method in METHODS else "other"
    http_requests.labels(method=method, status=f"{status // 100}xx").inc()
    http_latency.observe(seconds)


def live_connections_set(count: int) -> None:
    live_connections.set(count)


class DatabaseCollector:
    """Read at each scrape: the figures are in the database, shared by every process.

    With the database down, the scrape still answers with what the processes counted, and
    says that the database could not be read."""

    def collect(self):
        from django.db import DatabaseError

        try:
            families = list(self._from_database())
        except DatabaseError:
            families = []
        yield GaugeMetricFamily(
            "rotative_metrics_database_up",
            "1 if this scrape could read the database, else 0 (its figures are then missing).",
            value=1 if families else 0,
        )
        yield from families

    def _from_database(self):
        from django.db.models import Min
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        from rotative.ops.health import ready_task_count
        from rotative.wire.models import QuarantinedFile

        yield GaugeMetricFamily(
            "rotative_tasks_ready",
            "Background tasks due and waiting for a worker (the queue's depth).",
            value=ready_task_count(),
        )
        oldest = DBTaskResult.objects.ready().aggregate(oldest=Min("enqueued_at"))["oldest"]
        age = (timezone.now() - oldest).total_seconds() if oldest else 0
        yield GaugeMetricFamily(
            "rotative_tasks_oldest_ready_age_seconds",
            "How long the oldest due task has waited (0 when none waits): workers stuck or gone.",
            value=max(age, 0),
        )
        yield GaugeMetricFamily(
            "rotative_tasks_failed",
            "Background tasks that ended in an error, as kept in the database.",
            value=DBTaskResult.objects.failed().count(),
        )
        yield GaugeMetricFamily(
            "rotative_wire_quarantined_files",
            "Agency files that could not be ingested, kept in quarantine with their reason.",
            value=QuarantinedFile.objects.count(),
        )


class _LocalCollector:
    def collect(self):
        return LOCAL.collect()


def multiprocess_dir() -> str:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


_LIVE_FILE = re.compile(r"^gauge_live\w*_(\d+)\.db$")


def forget_dead_processes(folder: str) -> None:
    """Open streams of a process that died (killed, restarted) must not count forever: its
    « live » gauge files go. uvicorn has no hook on a worker's death, so it is done here."""
    for path in Path(folder).glob("gauge_live*.db"):
        found = _LIVE_FILE.match(path.name)
        if found and not _process_alive(int(found.group(1))):
            with contextlib.suppress(FileNotFoundError):
                multiprocess.mark_process_dead(int(found.group(1)), folder)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def exposition() -> tuple[bytes, str]:
    """The text a scrape gets, and its content type."""
    registry = CollectorRegistry(auto_describe=False)
    folder = multiprocess_dir()
    if folder:
        forget_dead_processes(folder)
        multiprocess.MultiProcessCollector(registry, path=folder)
    else:
        registry.register(_LocalCollector())
    registry.register(DatabaseCollector())
    return generate_latest(registry), CONTENT_TYPE
