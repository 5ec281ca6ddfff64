from datetime import time

from django_tasks import task

NIGHT = time(3, 30)  # Paris; declared in apps.py as a recurring job


@task()
def jobs_expire():
    """The offers whose closing date or 60 days are past say they are expired."""
    from rotative.jobs import services

    services.offers_expire()


@task()
def jobs_application_send(offer_id: int, email: str, name: str, message: str):
    """A candidate's letter relayed to the employer's private address."""
    from rotative.jobs import services

    services.application_send(offer_id=offer_id, email=email, name=name, message=message)


@task()
def jobs_application_notify(application_id: int):
    """The employer is told that a candidate applied through the site's form."""
    from rotative.jobs import services

    services.application_notify(application_id=application_id)


@task()
def jobs_applications_purge():
    """Applications and their CVs are kept six months, no longer."""
    from rotative.jobs import services

    services.applications_purge()
