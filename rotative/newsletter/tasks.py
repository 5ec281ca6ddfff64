from django_tasks import task


@task()
def send_mailing(mailing_id: int):
    """Send what is left of one mailing (see sending.py for the exactly-once protocol)."""
    from rotative.newsletter import sending

    return sending.mailing_send(mailing_id=mailing_id)


@task()
def newsletter_sweep(reschedule: bool = True):
    """While mailings have deliveries left, come back every NEWSLETTER_SWEEP_SECONDS and send
    them: what a killed worker left once its lease has expired, or an SMTP outage's leftovers.

    The next run is queued before this one works, so a worker killed in the middle of it
    leaves its successor in the queue.
    """
    from rotative.newsletter import sending

    if reschedule and sending.work_remaining():
        _sweep_later()
    return sending.mailings_resume()


def _sweep_later():
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    if newsletter_sweep.get_backend().supports_defer:
        delay = timedelta(seconds=settings.NEWSLETTER_SWEEP_SECONDS)
        newsletter_sweep.using(run_after=timezone.now() + delay).enqueue()


def newsletter_sweep_start():
    """Start the sweep unless one is already waiting (called when a mailing is queued and when
    the worker starts). Without a queue that defers (tests run tasks inline) there is no need."""
    from django.conf import settings

    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        path = f"{newsletter_sweep.func.__module__}.{newsletter_sweep.func.__qualname__}"
        if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
            return
    _sweep_later()
