import logging
from datetime import time

from django_tasks import task


@task()
def notify_message(message_id: int):
    """Tell the other party of a conversation that they have a message."""
    from rotative.classifieds import services

    services.message_notify(message_id=message_id)


@task()
def notify_alerts_for_ad(ad_id: int):
    """Instant alerts of the saved searches a newly approved ad matches."""
    from rotative.classifieds import services

    services.alerts_for_new_ad(ad_id=ad_id)


MORNING = time(7, 0)  # Paris; declared in apps.py as a recurring job


@task()
def classifieds_daily():
    """Each morning: daily alerts, renewal reminders, then pending photos nobody kept."""
    from rotative.classifieds import services

    # Each batch on its own: a failure of the alerts must not cost the reminders.
    for batch in (
        services.alerts_daily,
        services.ads_remind_renewal,
        services.pending_photos_purge,
    ):
        try:
            batch()
        except Exception:
            logging.getLogger(__name__).exception("%s failed", batch.__name__)
