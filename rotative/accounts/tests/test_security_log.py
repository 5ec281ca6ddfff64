"""Authentication leaves a trail in the security log, and never the password or the address."""

import json
import logging

import pytest

from rotative.accounts.tests.conftest import log_in
from rotative.accounts.tests.factories import PASSWORD
from rotative.core.logformat import JsonFormatter, TextFormatter
from rotative.core.security_log import security_hash

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.INFO, logger="rotative.security")

    def records():
        return [r for r in caplog.records if r.name == "rotative.security"]

    return records


def events(records) -> list[str]:
    return [record.event for record in records]


def test_a_failed_login_writes_one_record_without_the_password_or_the_address(
    client, reader, security_log
):
    log_in(client, "marie@example.fr", "Mauvais-mot-de-passe-42")

    [record] = security_log()
    assert record.event == "login_failed"
    assert record.levelname == "WARNING"
    assert record.fields["account"] == security_hash("marie@example.fr")
    assert record.fields["ip"] == "127.0.0.1"
    for line in (TextFormatter().format(record), JsonFormatter().format(record)):
        assert "Mauvais-mot-de-passe-42" not in line
        assert "marie@example.fr" not in line
    assert json.loads(JsonFormatter().format(record))["event"] == "login_failed"


def test_success_and_logout_are_logged_with_the_user(client, reader, security_log):
    log_in(client, "marie@example.fr")
    client.post("/compte/deconnexion/")

    assert events(security_log()) == ["login_succeeded", "logout"]
    assert [r.fields["user_id"] for r in security_log()] == [reader.pk, reader.pk]


def test_the_lockout_is_logged_when_it_refuses_a_login(client, reader, security_log):
    for _ in range(5):
        log_in(client, "marie@example.fr", "devine")
    log_in(client, "marie@example.fr", PASSWORD)

    assert events(security_log()) == ["login_failed"] * 5 + ["login_locked_out"]
    assert security_log()[-1].fields["account"] == security_hash("Marie@example.fr ")


def test_credentials_sent_to_the_admins_old_login_are_never_read(client, reader, security_log):
    # One login for everyone: /admin/login/ only redirects, so nothing there can fail quietly.
    response = client.post("/admin/login/", {"username": "marie@example.fr", "password": "x"})

    assert response.status_code == 302 and response["Location"].startswith("/compte/connexion/")
    assert events(security_log()) == []
    log_in(client, "marie@example.fr", "devine")
    assert events(security_log()) == ["login_failed"]


def test_a_password_change_is_logged(client, reader, security_log):
    client.force_login(reader)
    new = "Phare-de-Gatteville-75m"
    response = client.post(
        "/compte/mot-de-passe/",
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )

    assert response.status_code == 302
    assert "password_changed" in events(security_log())


def test_allauths_own_rate_limits_are_logged_and_answered_in_french(client, home, security_log):
    for _ in range(5):  # ACCOUNT_RATE_LIMITS: five sign-ups a minute from one address
        client.post("/compte/inscription/", {})

    response = client.post("/compte/inscription/", {})

    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    [record] = [r for r in security_log() if r.event == "rate_limited"]
    assert (record.fields["scope"], record.fields["route"]) == ("allauth", "compte/inscription/")
