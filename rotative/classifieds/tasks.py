import logging

from django_tasks import task


@task()
def notify_message(message_id: int):
    """Tell the other party of a conversation that they have a message."""
    from rotative.classifieds import messaging

    messaging.message_notify(message_id=message_id)


@task()
def notify_alerts_for_ad(ad_id: int):
    """Instant alerts of the saved searches a newly approved ad matches."""
    from rotative.classifieds import alerts

    alerts.alerts_for_new_ad(ad_id=ad_id)


@task()
def classifieds_daily(reschedule: bool = True):
    """Each morning at 7: daily alerts and renewal reminders, then the next morning's run."""
    from rotative.classifieds import alerts, services

    try:
        # Each batch on its own: a failure of the alerts must not cost the reminders.
        batches = (alerts.alerts_daily, services.ads_remind_renewal, services.pending_photos_purge)
        for batch in batches:
            try:
                batch()
            except Exception:
                logging.getLogger(__name__).exception("%s failed", batch.__name__)
    finally:
        if reschedule and classifieds_daily.get_backend().supports_defer:
            classifieds_daily.using(run_after=next_morning()).enqueue()


def next_morning(now=None):
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    now = timezone.localtime(now or timezone.now())
    morning = timezone.make_aware(datetime.combine(now.date(), time(7, 0)))
    return morning if morning > now else morning + timedelta(days=1)


def classifieds_daily_start():
    """Schedule the morning run once (called when the worker starts; never doubles it)."""
    from django.conf import settings

    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        path = f"{classifieds_daily.func.__module__}.{classifieds_daily.func.__qualname__}"
        if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
            return
    if classifieds_daily.get_backend().supports_defer:
        classifieds_daily.using(run_after=next_morning()).enqueue()
