"""Sessions: a new key at login, no redirect off the site, idle and absolute limits, and the
reader's list of sessions where the others can be ended."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from rotative.accounts.tests.conftest import html, log_in
from rotative.accounts.tests.factories import PASSWORD, ReaderFactory

pytestmark = pytest.mark.django_db

EXPIRED = "Votre session a expiré : reconnectez-vous pour continuer."


@pytest.fixture
def clock(monkeypatch):
    """timezone.now() under the test's control: `clock.move(hours=2)`."""

    class Clock:
        now = timezone.now()

        def move(self, **delta):
            self.now += timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_login_gives_the_browser_a_new_session_key_and_ends_the_old_one(client, reader):
    before = client.session.session_key  # the anonymous session, e.g. fixed by an attacker

    log_in(client, "marie@example.fr")

    assert logged_in(client)
    assert client.session.session_key != before
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    assert not store.exists(before)


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example/", "http:evil.example"]
)
def test_after_login_next_cannot_lead_off_the_site(client, reader, target):
    response = log_in(client, "marie@example.fr", next=target)

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_reader_stays_logged_in_while_reading_and_out_after_30_days_away(
    client, reader, home, clock
):
    log_in(client, "marie@example.fr")
    for _ in range(2):  # a visit every 29 days: still in
        clock.move(days=29)
        assert client.get("/compte/").status_code == 200
    clock.move(days=30, seconds=1)

    response = client.get("/compte/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/compte/connexion/")
    assert EXPIRED in html(response).select_one(".messages").text


def test_a_reader_logs_in_again_after_90_days_however_often_they_come(client, reader, clock):
    log_in(client, "marie@example.fr")
    for _ in range(89):
        clock.move(days=1)
        client.get("/compte/")
    assert logged_in(client)

    clock.move(days=1)
    client.get("/compte/")

    assert not logged_in(client)


@pytest.fixture
def editor(django_user_model, home):
    # `home`: the admin's dashboard needs the page tree, gone if a transactional test flushed it.
    return django_user_model.objects.create_superuser("redaction", "redaction@example.fr", "x")


def test_staff_are_logged_out_after_two_idle_hours(client, editor, clock, caplog):
    client.force_login(editor)
    caplog.set_level("INFO", logger="rotative.security")
    clock.move(hours=1, minutes=59)
    assert client.get("/admin/").status_code == 200
    clock.move(hours=1, minutes=59)
    assert client.get("/admin/").status_code == 200

    clock.move(hours=2)

    assert client.get("/admin/").status_code == 302
    assert not logged_in(client)
    record, logout = [r for r in caplog.records if r.name == "rotative.security"]
    assert logout.event == "logout"
    assert (record.event, record.fields["reason"], record.fields["staff"]) == (
        "session_expired",
        "idle",
        True,
    )


def test_staff_log_in_again_after_twelve_hours_however_busy(client, editor, clock):
    client.force_login(editor)
    for _ in range(11):
        clock.move(hours=1)
        assert client.get("/admin/").status_code == 200

    clock.move(hours=1)

    assert client.get("/admin/").status_code == 302


def test_logging_in_again_starts_the_absolute_lifetime_again(client, reader, clock):
    log_in(client, "marie@example.fr")
    clock.move(days=60)
    client.get("/compte/")
    client.post("/compte/deconnexion/")
    log_in(client, "marie@example.fr")
    for _ in range(2):  # 118 days after the first login, 58 after the second
        clock.move(days=29)
        client.get("/compte/")

    assert logged_in(client)


def test_the_reader_sees_their_sessions_and_ends_the_others(reader, caplog):
    caplog.set_level("INFO", logger="rotative.security")
    phone = Client(HTTP_USER_AGENT="Mozilla/5.0 (Android 14; Mobile) Firefox/133.0")
    laptop = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0")
    log_in(phone, "marie@example.fr")
    log_in(laptop, "marie@example.fr")

    page = laptop.get("/compte/sessions/")
    items = [" ".join(li.get_text(" ").split()) for li in html(page).select(".account-sessions li")]
    assert len(items) == 2
    assert any("Android 14" in item and item.startswith("Autre session") for item in items)
    assert any("Linux x86_64" in item and item.startswith("Cette session") for item in items)

    # Ending them asks for the password first, then does what was asked.
    response = laptop.post("/compte/sessions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/reauthenticate/")
    assert logged_in(phone)
    response = laptop.post(response["Location"], {"password": PASSWORD}, follow=True)

    assert "Vos autres sessions sont fermées." in html(response).select_one(".messages").text
    assert not logged_in(phone)
    assert logged_in(laptop)
    assert len(html(laptop.get("/compte/sessions/")).select(".account-sessions li")) == 1
    ended = [r for r in caplog.records if getattr(r, "event", "") == "sessions_ended"]
    assert [(r.fields["count"], r.fields["user_id"]) for r in ended] == [(1, reader.pk)]


def test_a_wrong_password_ends_no_session(reader):
    phone, laptop = Client(), Client()
    log_in(phone, "marie@example.fr")
    log_in(laptop, "marie@example.fr")

    response = laptop.post("/compte/sessions/")
    laptop.post(response["Location"], {"password": "devine"})

    assert logged_in(phone)


def test_a_second_reader_cannot_see_the_firsts_sessions(client, reader):
    log_in(Client(), "marie@example.fr")
    ReaderFactory(email="paul@example.fr")
    log_in(client, "paul@example.fr")

    assert len(html(client.get("/compte/sessions/")).select(".account-sessions li")) == 1
