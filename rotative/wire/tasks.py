from datetime import timedelta

from django.utils import timezone
from django_tasks import task

POLL_EVERY = timedelta(seconds=30)


@task()
def wire_poll(reschedule: bool = True):
    """Run every source that is due, then come back in 30 seconds (no cron needed)."""
    from rotative.wire import services

    try:
        for source in services.wire_sources_due():
            services.wire_source_run(source=source)
    finally:
        if reschedule and wire_poll.get_backend().supports_defer:
            wire_poll.using(run_after=timezone.now() + POLL_EVERY).enqueue()


def wire_poll_start():
    """Start the polling loop once: called when the worker starts, never doubles the loop."""
    from django.conf import settings

    backend = settings.TASKS["default"]["BACKEND"]
    if backend == "django_tasks_db.DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        pending = DBTaskResult.objects.filter(
            task_path=f"{wire_poll.func.__module__}.{wire_poll.func.__qualname__}", status="READY"
        )
        if pending.exists():
            return
    wire_poll.enqueue()
