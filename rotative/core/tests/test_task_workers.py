"""A task held by a worker that stopped saying it is alive goes back to the queue, once
(test_production.py kills a real worker; these are the rules)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rotative.core import task_workers
from rotative.core.models import TaskWorker
from rotative.core.tests.production_tasks import slow_write

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_WORKER_LOST_SECONDS = 30


def held_by(worker_id: str, *, seen_seconds_ago: float) -> DBTaskResult:
    now = timezone.now()
    TaskWorker.objects.create(
        worker_id=worker_id,
        host="machine-1",
        pid=1234,
        started_at=now - timedelta(hours=1),
        seen_at=now - timedelta(seconds=seen_seconds_ago),
    )
    result = DBTaskResult.objects.get(pk=slow_write.enqueue("/dev/null").id)
    result.claim(worker_id)
    return result


def test_the_task_of_a_silent_worker_is_queued_again_once():
    result = held_by("dead", seen_seconds_ago=31)

    assert task_workers.tasks_of_lost_workers_requeue() == [str(result.pk)]
    assert task_workers.tasks_of_lost_workers_requeue() == []  # another worker, later

    result.refresh_from_db()
    assert result.status == "READY" and result.started_at is None
    assert DBTaskResult.objects.ready().get() == result  # the next worker takes it


def test_the_task_of_a_live_worker_is_left_alone_however_long_it_runs():
    result = held_by("alive", seen_seconds_ago=4)
    DBTaskResult.objects.filter(pk=result.pk).update(started_at=timezone.now() - timedelta(hours=2))

    assert task_workers.tasks_of_lost_workers_requeue() == []
    result.refresh_from_db()
    assert result.status == "RUNNING"


def test_a_task_taken_again_meanwhile_is_not_requeued_from_its_old_claim():
    result = held_by("dead", seen_seconds_ago=60)
    TaskWorker.objects.create(
        worker_id="new", host="machine-2", pid=1, started_at=timezone.now(), seen_at=timezone.now()
    )
    task_workers.tasks_of_lost_workers_requeue()
    DBTaskResult.objects.get(pk=result.pk).claim("new")

    assert task_workers.tasks_of_lost_workers_requeue() == []
    assert DBTaskResult.objects.get(pk=result.pk).worker_ids == ["dead", "new"]


def test_a_worker_says_it_is_alive_and_leaves_no_row_when_it_stops():
    started = timezone.now()
    task_workers.worker_heartbeat(worker_id="w1", started_at=started)
    first = TaskWorker.objects.get().seen_at
    task_workers.worker_heartbeat(worker_id="w1", started_at=started)
    assert TaskWorker.objects.get().seen_at >= first
    task_workers.worker_forget(worker_id="w1")
    assert not TaskWorker.objects.exists()
