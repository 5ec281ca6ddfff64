"""Who receives what: sign-up (double opt-in), confirmation, preferences, unsubscription,
suppression (bounces, complaints) and erasure, and the browsers that opted in to Web Push.

Each function that changes a subscriber's consent leaves a ConsentRecord: when, from which
page, in which words. Mail goes through sending.mail_one, queued after the commit.
"""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from rotative.core.identity import site_identity
from rotative.newsletter.models import (
    ConsentRecord,
    Mailing,
    PushSubscription,
    Subscriber,
    Suppression,
)
from rotative.newsletter.services import sending

logger = logging.getLogger(__name__)

SOURCE_ACCOUNT = "compte"
SOURCE_PREFERENCES = "lien des préférences"
SOURCE_ONE_CLICK = "désinscription en un clic"


def email_normalize(email: str) -> str:
    return (email or "").strip().lower()


def email_hash(email: str) -> str:
    """Keyed, so that the suppression list cannot be turned back into addresses without the
    site's SECRET_KEY. New entries use the current key; see email_hashes for lookups."""
    return salted_hmac("rotative.newsletter.suppression", email_normalize(email)).hexdigest()


def email_hashes(email: str) -> list[str]:
    """The address's hash under the current key and each of SECRET_KEY_FALLBACKS: an address
    that complained stays silenced while a rotated key is still in the fallbacks."""
    return [email_hash(email)] + [
        salted_hmac(
            "rotative.newsletter.suppression", email_normalize(email), secret=key
        ).hexdigest()
        for key in settings.SECRET_KEY_FALLBACKS
    ]


def signup_wording() -> str:
    """The words a reader agrees to, shown under the form and kept with their consent."""
    return _(
        "En vous inscrivant, vous acceptez de recevoir par e-mail la lettre du matin et les "
        "alertes info %(of_paper)s. Vous pourrez choisir vos sujets, et vous désinscrire en un "
        "clic depuis chaque message."
    ) % {"of_paper": site_identity().of_name}


def _record(subscriber, action, *, source="", wording="", ip=None) -> ConsentRecord:
    return ConsentRecord.objects.create(
        subscriber=subscriber, action=action, source=source[:500], wording=wording, ip_address=ip
    )


# --- sign-up and confirmation ----------------------------------------------------------------


@transaction.atomic
def subscriber_signup(*, email: str, source: str, ip: str | None = None) -> Subscriber | None:
    """Someone asked to receive the newsletter at `email`: a confirmation link goes there.

    The caller answers the same whatever happens here. An address already confirmed gets a
    « vous êtes déjà inscrit » mail with its preferences link instead (no second row); an
    address that complained gets nothing at all.
    """
    email = email_normalize(email)
    if Suppression.objects.filter(
        email_hash__in=email_hashes(email), reason=Suppression.Reason.COMPLAINT
    ).exists():
        logger.info("Newsletter sign-up ignored: the address once complained.")
        return None
    try:
        with transaction.atomic():
            subscriber, _created = Subscriber.objects.get_or_create(email=email)
    except IntegrityError:  # the same address sent twice at the same moment
        subscriber = Subscriber.objects.get(email=email)
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    _record(
        subscriber, ConsentRecord.Action.REQUESTED, source=source, wording=signup_wording(), ip=ip
    )
    if subscriber.is_confirmed:
        sending.mail_one(
            subscriber=subscriber,
            kind=Mailing.Kind.ALREADY_SUBSCRIBED,
            subject=_("Vous êtes déjà inscrit(e) à nos alertes"),
            template="emails/newsletter_already",
        )
        return subscriber
    subscriber.status = Subscriber.Status.PENDING
    subscriber.save(update_fields=["status", "updated_at"])
    sending.mail_one(
        subscriber=subscriber,
        kind=Mailing.Kind.CONFIRMATION,
        subject=_("Confirmez votre inscription à nos alertes"),
        template="emails/newsletter_confirm",
    )
    return subscriber


@transaction.atomic
def subscriber_confirm(*, subscriber: Subscriber, ip: str | None = None) -> Subscriber:
    """The owner followed the confirmation link: from now on they receive what they chose.

    The consent given is the one they asked for: the page and words of their last request.
    """
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.is_confirmed:
        return subscriber
    request = subscriber.consents.filter(action=ConsentRecord.Action.REQUESTED).last()
    subscriber.status = Subscriber.Status.CONFIRMED
    subscriber.confirmed_at = timezone.now()
    subscriber.unsubscribed_at = None
    subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at", "updated_at"])
    _record(
        subscriber,
        ConsentRecord.Action.GIVEN,
        source=request.source if request else "",
        wording=request.wording if request else signup_wording(),
        ip=ip,
    )
    # Clicking the link proves the owner wants mail again, whatever stopped it before.
    Suppression.objects.filter(email_hash__in=email_hashes(subscriber.email)).delete()
    return subscriber


def _confirm_as_asked(subscriber: Subscriber, *, source: str, ip: str | None) -> Subscriber:
    """Confirm an owner already proven (signed link, verified account address) without a
    confirmation mail: their request is recorded first, so the consent given names it."""
    _record(
        subscriber, ConsentRecord.Action.REQUESTED, source=source, wording=signup_wording(), ip=ip
    )
    return subscriber_confirm(subscriber=subscriber, ip=ip)


# --- preferences -----------------------------------------------------------------------------


def preferences_summary(*, morning, breaking, sections, tags, communes) -> str:
    """The choices in words, kept in the history of each change."""
    yes, no = _("oui"), _("non")
    topics = [str(s.title) for s in sections] + [t.name for t in tags] + [str(c) for c in communes]
    return _(
        "Lettre du matin : %(morning)s. Alertes info : %(breaking)s. Sujets suivis : %(topics)s."
    ) % {
        "morning": yes if morning else no,
        "breaking": yes if breaking else no,
        "topics": ", ".join(topics) or _("aucun"),
    }


@transaction.atomic
def subscriber_preferences_update(
    *,
    subscriber: Subscriber,
    morning: bool,
    breaking: bool,
    sections,
    tags,
    communes,
    source: str = SOURCE_PREFERENCES,
    ip: str | None = None,
) -> Subscriber:
    subscriber.morning, subscriber.breaking = morning, breaking
    subscriber.save(update_fields=["morning", "breaking", "updated_at"])
    subscriber.sections.set(sections)
    subscriber.tags.set(tags)
    subscriber.communes.set(communes)
    wording = preferences_summary(
        morning=morning, breaking=breaking, sections=sections, tags=tags, communes=communes
    )
    _record(subscriber, ConsentRecord.Action.UPDATED, source=source, wording=wording, ip=ip)
    if not subscriber.is_confirmed and (morning or breaking or sections or tags or communes):
        # The signed link was only ever mailed to this address: choosing something with it
        # is the owner asking again, as good as a confirmation click.
        subscriber = _confirm_as_asked(subscriber, source=source, ip=ip)
    return subscriber


@transaction.atomic
def account_subscriber_ensure(*, user, email: str, ip: str | None = None) -> Subscriber:
    """A logged-in reader's subscriber, for their verified `email` (allauth proved they own
    it, so no confirmation mail): linked to the account, confirmed."""
    email = email_normalize(email)
    try:
        with transaction.atomic():
            subscriber, _created = Subscriber.objects.get_or_create(
                email=email, defaults={"user": user}
            )
    except IntegrityError:
        subscriber = Subscriber.objects.get(email=email)
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.user_id != user.pk:
        subscriber.user = user
        subscriber.save(update_fields=["user", "updated_at"])
    if not subscriber.is_confirmed:
        subscriber = _confirm_as_asked(subscriber, source=SOURCE_ACCOUNT, ip=ip)
    return subscriber


# --- browsers (Web Push) -----------------------------------------------------------------------


@transaction.atomic
def push_subscription_save(
    *,
    endpoint: str,
    p256dh: str,
    auth: str,
    subscriber: Subscriber | None = None,
    user=None,
    breaking_news: bool = True,
) -> PushSubscription:
    """Record a browser (again: its keys may have changed); a known subscriber or reader is
    kept. A browser subscribed for the breaking news stays so when it subscribes again for a
    reader's alerts only."""
    defaults = {"p256dh": p256dh, "auth": auth, "failures": 0}
    if subscriber is not None:
        defaults["subscriber"] = subscriber
    if user is not None:
        defaults["user"] = user
    if breaking_news:
        defaults["breaking_news"] = True
    try:
        with transaction.atomic():
            subscription, _created = PushSubscription.objects.update_or_create(
                endpoint=endpoint,
                defaults=defaults,
                create_defaults={**defaults, "breaking_news": breaking_news},
            )
    except IntegrityError:  # the same browser posting twice at once
        subscription = PushSubscription.objects.get(endpoint=endpoint)
    return subscription


def push_subscription_delete(*, endpoint: str) -> bool:
    return PushSubscription.objects.filter(endpoint=endpoint).delete()[0] > 0


# --- leaving ---------------------------------------------------------------------------------


@transaction.atomic
def subscriber_unsubscribe(
    *, subscriber: Subscriber, source: str = SOURCE_PREFERENCES, ip: str | None = None
) -> Subscriber:
    """Nothing more is sent, queued mailings included (checked at send time)."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status in (Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.SUPPRESSED):
        return subscriber
    subscriber.status = Subscriber.Status.UNSUBSCRIBED
    subscriber.unsubscribed_at = timezone.now()
    subscriber.save(update_fields=["status", "unsubscribed_at", "updated_at"])
    _record(
        subscriber,
        ConsentRecord.Action.WITHDRAWN,
        source=source,
        wording=_("Désinscription de toutes les lettres et alertes."),
        ip=ip,
    )
    Suppression.objects.update_or_create(
        email_hash=email_hash(subscriber.email),
        defaults={"reason": Suppression.Reason.UNSUBSCRIBE},
    )
    return subscriber


@transaction.atomic
def address_suppress(*, email: str, reason: str) -> bool:
    """A hard bounce or a complaint (from the mail provider's webhook): never mail it again.

    Returns True when a subscriber had this address. A complaint is never downgraded by a
    later bounce or unsubscription: it is the one that also silences future sign-ups.
    """
    digest = email_hash(email)
    existing = (
        Suppression.objects.select_for_update().filter(email_hash__in=email_hashes(email)).first()
    )
    if existing is None:
        Suppression.objects.create(email_hash=digest, reason=reason)
    elif existing.reason != Suppression.Reason.COMPLAINT:
        existing.email_hash = digest  # under the current key, before the old one is dropped
        existing.reason = reason
        existing.save(update_fields=["email_hash", "reason", "created_at"])
    elif existing.email_hash != digest:
        existing.email_hash = digest
        existing.save(update_fields=["email_hash"])
    updated = Subscriber.objects.filter(email=email_normalize(email)).update(
        status=Subscriber.Status.SUPPRESSED, updated_at=timezone.now()
    )
    return updated > 0


@transaction.atomic
def subscriber_erase(*, subscriber: Subscriber) -> None:
    """« Supprimer mes données »: the subscriber, their consent records and their delivery
    history go, and the one-off mails made for them alone. Only the suppression list keeps a
    keyed hash of the address (an unsubscription, a bounce or a complaint), so that no later
    import or forged sign-up can mail them without a new confirmation."""
    Suppression.objects.get_or_create(
        email_hash=email_hash(subscriber.email),
        defaults={"reason": Suppression.Reason.UNSUBSCRIBE},
    )
    Mailing.objects.filter(
        kind__in=Mailing.TRANSACTIONAL, deliveries__subscriber=subscriber
    ).delete()
    subscriber.delete()


def account_newsletter_erase(user) -> None:
    """Eraser of « Mes données » (accounts.data): the account's subscribers go with it."""
    from rotative.newsletter.selectors import subscribers_of_user

    for subscriber in subscribers_of_user(user=user):
        subscriber_erase(subscriber=subscriber)
