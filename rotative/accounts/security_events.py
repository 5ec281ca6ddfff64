"""Authentication events written to the security log (rotative.core.security_log).

Django's signals cover both doors, the readers' login (allauth) and the Wagtail admin's;
allauth's cover what only readers do (password reset, address change). A decoupled concern,
so signals fit: nothing here changes what the reader gets.
"""

import logging

from allauth.account import signals as account_signals
from django.apps import apps
from django.contrib.auth import signals as auth_signals

from rotative.core.security_log import security_event, security_hash


def _identifier(credentials: dict) -> str:
    return str(
        credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    )


def on_login_failed(sender, credentials, request=None, **kwargs):
    # Django has already replaced the password in `credentials`; only the address is kept,
    # hashed: the same one tried again and again shows as one hash.
    security_event(
        "login_failed",
        level=logging.WARNING,
        request=request,
        account=security_hash(_identifier(credentials)),
    )


def on_logged_in(sender, request, user, **kwargs):
    security_event(
        "login_succeeded",
        request=request,
        user_id=user.pk,
        backend=getattr(user, "backend", "").rsplit(".", 1)[-1],
        staff=user.is_staff,
    )


def on_logged_out(sender, request, user, **kwargs):
    security_event("logout", request=request, user_id=getattr(user, "pk", None))


def login_locked_out(*, request, identifier: str) -> None:
    """allauth's `login_failed` rate limit refused the attempt before checking the password."""
    security_event(
        "login_locked_out",
        level=logging.WARNING,
        request=request,
        account=security_hash(identifier),
    )


def _user_event(event: str, level: int = logging.INFO):
    def receiver(sender, request, user, **kwargs):
        security_event(event, level=level, request=request, user_id=user.pk)

    receiver.__name__ = f"on_{event}"
    return receiver


_RECEIVERS = {
    "signed_up": _user_event("signed_up"),
    "password_changed": _user_event("password_changed"),
    "password_set": _user_event("password_set"),
    "password_reset": _user_event("password_reset"),
}


def on_email_changed(sender, request, user, from_email_address, to_email_address, **kwargs):
    security_event(
        "email_changed",
        request=request,
        user_id=user.pk,
        old_account=security_hash(from_email_address.email) if from_email_address else "",
        new_account=security_hash(to_email_address.email),
    )


def on_email_confirmed(sender, request, email_address, **kwargs):
    security_event(
        "email_confirmed",
        request=request,
        user_id=email_address.user_id,
        account=security_hash(email_address.email),
    )


def on_authenticator_event(event: str):
    def receiver(sender, request, user, authenticator, **kwargs):
        security_event(
            event,
            request=request,
            user_id=user.pk,
            authenticator=authenticator.type,
            **{key: kwargs[key] for key in ("reauthenticated", "passwordless") if key in kwargs},
        )

    receiver.__name__ = f"on_{event}"
    return receiver


def connect() -> None:
    auth_signals.user_login_failed.connect(on_login_failed, dispatch_uid="security-login-failed")
    auth_signals.user_logged_in.connect(on_logged_in, dispatch_uid="security-logged-in")
    auth_signals.user_logged_out.connect(on_logged_out, dispatch_uid="security-logged-out")
    account_signals.user_signed_up.connect(_RECEIVERS["signed_up"], dispatch_uid="security-su")
    for name in ("password_changed", "password_set", "password_reset"):
        getattr(account_signals, name).connect(_RECEIVERS[name], dispatch_uid=f"security-{name}")
    account_signals.email_changed.connect(on_email_changed, dispatch_uid="security-email")
    account_signals.email_confirmed.connect(on_email_confirmed, dispatch_uid="security-confirm")
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa import signals as mfa_signals

        for name, event in (
            ("authenticator_added", "mfa_added"),
            ("authenticator_removed", "mfa_removed"),
            ("authenticator_reset", "mfa_reset"),
            ("authenticator_used", "mfa_used"),
        ):
            # Connected weakly by default: keep the receivers alive in this module.
            _RECEIVERS[event] = on_authenticator_event(event)
            getattr(mfa_signals, name).connect(_RECEIVERS[event], dispatch_uid=f"security-{event}")
