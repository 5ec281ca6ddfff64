"""Reads about readers, for the account pages and for the parts that show readers (comments)."""

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.utils.translation import gettext as _

from rotative.accounts.models import Professional, Profile, display_name_key


def profile_of(*, user) -> Profile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.profile  # cached on the user; select_related("profile") spares the query
    except Profile.DoesNotExist:
        return None


def profile_settings(*, user) -> dict:
    """What « Mon compte » shows in its form; the defaults for an account without a profile."""
    profile = profile_of(user=user)
    if profile is None:
        return {"display_name": "", "notify_replies": True, "notify_moderation": True}
    return {
        "display_name": profile.display_name,
        "notify_replies": profile.notify_replies,
        "notify_moderation": profile.notify_moderation,
    }


def display_name_of(*, user) -> str:
    """The name shown for `user` in public: their display name.

    Accounts made outside the sign-up form (editors made in the admin) may have none yet:
    their full name then, or a neutral word, but never anything taken from the email.
    """
    if not getattr(user, "is_authenticated", False):
        return ""
    profile = profile_of(user=user)
    if profile is not None:
        return profile.display_name
    return user.get_full_name() or _("Lecteur")


def display_name_holder(*, display_name: str, exclude_user=None) -> str | None:
    """Another reader's name that `display_name` would pass for (case, accents and look-alike
    letters aside), or None. The `#` form is a name kept from before look-alikes counted."""
    key = display_name_key(display_name)
    others = Profile.objects.filter(
        Q(display_name_key=key) | Q(display_name_key__startswith=f"{key}#")
    )
    if exclude_user is not None:
        others = others.exclude(user=exclude_user)
    return others.values_list("display_name", flat=True).first()


def display_name_taken(*, display_name: str, exclude_user=None) -> bool:
    """True when another reader's name is the same, case, accents and look-alikes aside."""
    return display_name_holder(display_name=display_name, exclude_user=exclude_user) is not None


def account_email_confirmed(*, user) -> bool:
    """Logged in, active, with a confirmed email address: the one rule for acting as a reader
    (ads, messages, comments), whoever the account is, staff included.

    A session alone is not enough: one may predate the confirmation, or come from a path
    that does not ask for it (an admin's force_login, a future login form)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def reader_can_comment(*, user) -> bool:
    return account_email_confirmed(user=user)


def account_can_be_deleted(*, user) -> bool:
    # Newsroom accounts own pages and revisions: they are removed from the admin, by a person.
    return not (user.is_staff or user.is_superuser)


def professional_of(*, user) -> Professional | None:
    """The account's professional details, whatever their state (None for a private reader)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.professional
    except Professional.DoesNotExist:
        return None


def verified_professionals():
    # Queries, not user.professional: a cached row may predate the moderator's check.
    return Professional.objects.filter(status=Professional.Status.VERIFIED)


def is_verified_professional(*, user) -> bool:
    """Whether the account's ads carry the professional mark: only once the SIRET is checked."""
    if not getattr(user, "is_authenticated", False):
        return False
    return verified_professionals().filter(user=user).exists()


def verified_professional_of(*, user_id: int) -> Professional | None:
    """The business behind an account, once checked: what its ads name (one query)."""
    return verified_professionals().filter(user_id=user_id).first()


def confirmation_link_address(*, key: str) -> EmailAddress | None:
    """The address a confirmation link was mailed for, confirmed or not, if the link is
    genuine and unexpired: allauth's own lookup ignores used links, which readers who open
    the mail twice (computer, then phone) should hear are used, not "invalid"."""
    from allauth.account import app_settings
    from django.core import signing

    try:
        pk = signing.loads(
            key,
            max_age=60 * 60 * 24 * app_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS,
            salt=app_settings.SALT,
        )
    except signing.BadSignature:  # SignatureExpired included
        return None
    return EmailAddress.objects.filter(pk=pk).select_related("user").first()
