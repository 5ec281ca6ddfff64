from datetime import timedelta

from django_tasks import task

REMINDERS_EVERY = timedelta(minutes=15)  # declared in apps.py as a recurring job


@task()
def pronostics_reminders_send():
    """Readers who asked for it are reminded of the matches they have not predicted."""
    from rotative.pronostics import services

    services.reminders_send()
