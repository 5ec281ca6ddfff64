from datetime import time

from django_tasks import task

NIGHT = time(4, 0)  # Paris; declared in apps.py as a recurring job


@task()
def agenda_nightly():
    """Recurring events' dates carried forward to the 18-month horizon."""
    from rotative.agenda import services

    services.occurrences_extend()
