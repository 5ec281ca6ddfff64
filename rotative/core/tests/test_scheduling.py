"""Recurring jobs: declared by each app, queued once per moment by however many workers run,
in `make run` as in production."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks import task

from rotative.core import scheduling
from rotative.core.models import RecurringJobState
from rotative.core.tests.test_settings import PRODUCTION_ENV

BASE_DIR = Path(__file__).resolve().parents[3]
PARIS = ZoneInfo("Europe/Paris")

# What used to be started by `manage.py serve` alone: production now runs it too.
DECLARED = {
    "news.publish_scheduled": timedelta(minutes=5),
    "wire.poll": timedelta(seconds=30),
    "newsletter.sweep": timedelta(seconds=60),
    "newsletter.digest_prepare": "05:30:00",
    "newsletter.digest_send": "07:00:00",
    "classifieds.daily": "07:00:00",
    "alerts.daily": "07:00:00",
    "agenda.nightly": "04:00:00",
    "jobs.expire": timedelta(minutes=15),
    "jobs.applications_purge": "03:30:00",
}

ran: list[str] = []


@task()
def remember(day: str = ""):
    ran.append(day)


@pytest.fixture
def only(monkeypatch):
    """Replace the declared jobs by the given ones for one test."""

    def declare(*jobs):
        monkeypatch.setattr(scheduling, "_jobs", {job.name: job for job in jobs})
        ran.clear()

    return declare


def test_every_app_declares_its_recurring_jobs():
    jobs = {job.name: job for job in scheduling.recurring_jobs()}
    assert set(jobs) == set(DECLARED)
    for name, when in DECLARED.items():
        if isinstance(when, timedelta):
            assert jobs[name].every == when
        else:
            assert jobs[name].at.isoformat() == when


def test_a_daily_job_keeps_its_paris_hour_across_the_clock_changes():
    (send,) = [job for job in scheduling.recurring_jobs() if job.name == "newsletter.digest_send"]
    before_spring = datetime(2027, 3, 27, 21, 0, tzinfo=PARIS)  # clocks go forward that night
    after = send.next_after(send.next_after(before_spring))
    assert after.astimezone(PARIS).isoformat() == "2027-03-29T07:00:00+02:00"
    before_autumn = datetime(2026, 10, 24, 8, 0, tzinfo=PARIS)
    assert send.next_after(before_autumn).astimezone(PARIS).isoformat() == (
        "2026-10-25T07:00:00+01:00"
    )


@pytest.mark.django_db
def test_an_interval_job_runs_at_once_then_every_interval(only):
    only(scheduling.RecurringJob(name="t.every", task=remember, every=timedelta(seconds=30)))
    start = timezone.now()
    assert scheduling.recurring_jobs_run_due(now=start) == ["t.every"]
    assert scheduling.recurring_jobs_run_due(now=start + timedelta(seconds=29)) == []
    assert scheduling.recurring_jobs_run_due(now=start + timedelta(seconds=30)) == ["t.every"]
    assert len(ran) == 2


@pytest.mark.django_db
def test_a_daily_job_waits_for_its_hour_and_names_the_day_it_was_due(only):
    only(
        scheduling.RecurringJob(
            name="t.daily", task=remember, at=datetime(2026, 1, 1, 7, 0).time(), pass_day=True
        )
    )
    evening = datetime(2026, 12, 6, 21, 0, tzinfo=PARIS)
    assert scheduling.recurring_jobs_run_due(now=evening) == []
    state = RecurringJobState.objects.get(name="t.daily")
    assert state.next_run_at.astimezone(PARIS).isoformat() == "2026-12-07T07:00:00+01:00"

    # The worker was down from Sunday night to Wednesday noon: one run, not three, for the
    # morning that was due first; then the next morning.
    wednesday_noon = datetime(2026, 12, 9, 12, 0, tzinfo=PARIS)
    assert scheduling.recurring_jobs_run_due(now=wednesday_noon) == ["t.daily"]
    assert scheduling.recurring_jobs_run_due(now=wednesday_noon + timedelta(hours=1)) == []
    assert ran == ["2026-12-07"]
    state.refresh_from_db()
    assert state.next_run_at.astimezone(PARIS).isoformat() == "2026-12-10T07:00:00+01:00"


@pytest.mark.django_db
def test_a_moment_is_claimed_by_one_worker_only(only):
    only(scheduling.RecurringJob(name="t.every", task=remember, every=timedelta(seconds=30)))
    now = timezone.now()
    due = RecurringJobState.objects.create(name="t.every", next_run_at=now).next_run_at
    (job,) = scheduling.recurring_jobs()
    # Two workers read the row as due at the same moment; the second compare-and-set finds
    # that the first moved it on.
    assert scheduling._job_claim(job, due=due, now=now) is True
    assert scheduling._job_claim(job, due=due, now=now) is False
    assert len(ran) == 1


class Unqueueable:
    def enqueue(self, **kwargs):
        raise ConnectionError("queue unreachable")


@pytest.mark.django_db
def test_one_job_that_cannot_be_queued_never_stops_the_others(only):
    only(
        scheduling.RecurringJob(name="t.broken", task=Unqueueable(), every=timedelta(seconds=30)),
        scheduling.RecurringJob(name="t.fine", task=remember, every=timedelta(seconds=30)),
    )
    now = timezone.now()
    assert scheduling.recurring_jobs_run_due(now=now) == ["t.fine"]
    # Nothing was lost: the broken job's moment was not consumed and is tried again.
    assert RecurringJobState.objects.get(name="t.broken").next_run_at <= now


# --- the production path: workers started as the README says --------------------------------


@pytest.fixture
def fresh_database(tmp_path):
    """A database of its own for the worker processes: PostgreSQL when the suite runs on it,
    else an SQLite file. Yields its URL."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'production.sqlite3'}"
        return
    name = f"rotative_workers_{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    server = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args, env, **kwargs):
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={"PATH": os.environ["PATH"], "PYTHONUNBUFFERED": "1", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **kwargs,
    )


def query(database_url, sql):
    """Read the workers' database from outside, as an operator would."""
    code = (
        "import django, json; django.setup(); from django.db import connection;"
        f"c = connection.cursor(); c.execute({sql!r}); print(json.dumps(c.fetchall(), default=str))"
    )
    env = {**PRODUCTION_ENV, "DATABASE_URL": database_url}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_production_workers_schedule_every_declared_job_once(fresh_database, tmp_path):
    env = {**PRODUCTION_ENV, "DATABASE_URL": fresh_database, "ROTATIVE_VAR_DIR": str(tmp_path)}
    migrate = manage("migrate", "--no-input", env=env)
    output, _ = migrate.communicate(timeout=600)
    assert migrate.returncode == 0, output

    workers = [
        manage("worker", "--interval", "1", env=env, start_new_session=True) for _ in range(2)
    ]
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            rows = query(fresh_database, "SELECT name FROM core_recurringjobstate")
            if len(rows) == len(DECLARED):
                break
            time.sleep(1)
        time.sleep(3)  # both workers have ticked at least once more
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
        logs = [worker.communicate(timeout=30)[0] for worker in workers]

    assert all("Traceback" not in log for log in logs), logs
    scheduled = dict(query(fresh_database, "SELECT name, next_run_at FROM core_recurringjobstate"))
    assert set(scheduled) == set(DECLARED)
    # Each interval job was queued exactly once by the two workers together.
    queued = query(
        fresh_database,
        "SELECT task_path, count(*) FROM django_tasks_database_dbtaskresult GROUP BY task_path",
    )
    counts = dict(queued)
    assert counts == {
        "rotative.news.tasks.publish_scheduled_pages": 1,
        "rotative.wire.tasks.wire_poll": 1,
        "rotative.newsletter.tasks.newsletter_sweep": 1,
        "rotative.jobs.tasks.jobs_expire": 1,
    }, logs
