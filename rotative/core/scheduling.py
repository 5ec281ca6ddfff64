"""Recurring jobs: each app declares what runs when in its AppConfig.ready(), and every task
worker (`manage.py worker`, in `make run` as in production) starts them.

A job's next moment is one database row. A worker claims a due job with a compare-and-set
UPDATE of that row and queues the task in the same transaction: several workers ticking at
once cannot both win, and a failure between the claim and the queueing loses neither. Moments
missed while no worker ran are caught up by one run, not one per missed moment.
"""

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import close_old_connections, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecurringJob:
    """Run `task` every `every`, or each day at `at` (Paris time). With `pass_day`, the task
    receives `day=` the Paris date of the moment it was due, so a run delayed past midnight
    still knows which morning it belongs to."""

    name: str
    task: object  # a django_tasks Task, enqueued without arguments (or with `day`)
    every: timedelta | None = None
    at: time | None = None
    pass_day: bool = False

    def __post_init__(self):
        if (self.every is None) == (self.at is None):
            raise ValueError(f"{self.name}: give either `every` or `at`.")

    def next_after(self, moment: datetime) -> datetime:
        if self.every is not None:
            return moment + self.every
        return next_daily(self.at, after=moment)

    def first_run(self, now: datetime) -> datetime:
        """A job seen for the first time: an interval job runs at once, a daily one waits."""
        return now if self.every is not None else self.next_after(now)

    def task_kwargs(self, due: datetime) -> dict:
        return {"day": timezone.localtime(due).date().isoformat()} if self.pass_day else {}


def next_daily(at: time, *, after: datetime) -> datetime:
    """The first moment strictly after `after` when it is `at` in Paris."""
    day = timezone.localtime(after).date()
    # Made aware per day, so that 07:00 stays 07:00 across the clock changes.
    candidate = timezone.make_aware(datetime.combine(day, at))
    if candidate > after:
        return candidate
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), at))


_jobs: dict[str, RecurringJob] = {}


def recurring_job_declare(job: RecurringJob) -> None:
    """Called from an AppConfig.ready(); declaring the same job again replaces it."""
    _jobs[job.name] = job


def recurring_jobs() -> list[RecurringJob]:
    return list(_jobs.values())


def recurring_jobs_run_due(*, now: datetime | None = None) -> list[str]:
    """Queue every declared job that is due and claimed by this caller; their names."""
    now = now or timezone.now()
    queued = []
    for job in recurring_jobs():
        try:
            if _job_claim_and_queue(job, now=now):
                queued.append(job.name)
        except Exception:
            # One job that cannot be queued (a locked SQLite file, a broken task) never keeps
            # the others from running; it is tried again at the next tick.
            logger.exception("Recurring job %s could not be queued", job.name)
    return queued


def _job_claim_and_queue(job: RecurringJob, *, now: datetime) -> bool:
    from rotative.core.models import RecurringJobState

    state, _ = RecurringJobState.objects.get_or_create(
        name=job.name, defaults={"next_run_at": job.first_run(now)}
    )
    if state.next_run_at > now:
        return False
    return _job_claim(job, due=state.next_run_at, now=now)


def _job_claim(job: RecurringJob, *, due: datetime, now: datetime) -> bool:
    """Move the job's moment from `due` on and queue it, unless another worker already did."""
    from rotative.core.models import RecurringJobState

    with transaction.atomic():
        claimed = RecurringJobState.objects.filter(name=job.name, next_run_at=due).update(
            next_run_at=job.next_after(now), last_queued_at=now
        )
        if not claimed:
            return False  # another worker took this moment
        job.task.enqueue(**job.task_kwargs(due))
    logger.info("Recurring job %s queued (due %s)", job.name, due.isoformat())
    return True


TICK_SECONDS = 5


def scheduler_run(stop: threading.Event, *, tick_seconds: float = TICK_SECONDS) -> None:
    """The loop a worker runs beside its tasks until `stop` is set."""
    while not stop.is_set():
        close_old_connections()
        try:
            recurring_jobs_run_due()
        except Exception:
            logger.exception("Recurring jobs tick failed")
        finally:
            close_old_connections()
        stop.wait(tick_seconds)


def scheduler_start(*, tick_seconds: float = TICK_SECONDS) -> threading.Event:
    """Start the loop in a daemon thread; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=scheduler_run,
        args=(stop,),
        kwargs={"tick_seconds": tick_seconds},
        name="recurring-jobs",
        daemon=True,
    )
    thread.start()
    return stop
