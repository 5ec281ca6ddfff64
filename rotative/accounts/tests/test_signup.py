"""Sign-up: email, public name and password twice; the address is confirmed before anything."""

from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from rotative.accounts.models import Profile
from rotative.accounts.tests.conftest import field_errors, html, main_text
from rotative.accounts.tests.factories import PASSWORD, ReaderFactory

pytestmark = pytest.mark.django_db


def sign_up(client, email="nouvelle@example.fr", display_name="Anne-Sophie B.", **extra):
    data = {
        "email": email,
        "display_name": display_name,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return client.post("/compte/inscription/", {**data, **extra}, follow=True)


def test_sign_up_mails_a_link_that_confirms_the_address_and_logs_in(client, home, smtp_server):
    response = sign_up(client)

    assert response.redirect_chain[-1][0] == "/compte/confirmation/"
    assert "Vérifiez votre adresse e-mail" in main_text(response)
    assert "_auth_user_id" not in client.session  # not before the address is confirmed
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "nouvelle@example.fr"
    assert mail["Subject"] == "[Rotative] Confirmez votre adresse e-mail"
    assert "Anne-Sophie B." in smtp_server.text(mail)

    link = urlsplit(smtp_server.first_link("/compte/confirm-email/")).path
    page = client.get(link)
    assert "Confirmer" in main_text(page)
    response = client.post(link, follow=True)

    assert response.redirect_chain[-1][0] == "/"
    user = get_user_model().objects.get(email="nouvelle@example.fr")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert EmailAddress.objects.get(user=user).verified
    assert user.profile.display_name == "Anne-Sophie B."
    account = html(response).select_one(".site-header__account")
    assert (
        account.select_one("a[href='/compte/']")
        .get_text(" ", strip=True)
        .startswith("Anne-Sophie B.")
    )


def test_a_registered_email_gets_the_same_answer_and_its_owner_a_mail(client, home, smtp_server):
    ReaderFactory(email="deja@example.fr", display_name="Déjà Là")

    taken = sign_up(client, email="deja@example.fr", display_name="Quelqu'un")
    client.cookies.clear()
    fresh = sign_up(client, email="nouveau@example.fr", display_name="Quelqu'un d'autre")

    assert taken.redirect_chain[-1][0] == fresh.redirect_chain[-1][0] == "/compte/confirmation/"
    assert main_text(taken) == main_text(fresh)
    said = [
        html(response).select_one(".messages").get_text(" ", strip=True)
        for response in (taken, fresh)
    ]
    assert said == [
        "Information : E-mail de confirmation envoyé à deja@example.fr.",
        "Information : E-mail de confirmation envoyé à nouveau@example.fr.",
    ]
    assert get_user_model().objects.filter(email="deja@example.fr").count() == 1
    assert not Profile.objects.filter(display_name="Quelqu'un").exists()
    owner_mail, new_mail = smtp_server.wait_for(2)
    assert owner_mail["To"] == "deja@example.fr"
    assert "existe déjà" in smtp_server.text(owner_mail)
    assert smtp_server.first_link("/compte/mot-de-passe/oubli/", owner_mail)
    assert new_mail["To"] == "nouveau@example.fr"


def test_a_registered_email_costs_a_password_hash_like_a_new_one(client, home, monkeypatch):
    from rotative.accounts import forms

    hashed = []
    monkeypatch.setattr(forms, "make_password", hashed.append)
    ReaderFactory(email="deja@example.fr")
    sign_up(client, email="deja@example.fr")
    assert hashed == [PASSWORD]  # so the answer takes as long as a real sign-up


@pytest.mark.parametrize(
    ("display_name", "message"),
    [
        ("Jo", "Le nom affiché doit compter au moins 3 caractères."),
        ("x" * 41, "Le nom affiché doit compter au plus 40 caractères."),
        ("<b>Marie</b>", "Caractères non autorisés : / < >."),
        ("Marie @ Caen", "Caractères non autorisés : @."),
        ("...", "Le nom affiché doit contenir au moins une lettre."),
        ("Rédaction", "Ce nom est réservé à l'équipe du site."),
        ("marie l.", "Ce nom est déjà pris par un autre lecteur. Choisissez-en un autre."),
        ("MARIE  L.", "Ce nom est déjà pris par un autre lecteur. Choisissez-en un autre."),
    ],
)
def test_display_name_rules_are_explained_in_french(client, reader, display_name, message):
    response = sign_up(client, display_name=display_name)

    assert response.status_code == 200
    [error] = field_errors(response, "display_name")
    assert error.startswith(message)
    assert not get_user_model().objects.filter(email="nouvelle@example.fr").exists()


def test_accents_apart_a_taken_name_is_taken(client, home):
    ReaderFactory(display_name="Élise Bréhal")
    response = sign_up(client, display_name="elise brehal")
    assert field_errors(response, "display_name") == [
        "Ce nom est déjà pris par un autre lecteur. Choisissez-en un autre."
    ]


def test_allowed_names_are_stored_tidied(client, home, smtp_server):
    sign_up(client, display_name="  Jean-François  d’Aubigné_2 ")
    profile = Profile.objects.get(user__email="nouvelle@example.fr")
    assert profile.display_name == "Jean-François d'Aubigné_2"


def test_the_form_keeps_what_the_reader_typed(client, home):
    response = sign_up(client, display_name="Jo", password2="autre chose")

    page = html(response)
    assert page.select_one("[name=email]")["value"] == "nouvelle@example.fr"
    assert page.select_one("[name=display_name]")["value"] == "Jo"
    assert field_errors(response, "password2") == [
        "Vous devez saisir deux fois le même mot de passe."
    ]
    assert page.select_one("#id_display_name")["aria-invalid"] == "true"
    label = page.select_one("label[for=id_display_name]").get_text(strip=True)
    assert label.startswith("Nom affiché")


def test_sign_up_is_rate_limited_per_ip(client, home, smtp_server):
    for number in range(5):
        sign_up(client, email=f"robot{number}@example.fr", display_name=f"Robot {number}")
    response = client.post("/compte/inscription/", {"email": "robot9@example.fr"})
    assert response.status_code == 429
    assert "Trop de tentatives" in main_text(response)
