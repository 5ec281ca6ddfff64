"""A task whose worker died is run again, once.

django-tasks' database worker marks a task RUNNING when it takes it and never looks at it
again: a worker killed mid-task (out of memory, SIGKILL, the machine lost) leaves it RUNNING
for ever. So every `manage.py worker` says it is alive (one `TaskWorker` row, every few
seconds, from a thread of its own, so that a long task does not silence it) and puts back in
the queue the tasks still held by a worker silent for `TASK_WORKER_LOST_SECONDS`. The
requeue is a compare-and-set on the task's claim (its `started_at`): however many workers
notice, the task goes back once, and the next worker to take it runs it once more. Tasks are
thin wrappers around services that may run twice (each says how it stays idempotent); the
one run killed halfway is the price.

A worker that could not reach the database itself requeues nothing until it has been
healthy for as long as the others need to say they are alive: after an outage of the
database every worker is silent for a while, and none of them is dead.
"""

import logging
import os
import socket
import threading
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

logger = logging.getLogger(__name__)


def lost_after() -> float:
    return settings.TASK_WORKER_LOST_SECONDS


def heartbeat_seconds() -> float:
    return min(5.0, lost_after() / 3)


def worker_heartbeat(*, worker_id: str, started_at: datetime) -> None:
    from rotative.core.models import TaskWorker

    TaskWorker.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": timezone.now()},
        create_defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


def worker_forget(*, worker_id: str) -> None:
    """A worker that stops cleanly has finished its task (db_worker waits for it)."""
    from rotative.core.models import TaskWorker

    TaskWorker.objects.filter(worker_id=worker_id).delete()


def tasks_of_lost_workers_requeue(*, now: datetime | None = None) -> list[str]:
    """Put back in the queue the tasks held by workers silent for too long; their ids."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from rotative.core.models import TaskWorker

    now = now or timezone.now()
    lost = set(
        TaskWorker.objects.filter(seen_at__lt=now - timedelta(seconds=lost_after())).values_list(
            "worker_id", flat=True
        )
    )
    if not lost:
        return []
    requeued = []
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    for task_id, worker_ids, started_at, task_path in running.values_list(
        "id", "worker_ids", "started_at", "task_path"
    ):
        if not worker_ids or worker_ids[-1] not in lost:
            continue
        # The same claim, still running: another worker may have requeued it, or a worker
        # taken it again, since we read it.
        if DBTaskResult.objects.filter(
            pk=task_id, status=TaskResultStatus.RUNNING, started_at=started_at
        ).update(status=TaskResultStatus.READY, started_at=None):
            logger.warning(
                "Task %s (%s) was held by lost worker %s: queued again",
                task_id,
                task_path,
                worker_ids[-1],
            )
            requeued.append(str(task_id))
    # A lost worker's row is kept a day, for the operator who wonders where it went.
    TaskWorker.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    return requeued


def upkeep_run(stop: threading.Event, *, worker_id: str) -> None:
    """Beside the worker's loop until `stop` is set: say it is alive, requeue the lost."""
    started_at = timezone.now()
    healthy_since = None  # monotonic time of the first heartbeat after a failure
    while not stop.is_set():
        close_old_connections()
        try:
            worker_heartbeat(worker_id=worker_id, started_at=started_at)
            healthy_since = healthy_since or time.monotonic()
            if time.monotonic() - healthy_since >= lost_after() + heartbeat_seconds():
                tasks_of_lost_workers_requeue()
        except Exception:
            healthy_since = None
            logger.exception("Task worker upkeep failed")
        finally:
            close_old_connections()
        stop.wait(heartbeat_seconds())
    try:
        worker_forget(worker_id=worker_id)
    except Exception:  # the row ages out; its tasks are finished anyway
        logger.warning("Task worker %s could not remove its row", worker_id, exc_info=True)
    finally:
        close_old_connections()


def upkeep_start(*, worker_id: str) -> tuple[threading.Event, threading.Thread]:
    stop = threading.Event()
    thread = threading.Thread(
        target=upkeep_run,
        args=(stop,),
        kwargs={"worker_id": worker_id},
        name="task-worker-upkeep",
        daemon=True,
    )
    thread.start()
    return stop, thread
