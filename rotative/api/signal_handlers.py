"""A new password signs the app out of every device (allauth's signals, sent by the site's
password change and reset)."""

from allauth.account.signals import password_changed, password_reset, password_set

from rotative.api.services import tokens_revoke_all


def on_password_changed(sender, request, user, **kwargs):
    tokens_revoke_all(user=user)


def connect() -> None:
    for signal in (password_changed, password_reset, password_set):
        signal.connect(on_password_changed, dispatch_uid=f"api-tokens-{id(signal)}")
