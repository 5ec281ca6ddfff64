"""Writes of l'emploi: an employer's offers, their moderation, renewal and expiry.

Only a verified professional account posts (its SIRET checked by the newsroom). An offer sent
for validation is checked against the grounds of discrimination (discrimination.py) here as
well as in the form: no path around the rule.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rotative.accounts.selectors import verified_professional_of
from rotative.core.slugs import slugify_fr
from rotative.core.utils import local_midnight
from rotative.jobs import discrimination
from rotative.jobs.models import ApplyBy, Contract, JobOffer

ONLINE_FOR = timedelta(days=60)
PARIS = ZoneInfo("Europe/Paris")
OFFER_FIELDS = {
    "title",
    "contract",
    "contract_months",
    "working_time",
    "commune",
    "remote",
    "salary_min",
    "salary_max",
    "salary_period",
    "salary_on_profile",
    "description",
    "profile",
    "apply_by",
    "apply_url",
    "apply_email",
    "closing_date",
}


class JobsError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def salary_problem(
    *, salary_min: int | None, salary_max: int | None, period: str, on_profile: bool
) -> str:
    """Why the salary is not said right, or '': a range (with its period) or « selon profil »,
    one of the two."""
    has_range = salary_min is not None or salary_max is not None
    if on_profile and has_range:
        return _("Indiquez une fourchette de salaire ou « selon profil », pas les deux.")
    if not on_profile and not has_range:
        return _(
            "Le salaire est obligatoire : indiquez une fourchette (minimum, maximum) ou "
            "cochez « selon profil »."
        )
    if has_range and not period:
        return _("Précisez si le salaire est mensuel ou annuel.")
    if salary_min is not None and salary_max is not None and salary_max < salary_min:
        return _("Le salaire maximum est inférieur au minimum.")
    return ""


def expiry_of(*, offer: JobOffer, start: datetime) -> datetime:
    """60 days after `start`, or the end of the closing day if that comes first."""
    limit = start + ONLINE_FOR
    if offer.closing_date:
        closing_end = local_midnight(offer.closing_date + timedelta(days=1))
        if closing_end > start:
            return min(limit, closing_end)
    return limit


def _employer_of(user):
    employer = verified_professional_of(user_id=user.pk) if user.is_authenticated else None
    if employer is None:
        raise JobsError(
            _("Seul un compte professionnel vérifié (SIRET contrôlé) peut déposer une offre.")
        )
    return employer


def _apply(offer: JobOffer, fields: dict) -> None:
    unknown = set(fields) - OFFER_FIELDS
    if unknown:
        raise TypeError(f"unknown offer fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.title = " ".join(offer.title.split())
    offer.slug = slugify_fr(offer.title, max_length=120, fallback="offre")
    if offer.contract != Contract.CDD:
        offer.contract_months = None
    if offer.salary_on_profile:
        offer.salary_period = ""
    # One way to apply: the others' details are not kept.
    if offer.apply_by != ApplyBy.LINK:
        offer.apply_url = ""
    if offer.apply_by != ApplyBy.EMAIL:
        offer.apply_email = ""


def _check(offer: JobOffer) -> None:
    problem = salary_problem(
        salary_min=offer.salary_min,
        salary_max=offer.salary_max,
        period=offer.salary_period,
        on_profile=offer.salary_on_profile,
    )
    if problem:
        raise JobsError(problem)
    if offer.contract == Contract.CDD and not offer.contract_months:
        raise JobsError(_("Indiquez la durée du CDD en mois."))
    if offer.apply_by == ApplyBy.LINK and not offer.apply_url:
        raise JobsError(_("Indiquez le lien où postuler."))
    if offer.apply_by == ApplyBy.EMAIL and not offer.apply_email:
        raise JobsError(_("Indiquez l'adresse qui recevra les candidatures."))
    found = discrimination.reasons(
        title=offer.title, description=offer.description, profile=offer.profile
    )
    if found:
        raise JobsError(" ".join(found))


@transaction.atomic
def offer_save(*, by, offer: JobOffer | None = None, submit: bool, **fields) -> JobOffer:
    """A new offer or a change to one, as a draft or sent for validation. A change to an
    offer online sends it back to the moderators."""
    employer = _employer_of(by)
    if offer is None:
        offer = JobOffer(employer=employer, posted_by=by)
    else:
        offer = JobOffer.objects.select_for_update().get(pk=offer.pk)
        if offer.posted_by_id != by.pk:
            raise JobsError(_("Cette offre n'est pas la vôtre."))
        if offer.status == JobOffer.Status.EXPIRED:
            raise JobsError(_("Cette offre est expirée : renouvelez-la ou déposez-en une autre."))
        offer.employer = employer
    _apply(offer, fields)
    _check(offer)
    offer.status = JobOffer.Status.PENDING if submit else JobOffer.Status.DRAFT
    offer.refusal_reason = ""
    offer.save()
    return offer


@transaction.atomic
def offer_moderate(*, moderator, offer: JobOffer, publish: bool, reason: str = "") -> JobOffer:
    offer = JobOffer.objects.select_for_update().select_related("employer").get(pk=offer.pk)
    if offer.status != JobOffer.Status.PENDING:
        raise JobsError(_("Cette offre n'attend plus de validation."))
    first_online = False
    if publish:
        if not offer.employer.is_verified:
            raise JobsError(_("Le compte professionnel de l'employeur n'est plus vérifié."))
        now = timezone.now()
        offer.status = JobOffer.Status.PUBLISHED
        offer.refusal_reason = ""
        first_online = offer.published_at is None
        if first_online:
            offer.published_at = now
        offer.expires_at = expiry_of(offer=offer, start=now)
    else:
        reason = " ".join((reason or "").split())
        if not reason:
            raise JobsError(_("Indiquez le motif du refus : l'employeur le lira."))
        offer.status = JobOffer.Status.REFUSED
        offer.refusal_reason = reason[:500]
    offer.save()
    if first_online:
        _announce(offer)
    return offer


@transaction.atomic
def offer_renew(*, by, offer: JobOffer) -> JobOffer:
    """Another 60 days online from today (a closing date already past is dropped)."""
    offer = JobOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.posted_by_id != by.pk:
        raise JobsError(_("Cette offre n'est pas la vôtre."))
    if not offer.was_published:
        raise JobsError(_("Seule une offre publiée peut être renouvelée."))
    _employer_of(by)  # an account that lost its mark puts nothing back online
    now = timezone.now()
    if offer.closing_date and local_midnight(offer.closing_date + timedelta(days=1)) <= now:
        offer.closing_date = None
    offer.status = JobOffer.Status.PUBLISHED
    offer.expires_at = expiry_of(offer=offer, start=now)
    offer.save()
    return offer


@transaction.atomic
def offer_close(*, by, offer: JobOffer) -> JobOffer:
    """« Poste pourvu »: off the search at once; its page says so."""
    offer = JobOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.posted_by_id != by.pk:
        raise JobsError(_("Cette offre n'est pas la vôtre."))
    if offer.status != JobOffer.Status.PUBLISHED:
        raise JobsError(_("Seule une offre en ligne peut être close."))
    offer.status = JobOffer.Status.EXPIRED
    offer.expires_at = min(offer.expires_at, timezone.now())
    offer.save()
    return offer


# What the employer reads in « Mes offres » beside an offer taken offline with the mark.
SUSPENDED_NOTE = gettext_lazy(
    "Mise hors ligne : votre compte professionnel n'est plus vérifié. Une fois le compte "
    "vérifié à nouveau, la rédaction la revoit avant de la republier."
)


def offers_suspend(*, employer_id: int, now: datetime | None = None) -> int:
    """The employer's account lost its verification (core.signals.professional_unverified):
    its offers online go offline, kept. They go back to the moderators' queue, where the
    employer's state shows and publishing waits for a verified account again; verifying the
    account again does not republish them by itself (a moderator does, after reading them,
    as for a new offer; the employer may also change and send them again). Called inside
    the transaction that changes the account."""
    now = now or timezone.now()
    return (
        JobOffer.objects.online(now)
        .filter(employer_id=employer_id)
        .update(status=JobOffer.Status.PENDING, refusal_reason=str(SUSPENDED_NOTE), updated_at=now)
    )


def offers_expire(*, now: datetime | None = None) -> int:
    """Nightly and hourly: the offers whose time is up leave the search (the queryset's
    `online()` already hides them; this makes their state say so)."""
    now = now or timezone.now()
    return JobOffer.objects.filter(status=JobOffer.Status.PUBLISHED, expires_at__lte=now).update(
        status=JobOffer.Status.EXPIRED, updated_at=now
    )


def offer_viewed(*, offer: JobOffer) -> None:
    JobOffer.objects.filter(pk=offer.pk).update(views=F("views") + 1)


def _announce(offer: JobOffer) -> None:
    from rotative.alerts.tasks import alert_new_item
    from rotative.jobs.saved_searches import KIND

    pk = offer.pk
    transaction.on_commit(lambda: alert_new_item.enqueue(KIND, pk))
