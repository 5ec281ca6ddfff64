"""What the load balancer asks each server process: is it alive, can it serve?

Liveness (`/sante/`) touches nothing: a process that answers it is running, whatever the
database does. Readiness (`/sante/pret/`) runs the checks below, each timed, each reported
by name. Only the checks named in settings.HEALTH_CRITICAL_CHECKS (the database, by
default) turn the answer into a 503: the cache and the task queue are shared by every
process, so a load balancer that took a process out for them would take them all out at
once, while pages can still be served without Redis (rate limits fall back) and with a late
queue. Their failures still show in the body, the log and the metrics.
"""

import logging
import secrets
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)

CHECKS = ("database", "cache", "queue")


@dataclass
class CheckResult:
    name: str
    ok: bool
    milliseconds: float
    details: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"ok": self.ok, "ms": round(self.milliseconds, 1), **self.details}


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def _cache() -> dict:
    key, value = f"ops:health:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, 10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the value written was not read back")
    finally:
        cache.delete(key)
    return {}


def _queue() -> dict:
    depth = ready_task_count()
    limit = settings.HEALTH_MAX_QUEUE_DEPTH
    if depth > limit:
        raise QueueTooDeep(depth, limit)
    return {"ready": depth, "max": limit}


class QueueTooDeep(Exception):
    def __init__(self, depth: int, limit: int):
        super().__init__(f"{depth} tasks ready, more than {limit}")
        self.details = {"ready": depth, "max": limit}


def ready_task_count() -> int:
    """Tasks due and waiting for a worker (django-tasks' database backend)."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().count()


_RUNNERS = {"database": _database, "cache": _cache, "queue": _queue}


def run_check(name: str) -> CheckResult:
    start = time.perf_counter()
    try:
        details = _RUNNERS[name]()
        ok = True
    except Exception as error:  # a health check answers, whatever breaks underneath
        # The class only in the answer (it is public); the message, which may name hosts
        # and ports, in the log.
        details = {"error": type(error).__name__, **getattr(error, "details", {})}
        logger.warning(
            "readiness check failed",
            extra={"event": "health_check_failed", "fields": {"check": name, "error": str(error)}},
        )
        ok = False
    return CheckResult(name, ok, (time.perf_counter() - start) * 1000, details)


def readiness() -> tuple[bool, dict]:
    """(ready, body): ready unless a critical check failed; the body names every check."""
    results = [run_check(name) for name in CHECKS]
    failed = [result.name for result in results if not result.ok]
    ready = not set(failed) & set(settings.HEALTH_CRITICAL_CHECKS)
    status = "unavailable" if not ready else ("degraded" if failed else "ok")
    body = {"status": status, "checks": {result.name: result.as_json() for result in results}}
    if failed:
        body["failed"] = failed
    return ready, body
