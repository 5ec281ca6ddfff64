"""Recurring jobs: declared by each app, queued once per moment by however many workers run,
in `make run` as in production. Two production workers started together on PostgreSQL are
core/tests/test_production.py's (test_every_recurring_job_is_scheduled_once)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_tasks import task

from rotative.core import scheduling
from rotative.core.models import RecurringJobState

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
    "pronostics.reminders_send": timedelta(minutes=15),
    "pronostics.scores_catch_up": timedelta(minutes=5),
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
