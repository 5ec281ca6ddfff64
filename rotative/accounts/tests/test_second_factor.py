"""Second factor: staff must use an authenticator app (TOTP, with recovery codes) before the
admin opens; readers may turn it on in « Mon compte », and are then asked for a code."""

import base64
import hashlib
import hmac
import struct
from types import SimpleNamespace

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal import auth as totp_auth
from allauth.mfa.totp.internal.auth import TOTP
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from rotative.accounts.services import account_email_confirm
from rotative.accounts.tests.conftest import html, log_in
from rotative.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = 1_790_000_000  # 2026-09-21 14:13:20 UTC, whatever the clock says


def messages_of(response) -> str:
    return " ".join(html(response).select_one(".messages").get_text(" ").split())


def totp(secret: str, at: float = NOW) -> str:
    """RFC 6238, computed here rather than by the library under test."""
    mac = hmac.new(base64.b32decode(secret), struct.pack(">Q", int(at) // 30), hashlib.sha1)
    digest = mac.digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**6:06d}"


@pytest.fixture(autouse=True)
def frozen_totp_clock(monkeypatch, settings):
    monkeypatch.setattr(totp_auth, "time", SimpleNamespace(time=lambda: NOW))
    settings.STAFF_MFA_REQUIRED = True  # as in production


@pytest.fixture
def editor(home):
    user = get_user_model().objects.create_superuser("redaction", "redaction@example.fr", PASSWORD)
    account_email_confirm(user=user)
    return user


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, editor):
    log_in(client, "redaction@example.fr", next="/admin/")

    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/2fa/totp/activate/"
    # allauth asks for the password again before an authenticator is added.
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0].startswith("/compte/reauthenticate/")
    assert "L'administration demande une double authentification" in messages_of(page)
    client.post(page.redirect_chain[-1][0], {"password": PASSWORD})
    client.get("/compte/2fa/totp/activate/")
    secret = client.session[totp_auth.SECRET_SESSION_KEY]

    activated = client.post("/compte/2fa/totp/activate/", {"code": totp(secret)})

    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=editor, type="totp").exists()
    assert Authenticator.objects.filter(user=editor, type="recovery_codes").exists()
    assert client.get("/admin/").status_code == 200  # the code given at setup counts


def test_staff_with_an_authenticator_give_a_valid_code_after_the_password(client, editor):
    TOTP.activate(editor, SECRET)

    response = log_in(client, "redaction@example.fr", next="/admin/")
    assert response["Location"] == "/compte/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith("/compte/connexion/")

    wrong = client.post("/compte/2fa/authenticate/", {"code": totp(SECRET, NOW - 3600)})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    right = client.post("/compte/2fa/authenticate/", {"code": totp(SECRET)})
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(client, editor):
    TOTP.activate(editor, SECRET)
    code = RecoveryCodes.activate(editor).get_unused_codes()[0]

    log_in(client, "redaction@example.fr", next="/admin/")
    client.post("/compte/2fa/authenticate/", {"code": code})
    assert client.get("/admin/").status_code == 200

    client.post("/compte/deconnexion/")
    log_in(client, "redaction@example.fr", next="/admin/")
    again = client.post("/compte/2fa/authenticate/", {"code": code})
    assert again.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_staff_session_that_gave_no_code_cannot_use_the_admin(client, editor):
    TOTP.activate(editor, SECRET)
    client.force_login(editor)  # a session made another way than the login with its code

    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == "/compte/2fa/reauthenticate/?next=%2Fadmin%2Fpages%2F"
    answered = client.post(response["Location"], {"code": totp(SECRET)})
    assert answered["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_the_test_helper_gives_a_session_that_passed_the_second_factor(
    client, editor, second_factor_login
):
    TOTP.activate(editor, SECRET)
    second_factor_login(client, editor)
    assert client.get("/admin/").status_code == 200


def test_a_reader_may_turn_it_on_and_is_then_asked_for_a_code(client, reader, home):
    log_in(client, "marie@example.fr")
    account = client.get("/compte/")
    link = BeautifulSoup(account.content, "html.parser").find("a", string="Double authentification")
    assert link["href"] == "/compte/2fa/"
    assert client.get("/").status_code == 200  # nothing asked of a reader without it

    client.post("/compte/reauthenticate/", {"password": PASSWORD})  # asked by allauth first
    page = client.get("/compte/2fa/totp/activate/")
    secret = html(page).select_one("#authenticator_secret")["value"]  # shown beside the QR
    client.post("/compte/2fa/totp/activate/", {"code": totp(secret)})
    client.post("/compte/deconnexion/")

    response = log_in(client, "marie@example.fr")
    assert response["Location"] == "/compte/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    client.post("/compte/2fa/authenticate/", {"code": totp(secret, NOW + 30)})
    assert "_auth_user_id" not in client.session  # a code for later is not valid now
    client.post("/compte/2fa/authenticate/", {"code": totp(secret)})
    assert int(client.session["_auth_user_id"]) == reader.pk


def test_the_secrets_are_stored_encrypted_and_survive_a_key_rotation(client, editor, settings):
    TOTP.activate(editor, SECRET)
    RecoveryCodes.activate(editor)
    stored = {a.type: a.data for a in Authenticator.objects.filter(user=editor)}
    # A copy of the database alone does not give the app's secret or the codes' seed.
    assert SECRET not in str(stored["totp"])
    assert stored["totp"]["secret"].startswith("fernet:")
    assert stored["recovery_codes"]["seed"].startswith("fernet:")

    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-after-rotation-" + "x" * 40
    log_in(client, "redaction@example.fr", next="/admin/")
    right = client.post("/compte/2fa/authenticate/", {"code": totp(SECRET)})
    assert right["Location"] == "/admin/"
