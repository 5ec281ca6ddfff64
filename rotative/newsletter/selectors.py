"""Reads of the newsletter: whose preferences, which audience, what history."""

from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.utils import timezone

from rotative.newsletter.models import Delivery, Subscriber


def account_email(*, user) -> str | None:
    """The address a logged-in reader's newsletter goes to: their verified primary one."""
    if not getattr(user, "is_authenticated", False):
        return None
    address = (
        EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "pk").first()
    )
    return address.email.lower() if address else None


def subscriber_for_account(*, user) -> Subscriber | None:
    email = account_email(user=user)
    if email is None:
        return None
    return Subscriber.objects.filter(email=email).first()


def subscribers_of_user(*, user) -> list[Subscriber]:
    """Linked to the account, or at one of its confirmed addresses: what « Mes données »
    exports and erases."""
    emails = [
        email.lower()
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    ]
    return list(Subscriber.objects.filter(Q(user=user) | Q(email__in=emails)).order_by("pk"))


def _iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def subscriber_export(*, subscriber: Subscriber) -> dict:
    """Everything kept about one subscriber: preferences, consent records, mail history."""
    return {
        "email": subscriber.email,
        "status": subscriber.status,
        "created_at": _iso(subscriber.created_at),
        "confirmed_at": _iso(subscriber.confirmed_at),
        "unsubscribed_at": _iso(subscriber.unsubscribed_at),
        "morning": subscriber.morning,
        "breaking": subscriber.breaking,
        "sections": [section.title for section in subscriber.sections.all()],
        "tags": [tag.name for tag in subscriber.tags.all()],
        "communes": [str(commune) for commune in subscriber.communes.all()],
        "consents": [
            {
                "at": _iso(record.created_at),
                "action": record.action,
                "source": record.source,
                "wording": record.wording,
                "ip_address": record.ip_address,
            }
            for record in subscriber.consents.all()
        ],
        # The browsers that get the alerts (their push service's address, not the keys).
        "browsers": [
            {
                "push_service": urlsplit(browser.endpoint).hostname,
                "since": _iso(browser.created_at),
                "last_notified_at": _iso(browser.last_success_at),
            }
            for browser in subscriber.push_subscriptions.order_by("pk")
        ],
        "deliveries": [
            {
                "subject": delivery.mailing.subject,
                "kind": delivery.mailing.kind,
                "status": delivery.status,
                "sent_at": _iso(delivery.sent_at),
                "message_id": delivery.message_id,
            }
            for delivery in subscriber.deliveries.select_related("mailing").order_by("pk")
        ],
    }


def account_newsletter_export(user) -> list[dict]:
    """Exporter of « Mes données » (accounts.data)."""
    return [subscriber_export(subscriber=s) for s in subscribers_of_user(user=user)]


# --- audiences, for the composers (digest, breaking news, topic alerts) ----------------------


def audience_morning():
    """Ids of the subscribers who get the morning newsletter."""
    return Subscriber.objects.wanting_morning().values_list("pk", flat=True).order_by("pk")


def audience_breaking():
    return Subscriber.objects.wanting_breaking().values_list("pk", flat=True).order_by("pk")


def audience_topics(*, section_ids=(), tag_ids=(), commune_ids=()):
    """Ids of the confirmed subscribers following any of these sections, tags or communes,
    each once."""
    wanted = Q(pk__in=[])
    if section_ids:
        wanted |= Q(sections__in=section_ids)
    if tag_ids:
        wanted |= Q(tags__in=tag_ids)
    if commune_ids:
        wanted |= Q(communes__in=commune_ids)
    return (
        Subscriber.objects.confirmed()
        .filter(wanted)
        .values_list("pk", flat=True)
        .order_by("pk")
        .distinct()
    )


def topics_followed(*, section_ids=(), tag_ids=(), commune_ids=()) -> tuple[set, set, set]:
    """Which of these sections, tags and communes at least one confirmed subscriber
    follows: three queries for a whole batch of stories (alerts.topic_alerts_close_unfollowed)."""

    def followed(relation, ids) -> set:
        if not ids:
            return set()
        field = relation.field.m2m_reverse_field_name()
        return set(
            relation.through.objects.filter(
                **{f"{field}__in": list(ids)},
                subscriber__status=Subscriber.Status.CONFIRMED,
            )
            .values_list(f"{field}_id", flat=True)
            .distinct()
        )

    return (
        followed(Subscriber.sections, section_ids),
        followed(Subscriber.tags, tag_ids),
        followed(Subscriber.communes, commune_ids),
    )


def mailing_progress(*, mailing_id: int) -> dict[str, int]:
    """How many deliveries of a mailing are in each state (for the editors' screens)."""
    from django.db.models import Count

    rows = (
        Delivery.objects.filter(mailing_id=mailing_id)
        .values("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["status"]: row["count"] for row in rows}
