"""Writes about readers: profile, demo reader, and "Mes données" (export and deletion)."""

import logging
from datetime import datetime

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rotative.accounts import selectors
from rotative.accounts.data import registry
from rotative.accounts.models import Professional, Profile, display_name_normalize
from rotative.core.signals import professional_unverified

logger = logging.getLogger(__name__)


class AccountDeletionRefused(Exception):
    """A newsroom account: it is removed from the admin, not from the reader's pages."""


def _display_name_taken_error() -> ValidationError:
    return ValidationError(
        {"display_name": _("Ce nom est déjà pris par un autre lecteur. Choisissez-en un autre.")}
    )


def _profile_save(profile: Profile) -> Profile:
    profile.display_name = display_name_normalize(profile.display_name)
    profile.full_clean(exclude=["user", "display_name_key"])
    try:
        with transaction.atomic():  # a savepoint, so that the caller's transaction survives
            profile.save()
    except IntegrityError as error:
        # Two readers choosing the same name at the same moment: the form checked before.
        if selectors.display_name_taken(
            display_name=profile.display_name, exclude_user=profile.user
        ):
            raise _display_name_taken_error() from error
        raise
    return profile


@transaction.atomic
def profile_create(*, user, display_name: str) -> Profile:
    return _profile_save(Profile(user=user, display_name=display_name))


@transaction.atomic
def profile_update(
    *, user, display_name: str, notify_replies: bool, notify_moderation: bool
) -> Profile:
    # Accounts made in the admin have no profile until their owner fills this in.
    profile = Profile.objects.select_for_update().filter(user=user).first() or Profile(user=user)
    profile.display_name = display_name
    profile.notify_replies = notify_replies
    profile.notify_moderation = notify_moderation
    return _profile_save(profile)


@transaction.atomic
def reader_create(*, email: str, password: str, display_name: str, verified: bool = True):
    """A reader account as sign-up makes it (demo, tests), confirmed unless `verified` is False."""
    email = email.strip().lower()
    user = get_user_model()(email=email)
    user.username = get_adapter().generate_unique_username([email, "lecteur"])
    user.set_password(password)
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    profile_create(user=user, display_name=display_name)
    return user


def account_email_confirm(*, user) -> EmailAddress:
    """Mark `user.email` confirmed, as following allauth's link would: for accounts the site
    makes itself (the demo's editor), whose address nobody needs to prove."""
    address, _created = EmailAddress.objects.get_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email.lower()}
    )
    address.verified = True
    if not EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).exists():
        address.primary = True
    address.save()
    return address


def _iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def account_export(*, user) -> dict:
    """Everything the site holds about `user`, JSON-serialisable, for "Télécharger mes données".

    The password is left out: only its hash is kept, of no use to anyone. Each other part
    of the site adds its own section (accounts.data: the exporters registered by the apps).
    """
    profile = selectors.profile_of(user=user)
    export = {
        "exported_at": _iso(timezone.now()),
        "user": {
            "id": user.pk,
            "email": user.email,
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "is_active": user.is_active,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "profile": None,
    }
    if profile is not None:
        export["profile"] = {
            "display_name": profile.display_name,
            "notify_replies": profile.notify_replies,
            "notify_moderation": profile.notify_moderation,
            "created_at": _iso(profile.created_at),
            "updated_at": _iso(profile.updated_at),
        }
    professional = selectors.professional_of(user=user)
    if professional is not None:
        export["professional"] = {
            "company_name": professional.company_name,
            "siret": professional.siret,
            "status": professional.status,
            "requested_at": _iso(professional.requested_at),
            "reviewed_at": _iso(professional.reviewed_at),
        }
    export["sessions"] = [
        {
            "ip_address": session.ip,
            "browser": session.user_agent,
            "started_at": _iso(session.created_at),
            "last_seen_at": _iso(session.last_seen_at),
        }
        for session in UserSession.objects.filter(user=user).order_by("created_at", "pk")
    ]
    # Which second factors are set up and when they served, never their secrets.
    export["second_factor"] = [
        {
            "type": authenticator.type,
            "created_at": _iso(authenticator.created_at),
            "last_used_at": _iso(authenticator.last_used_at),
        }
        for authenticator in Authenticator.objects.filter(user=user).order_by("pk")
    ]
    for name, exporter in registry.exporters.items():
        export[name] = exporter(user)
    return export


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete the account: each part's eraser first, then the user (profile and addresses
    go with it). All or nothing: a failing eraser leaves the account as it was."""
    if not selectors.account_can_be_deleted(user=user):
        raise AccountDeletionRefused(user.pk)
    user_id = user.pk
    for eraser in registry.erasers:
        eraser(user)
    user.delete()
    logger.info("Reader account %s deleted at its owner's request.", user_id)


class ProfessionalError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def professional_request(*, user, company_name: str, siret: str) -> Professional:
    """Declare the account a business (or change its details): each change waits for a
    moderator to check the SIRET again before the ads say "Professionnel" (and the job
    offers it had online go offline meanwhile)."""
    siret = "".join(siret.split())
    company_name = " ".join(company_name.split())
    professional = selectors.professional_of(user=user) or Professional(user=user)
    unchanged = professional.pk and (professional.company_name, professional.siret) == (
        company_name,
        siret,
    )
    if unchanged and professional.status != Professional.Status.REFUSED:
        return professional
    professional.company_name, professional.siret = company_name, siret
    professional.status = Professional.Status.PENDING
    professional.refusal_reason, professional.reviewed_at, professional.reviewed_by = "", None, None
    professional.full_clean(exclude=["user", "reviewed_by"], validate_unique=False)
    if Professional.objects.filter(siret=siret).exclude(user=user).exists():
        raise ValidationError(
            {"siret": _("Ce numéro SIRET est déjà celui d'un autre compte du site.")}
        )
    professional.save()
    professional_unverified.send(sender=Professional, professional=professional)
    return professional


def professional_verify(*, moderator, professional: Professional) -> Professional:
    # Nothing taken offline by a loss of the mark comes back by itself (see
    # core.signals.professional_unverified): its owner or a moderator puts it back.
    professional.status = Professional.Status.VERIFIED
    professional.refusal_reason = ""
    professional.reviewed_at, professional.reviewed_by = timezone.now(), moderator
    professional.save()
    return professional


@transaction.atomic
def professional_refuse(*, moderator, professional: Professional, reason: str) -> Professional:
    """A request refused, or the mark withdrawn from a verified account (« Retirer la
    mention »): what the account published as a business goes offline with it."""
    reason = (reason or "").strip()
    if not reason:
        raise ProfessionalError(_("Indiquez le motif du refus : le demandeur le verra."))
    professional.status = Professional.Status.REFUSED
    professional.refusal_reason = reason[:300]
    professional.reviewed_at, professional.reviewed_by = timezone.now(), moderator
    professional.save()
    professional_unverified.send(sender=Professional, professional=professional)
    return professional
