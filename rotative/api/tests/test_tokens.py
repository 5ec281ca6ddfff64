"""Signing the app in: a token per device, issued only through the login form's own checks,
and signed out from the app or from « Mon compte »."""

import json

import pytest
from allauth.mfa.totp.internal import auth as totp_auth
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model

from rotative.accounts.services import account_email_confirm
from rotative.accounts.tests.conftest import html
from rotative.accounts.tests.factories import PASSWORD, ReaderFactory
from rotative.accounts.tests.test_second_factor import NOW, SECRET, totp
from rotative.api.models import DeviceToken
from rotative.api.services import token_create
from rotative.api.tests.conftest import bearer

pytestmark = pytest.mark.django_db


def sign_in(client, email="marie@example.fr", password=PASSWORD, **extra):
    body = {"email": email, "password": password, "device": "Pixel de Marie", **extra}
    return client.post("/api/v1/jetons", json.dumps(body), content_type="application/json")


def test_the_app_signs_in_and_its_key_opens_the_readers_endpoints(client, reader):
    response = sign_in(client)

    assert response.status_code == 201
    key = response.json()["key"]
    assert response.json()["device"] == "Pixel de Marie"
    # The key itself is never stored: only its hash.
    assert not DeviceToken.objects.filter(key_hash=key).exists()
    devices = client.get("/api/v1/jetons", **bearer(key))
    assert devices.status_code == 200
    assert [(d["device"], d["current"]) for d in devices.json()] == [("Pixel de Marie", True)]


def test_a_wrong_password_is_refused_in_french_with_a_stable_code(client, reader):
    response = sign_in(client, password="pas-le-bon")

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert response.json()["message"] == "L'adresse e-mail ou le mot de passe est incorrect."
    assert not DeviceToken.objects.exists()


def test_repeated_failures_lock_the_app_out_like_the_login_form(client, reader, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/10m/key"}
    for _ in range(3):
        assert sign_in(client, password="pas-le-bon").status_code == 401

    locked = sign_in(client)  # even the right password, as on the site's login form

    assert locked.status_code == 429
    assert locked.json()["code"] == "rate_limited"
    assert locked["Retry-After"]
    site_login = client.post(
        "/compte/connexion/", {"login": "marie@example.fr", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session, site_login


def test_an_unconfirmed_address_gets_no_token(client, db):
    ReaderFactory(email="paul@example.fr", verified=False)

    response = sign_in(client, email="paul@example.fr")

    assert response.status_code == 403
    assert response.json()["code"] == "email_unverified"


@pytest.fixture
def frozen_totp_clock(monkeypatch):
    monkeypatch.setattr(totp_auth, "time", type("T", (), {"time": staticmethod(lambda: NOW)}))


def test_a_reader_with_a_second_factor_must_give_its_code(client, reader, frozen_totp_clock):
    TOTP.activate(reader, SECRET)

    without = sign_in(client)
    wrong = sign_in(client, code=totp(SECRET, NOW - 3600))
    right = sign_in(client, code=totp(SECRET))

    assert (without.status_code, without.json()["code"]) == (401, "second_factor_required")
    assert (wrong.status_code, wrong.json()["code"]) == (401, "invalid_code")
    assert right.status_code == 201


def test_staff_without_a_second_factor_are_sent_to_set_it_up(client, db, settings):
    settings.STAFF_MFA_REQUIRED = True
    editor = get_user_model().objects.create_user(
        "redaction", "redaction@example.fr", PASSWORD, is_staff=True
    )
    account_email_confirm(user=editor)

    response = sign_in(client, email="redaction@example.fr")

    assert (response.status_code, response.json()["code"]) == (403, "second_factor_setup_required")


def test_signing_out_the_device_stops_its_key(client, reader_key):
    assert client.delete("/api/v1/jetons/courant", **bearer(reader_key)).status_code == 204

    after = client.get("/api/v1/jetons", **bearer(reader_key))

    assert after.status_code == 401
    assert after.json()["code"] == "invalid_token"
    # A public read with the dead key says so too: the app learns it must sign in again.
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_a_reader_cannot_sign_out_another_readers_device(client, reader_key, db):
    other = ReaderFactory(email="paul@example.fr")

    others_token, others_key = token_create(user=other, device="iPhone de Paul")

    response = client.delete(f"/api/v1/jetons/{others_token.pk}", **bearer(reader_key))

    assert response.status_code == 404
    assert client.get("/api/v1/jetons", **bearer(others_key)).status_code == 200


def test_a_new_password_signs_the_app_out_everywhere(client, reader, reader_key):
    client.force_login(reader)
    client.post(
        "/compte/mot-de-passe/",
        {
            "oldpassword": PASSWORD,
            "password1": "Falaise-d-Etretat-2027!",
            "password2": "Falaise-d-Etretat-2027!",
        },
    )

    assert client.get("/api/v1/jetons", **bearer(reader_key)).status_code == 401


def test_a_deactivated_readers_key_stops_working(client, reader, reader_key):
    reader.is_active = False
    reader.save()

    assert client.get("/api/v1/jetons", **bearer(reader_key)).status_code == 401


def test_the_devices_page_lists_and_signs_out_a_device(client, reader, reader_key):
    client.force_login(reader)

    page = client.get("/compte/appareils/")
    assert "Téléphone de Marie" in page.content.decode()
    token = DeviceToken.objects.get()
    response = client.post(f"/compte/appareils/{token.pk}/deconnecter/", follow=True)

    assert "L'application est déconnectée de « Téléphone de Marie »." in html(response).get_text(
        " "
    )
    assert "Téléphone de Marie" not in client.get("/compte/appareils/").content.decode()
    assert client.get("/api/v1/jetons", **bearer(reader_key)).status_code == 401


def test_the_devices_page_cannot_sign_out_another_readers_device(client, reader_key, db):
    other = ReaderFactory(email="paul@example.fr")
    client.force_login(other)
    token = DeviceToken.objects.get()

    assert client.post(f"/compte/appareils/{token.pk}/deconnecter/").status_code == 404
    assert client.get("/api/v1/jetons", **bearer(reader_key)).status_code == 200


def test_the_readers_data_export_lists_the_devices(client, reader, reader_key):
    client.force_login(reader)

    export = json.loads(client.get("/compte/donnees/").content)

    assert [d["device"] for d in export["appareils"]["devices"]] == ["Téléphone de Marie"]
