"""The demo's two accounts: the newsroom's editor and a reader, both already confirmed."""

import secrets

from django.contrib.auth import get_user_model

from rotative.accounts.services import account_email_confirm, reader_create
from rotative.core.demo.registry import DemoRun

EDITOR_USERNAME = "redaction"
DEMO_READER_EMAIL = "lectrice@example.fr"


def demo_accounts_load(run: DemoRun) -> None:
    run.logins["editor"] = editor_create()
    run.logins["reader"] = _reader_create()


def editor_create() -> tuple[str, str]:
    """The demo editor account, with a password generated on this machine: (email, password)."""
    User = get_user_model()
    password = secrets.token_urlsafe(12)
    user, _ = User.objects.get_or_create(
        username=EDITOR_USERNAME, defaults={"email": "redaction@localhost"}
    )
    user.first_name, user.last_name = "Rédaction", "Démo"
    user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    # The editor logs in by email at /compte/connexion/, like everyone: already confirmed.
    account_email_confirm(user=user)
    return user.email, password


def _reader_create() -> tuple[str, str]:
    """A reader with a confirmed address, to try comments and « Mon compte » at once."""
    password = secrets.token_urlsafe(12)
    reader_create(email=DEMO_READER_EMAIL, password=password, display_name="Marie L.")
    return DEMO_READER_EMAIL, password
