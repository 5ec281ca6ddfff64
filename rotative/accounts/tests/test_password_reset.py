"""A forgotten password: the same answer for any address, a link only to the account's owner."""

from urllib.parse import urlsplit

import pytest

from rotative.accounts.tests.conftest import log_in, main_text
from rotative.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def ask_reset(client, email):
    return client.post("/compte/mot-de-passe/oubli/", {"email": email}, follow=True)


def test_known_and_unknown_addresses_get_the_same_answer(client, reader, smtp_server):
    known = ask_reset(client, "marie@example.fr")
    unknown = ask_reset(client, "inconnue@example.fr")

    assert (
        known.redirect_chain
        == unknown.redirect_chain
        == [("/compte/mot-de-passe/oubli/envoye/", 302)]
    )
    assert main_text(known) == main_text(unknown)
    assert "Nous vous avons envoyé un e-mail" in main_text(known)
    to_owner, to_stranger = smtp_server.wait_for(2)
    assert to_owner["To"] == "marie@example.fr"
    assert smtp_server.first_link("/compte/password/reset/key/", to_owner)
    assert to_stranger["To"] == "inconnue@example.fr"
    assert smtp_server.first_link("/compte/inscription/", to_stranger)  # "no account here"


def test_the_link_sets_a_new_password(client, reader, smtp_server):
    ask_reset(client, "marie@example.fr")
    [mail] = smtp_server.wait_for(1)
    link = urlsplit(smtp_server.first_link("/compte/password/reset/key/", mail)).path

    form_page = client.get(link, follow=True)
    new_password = "Phare-de-Gatteville-75m"
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": new_password, "password2": new_password},
        follow=True,
    )

    assert "Votre mot de passe a été modifié" in main_text(response)
    assert log_in(client, "marie@example.fr", PASSWORD).status_code == 200  # the old one: refused
    assert log_in(client, "marie@example.fr", new_password).status_code == 302


def test_one_address_gets_three_reset_mails_an_hour_at_most(client, reader, smtp_server):
    for _ in range(4):
        ask_reset(client, "marie@example.fr")
    assert len(smtp_server.wait_for(3)) == 3
