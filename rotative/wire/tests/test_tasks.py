"""The worker polls agency sources on schedule: a recurring job, no cron."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rotative.core import scheduling
from rotative.wire.models import Dispatch, WireSource
from rotative.wire.tests.test_ingest import g2_text

POLL_TASK = "rotative.wire.tasks.wire_poll"


@pytest.mark.django_db(transaction=True)
def test_the_worker_polls_every_source_then_again_thirty_seconds_later(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WIRE_DROP_ROOT = tmp_path
    (tmp_path / "depeche.xml").write_bytes(g2_text())
    WireSource.objects.create(name="AFP", kind="folder", path=str(tmp_path))
    WireSource.objects.create(name="Reuters", kind="folder", path=str(tmp_path / "vide"))

    now = timezone.now()
    assert "wire.poll" in scheduling.recurring_jobs_run_due(now=now)
    assert "wire.poll" not in scheduling.recurring_jobs_run_due(now=now + timedelta(seconds=29))
    assert DBTaskResult.objects.filter(task_path=POLL_TASK, status="READY").count() == 1

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert Dispatch.objects.filter(headline="Tempête sur le Cotentin").exists()
    afp, reuters = WireSource.objects.get(name="AFP"), WireSource.objects.get(name="Reuters")
    assert afp.last_run_at and afp.last_items == 1 and afp.last_error == ""
    assert "FileNotFoundError" in reuters.last_error  # shown on the source in the admin

    assert "wire.poll" in scheduling.recurring_jobs_run_due(now=now + timedelta(seconds=31))
