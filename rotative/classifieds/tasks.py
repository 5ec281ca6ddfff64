import logging
from datetime import time

from django_tasks import task


@task()
def notify_message(message_id: int):
    """Tell the other party of a conversation that they have a message."""
    from rotative.classifieds import services

    services.message_notify(message_id=message_id)


MORNING = time(7, 0)  # Paris; declared in apps.py as a recurring job


@task()
def classifieds_daily():
    """Each morning: renewal reminders, then pending photos nobody kept (the daily alerts of
    saved searches are the alerts app's job)."""
    from rotative.classifieds import services

    # Each batch on its own: a failure of the reminders must not keep the photos.
    for batch in (
        services.ads_remind_renewal,
        services.pending_photos_purge,
    ):
        try:
            batch()
        except Exception:
            logging.getLogger(__name__).exception("%s failed", batch.__name__)
