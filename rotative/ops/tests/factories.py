"""Rows of django-tasks' database backend, as `enqueue` and a worker leave them."""

from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max


def task_rows(count: int, *, status: str = "READY", enqueued_at=None) -> list[DBTaskResult]:
    rows = [
        DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="rotative.newsletter.tasks.send_mailing",
            backend_name="default",
            run_after=get_date_max(),
            finished_at=timezone.now() if status in ("FAILED", "SUCCESSFUL") else None,
        )
        for _ in range(count)
    ]
    if enqueued_at is not None:
        DBTaskResult.objects.filter(pk__in=[row.pk for row in rows]).update(enqueued_at=enqueued_at)
    return rows
