"""« Mon compte »: public name, mail preferences, and the way to the address and password."""

from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress

from rotative.accounts.models import Profile
from rotative.accounts.tests.conftest import field_errors, html, log_in, main_text
from rotative.accounts.tests.factories import PASSWORD, ReaderFactory

pytestmark = pytest.mark.django_db


def test_the_account_page_needs_a_login(client, db):
    response = client.get("/compte/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/?next=/compte/"


def test_the_account_page_shows_name_preferences_and_the_other_pages(client, reader):
    client.force_login(reader)
    page = html(client.get("/compte/"))

    assert page.select_one("h1").text == "Mon compte"
    assert page.select_one("[name=display_name]")["value"] == "Marie L."
    for name in ("notify_replies", "notify_moderation"):
        assert page.select_one(f"[name={name}]").has_attr("checked")
    labels = [label.get_text(" ", strip=True) for label in page.select("main label")]
    assert "M'avertir par e-mail quand on répond à mon commentaire" in labels
    assert "M'avertir par e-mail quand un de mes commentaires est refusé" in labels
    links = {a.get_text(strip=True): a["href"] for a in page.select("main .account-actions a")}
    assert links == {
        "Changer d'adresse e-mail": "/compte/e-mail/",
        "Changer de mot de passe": "/compte/mot-de-passe/",
        "Mes sessions": "/compte/sessions/",
        "Appareils connectés": "/compte/appareils/",
        "Compte professionnel": "/compte/professionnel/",
        "Lettres et alertes": "/newsletter/mon-compte/",
        "Télécharger mes données": "/compte/donnees/",
        "Supprimer mon compte": "/compte/supprimer/",
    }


def test_reader_changes_name_and_preferences(client, reader):
    client.force_login(reader)
    response = client.post(
        "/compte/", {"display_name": "Marie Lefèvre", "notify_moderation": "on"}, follow=True
    )

    assert response.redirect_chain == [("/compte/", 302)]
    assert "Vos préférences sont enregistrées." in html(response).select_one(".messages").text
    profile = Profile.objects.get(user=reader)
    assert (profile.display_name, profile.notify_replies, profile.notify_moderation) == (
        "Marie Lefèvre",
        False,
        True,
    )


def test_a_name_taken_by_another_reader_in_another_case_is_refused(client, reader):
    ReaderFactory(display_name="Jean Dupont")
    client.force_login(reader)
    response = client.post("/compte/", {"display_name": "JEAN DUPONT", "notify_replies": "on"})

    assert field_errors(response, "display_name") == [
        "Ce nom est déjà pris par un autre lecteur. Choisissez-en un autre."
    ]
    assert html(response).select_one("[name=display_name]")["value"] == "JEAN DUPONT"
    assert Profile.objects.get(user=reader).display_name == "Marie L."


def test_a_reader_may_change_the_case_of_their_own_name(client, reader):
    client.force_login(reader)
    client.post("/compte/", {"display_name": "MARIE L."})
    assert Profile.objects.get(user=reader).display_name == "MARIE L."


def test_an_account_made_in_the_admin_gets_its_profile_here(client, django_user_model):
    editor = django_user_model.objects.create_user("plume", "plume@example.fr", "x")
    client.force_login(editor)
    assert not html(client.get("/compte/")).select_one("[name=display_name]").get("value")
    client.post("/compte/", {"display_name": "La Plume", "notify_replies": "on"})
    assert Profile.objects.get(user=editor).display_name == "La Plume"


def test_a_new_address_replaces_the_old_once_confirmed(client, reader, smtp_server):
    log_in(client, "marie@example.fr")
    page = client.get("/compte/e-mail/")
    assert "Adresse e-mail" in main_text(page)
    assert html(page).select_one("#current_email")["value"] == "marie@example.fr"

    response = client.post(
        "/compte/e-mail/", {"action_add": "", "email": "marie.l@example.fr"}, follow=True
    )
    # Whoever holds the session must know the password to move the account elsewhere.
    assert response.redirect_chain[-1][0].startswith("/compte/reauthenticate/")
    assert "Veuillez vous réauthentifier" in main_text(response)
    assert not smtp_server.messages
    response = client.post(response.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/compte/e-mail/"
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "marie.l@example.fr"
    reader.refresh_from_db()
    assert reader.email == "marie@example.fr"  # nothing changes before the confirmation

    link = urlsplit(smtp_server.first_link("/compte/confirm-email/", mail)).path
    client.post(link)
    reader.refresh_from_db()
    assert reader.email == "marie.l@example.fr"
    assert list(EmailAddress.objects.filter(user=reader).values_list("email", "verified")) == [
        ("marie.l@example.fr", True)
    ]


def test_changing_the_password_asks_for_the_current_one(client, reader):
    log_in(client, "marie@example.fr")
    response = client.post(
        "/compte/mot-de-passe/",
        {
            "oldpassword": "pas le bon",
            "password1": "Nouveau-Phare-2",
            "password2": "Nouveau-Phare-2",
        },
    )
    assert field_errors(response, "oldpassword") == ["Merci d'indiquer votre mot de passe actuel."]
