from datetime import time

from django_tasks import task

MORNING = time(7, 0)  # Paris; declared in apps.py as a recurring job


@task()
def alert_new_item(kind: str, item_id: int):
    """Instant alerts of the saved searches an item just put online matches."""
    from rotative.alerts import services

    services.alerts_for_new_item(kind=kind, item_id=item_id)


@task()
def alerts_daily():
    """Each morning: the daily alerts of every part's saved searches."""
    from rotative.alerts import services

    services.alerts_daily()
