from datetime import time

from django_tasks import task

NIGHT = time(4, 0)  # Paris; declared in apps.py as a recurring job


@task()
def agenda_nightly():
    """Recurring events' dates carried forward to the 18-month horizon."""
    from rotative.agenda import services

    services.occurrences_extend()


@task()
def notify_moderation(event_id: int):
    """Tell an organiser that their event is online, or why it was refused."""
    from rotative.agenda import notifications

    notifications.moderation_notify(event_id=event_id)
