from datetime import time

from django_tasks import task

NIGHT = time(3, 30)  # Paris; declared in apps.py as a recurring job


@task()
def jobs_expire():
    """The offers whose closing date or 60 days are past say they are expired."""
    from rotative.jobs import services

    services.offers_expire()
