import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_mailing(mailing_id: int):
    """Send what is left of one mailing (see services/sending.py for the exactly-once
    protocol)."""
    from rotative.newsletter import services

    return services.mailing_send(mailing_id=mailing_id)


@task()
def newsletter_sweep():
    """Send what mailings have left (declared in apps.py as a recurring job): what a killed
    worker left once its lease has expired, or an SMTP outage's leftovers."""
    from rotative.newsletter import services

    return services.mailings_resume()


# --- the morning newsletter (digest.py), declared in apps.py as recurring jobs ---------------


@task()
def digest_prepare(day: str = ""):
    """Each morning at digest.PREPARE_AT: the day's draft, for the desk to work on."""
    from datetime import date

    from django.utils import timezone

    from rotative.newsletter import digest

    return digest.digest_morning_prepare(
        day=date.fromisoformat(day) if day else timezone.localdate()
    ).pk


@task()
def digest_send_morning(day: str = ""):
    """Each morning at digest.SEND_AT: the day's digest to the morning audience, once."""
    from datetime import date

    from django.utils import timezone

    from rotative.newsletter import digest

    mailing = digest.digest_morning_send(
        day=date.fromisoformat(day) if day else timezone.localdate()
    )
    return mailing.pk if mailing else None


# --- breaking news and topic alerts (services/alerts.py), Web Push (push.py) -----------------


@task()
def send_alerts(alert_ids: list[int]):
    """Compose and queue the mailings of these alerts, in order (breaking before topic)."""
    from rotative.newsletter import services

    try:  # a batch's stories nobody follows, closed at once
        closed = services.topic_alerts_close_unfollowed(alert_ids=alert_ids)
    except Exception:  # noqa: BLE001 (each alert then goes its own way)
        logger.exception("Alerts %s: the unfollowed could not be set apart", alert_ids)
        closed = set()
    failed = []
    for alert_id in alert_ids:
        if alert_id in closed:
            continue
        try:
            services.alert_dispatch(alert_id=alert_id)
        except Exception:  # noqa: BLE001 (the topic alert goes out even if the breaking one broke)
            logger.exception("Alert %s could not be dispatched", alert_id)
            failed.append(alert_id)
    # Kept in the task's result row, beside the log.
    return {"dispatched": len(alert_ids) - len(failed), "failed": failed}


@task()
def push_alert(alert_id: int):
    """The Web Push of one breaking alert, to every browser that opted in."""
    from rotative.newsletter import services

    result = services.alert_push(alert_id=alert_id)
    if result is None:
        return None
    # Kept in the task's result row: which browsers failed and why, not only how many.
    return {
        "sent": result.sent,
        "gone": result.gone,
        "failed": result.failed,
        "errors": result.errors[:10],
    }
