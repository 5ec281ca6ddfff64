import logging

from django_tasks import task

logger = logging.getLogger(__name__)


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


# --- the morning newsletter (digest.py) -------------------------------------------------------


@task()
def digest_prepare(day: str = "", reschedule: bool = True):
    """Each morning at digest.PREPARE_AT: the day's draft, for the desk to work on."""
    from datetime import date

    from django.utils import timezone

    from rotative.newsletter import digest

    try:
        return digest.digest_morning_prepare(
            day=date.fromisoformat(day) if day else timezone.localdate()
        ).pk
    finally:
        if reschedule:
            _digest_later(digest_prepare, digest.PREPARE_AT)


@task()
def digest_send_morning(day: str = "", reschedule: bool = True):
    """Each morning at digest.SEND_AT: the day's digest to the morning audience, once."""
    from datetime import date

    from django.utils import timezone

    from rotative.newsletter import digest

    try:
        mailing = digest.digest_morning_send(
            day=date.fromisoformat(day) if day else timezone.localdate()
        )
        return mailing.pk if mailing else None
    finally:
        if reschedule:
            _digest_later(digest_send_morning, digest.SEND_AT)


def _digest_later(task_, at):
    """Queue `task_` for the next `at` (Paris), naming the day it is for: a run delayed past
    midnight still knows which morning it belonged to."""
    from rotative.newsletter import digest

    if task_.get_backend().supports_defer:
        moment = digest.next_at(at)
        task_.using(run_after=moment).enqueue(day=moment.date().isoformat())


def digest_daily_start():
    """Schedule the morning draft and sending once each (called when the worker starts; never
    doubles a run already waiting)."""
    from django.conf import settings

    from rotative.newsletter import digest

    for task_, at in ((digest_prepare, digest.PREPARE_AT), (digest_send_morning, digest.SEND_AT)):
        if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
            from django_tasks_db.models import DBTaskResult

            path = f"{task_.func.__module__}.{task_.func.__qualname__}"
            if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
                continue
        _digest_later(task_, at)


# --- breaking news and topic alerts (breaking.py), Web Push (push.py) --------------------------


@task()
def send_alerts(alert_ids: list[int]):
    """Compose and queue the mailings of these alerts, in order (breaking before topic)."""
    from rotative.newsletter import breaking

    failed = []
    for alert_id in alert_ids:
        try:
            breaking.alert_dispatch(alert_id=alert_id)
        except Exception:  # noqa: BLE001 (the topic alert goes out even if the breaking one broke)
            logger.exception("Alert %s could not be dispatched", alert_id)
            failed.append(alert_id)
    # Kept in the task's result row, beside the log.
    return {"dispatched": len(alert_ids) - len(failed), "failed": failed}


@task()
def push_alert(alert_id: int):
    """The Web Push of one breaking alert, to every browser that opted in."""
    from rotative.newsletter import breaking

    result = breaking.alert_push(alert_id=alert_id)
    if result is None:
        return None
    # Kept in the task's result row: which browsers failed and why, not only how many.
    return {
        "sent": result.sent,
        "gone": result.gone,
        "failed": result.failed,
        "errors": result.errors[:10],
    }
