"""Logging in and out: email and password, confirmed addresses only, brute force locked out."""

import pytest
from django.test import override_settings

from rotative.accounts.tests.conftest import html, log_in, main_text
from rotative.accounts.tests.factories import PASSWORD, ReaderFactory
from rotative.settings import base as base_settings

pytestmark = pytest.mark.django_db

LOCKED_OUT = "Trop de tentatives de connexion échouées. Veuillez réessayer ultérieurement."
WRONG = "L’adresse e-mail ou le mot de passe sont incorrects."


def test_reader_logs_in_with_email_and_comes_back_to_the_page(client, reader, section):
    response = log_in(client, "Marie@Example.fr", next="/manche/")

    assert response.status_code == 302
    assert response["Location"] == "/manche/"
    assert int(client.session["_auth_user_id"]) == reader.pk


def test_an_unconfirmed_account_is_refused_with_the_confirmation_message(client, home, smtp_server):
    ReaderFactory(email="pressee@example.fr", verified=False)

    response = client.post(
        "/compte/connexion/", {"login": "pressee@example.fr", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/compte/confirmation/"
    assert "_auth_user_id" not in client.session
    text = main_text(response)
    assert "Vérifiez votre adresse e-mail" in text
    assert "Nous vous avons envoyé un e-mail pour validation" in text
    [mail] = smtp_server.wait_for(1)  # the link again, in case the first one got lost
    assert mail["To"] == "pressee@example.fr"
    assert smtp_server.first_link("/compte/confirm-email/", mail)


def test_unknown_email_and_wrong_password_get_the_same_answer(client, reader):
    unknown = log_in(client, "personne@example.fr")
    wrong = log_in(client, "marie@example.fr", "pas le bon mot de passe")

    assert unknown.status_code == wrong.status_code == 200
    assert main_text(unknown) == main_text(wrong)
    assert WRONG in main_text(wrong)
    assert html(wrong).select_one("[name=login]")["value"] == "marie@example.fr"  # kept


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one(client, reader):
    for _ in range(5):
        assert WRONG in main_text(log_in(client, "marie@example.fr", "devine"))

    response = log_in(client, "marie@example.fr", PASSWORD)

    assert response.status_code == 200
    assert LOCKED_OUT in main_text(response)
    assert html(response).select_one(".form-errors[role=alert]")
    assert "_auth_user_id" not in client.session


def test_one_address_hammering_many_accounts_is_locked_out(client, home):
    for number in range(10):
        log_in(client, f"cible{number}@example.fr", "devine")
    ReaderFactory(email="innocente@example.fr")
    assert LOCKED_OUT in main_text(log_in(client, "innocente@example.fr", PASSWORD))


def test_logging_out_is_a_post_and_comes_back_with_a_message(client, reader, section):
    log_in(client, "marie@example.fr")

    assert client.get("/compte/deconnexion/").status_code == 200  # a page asking, no logout
    assert "_auth_user_id" in client.session
    response = client.post("/compte/deconnexion/", {"next": "/manche/"}, follow=True)

    assert response.redirect_chain[-1][0] == "/manche/"
    assert "_auth_user_id" not in client.session
    assert "Vous êtes déconnecté(e)." in html(response).select_one(".messages").text
    # The message is for this browser only: the page must not go into a shared cache.
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "public" in client.get("/manche/")["Cache-Control"]  # the next one may


def test_passwords_are_hashed_with_argon2(db):
    assert base_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=base_settings.PASSWORD_HASHERS):
        user = ReaderFactory(email="argon@example.fr")
        assert user.password.startswith("argon2$")
        assert user.check_password(PASSWORD)
