"""The header's account corner, on every page, without spoiling the shared cache."""

import pytest

from rotative.accounts.tests.conftest import html
from rotative.core.site_parts import registry

pytestmark = pytest.mark.django_db


def corner(response):
    return html(response).select_one(".site-header__account")


def test_accounts_fills_the_header_slot():
    assert "accounts/header_account.html" in registry.slot("header_account")


def test_anonymous_readers_get_links_back_to_the_page_and_nothing_personal(client, section):
    response = client.get("/manche/?page=1")

    links = {a.get_text(strip=True): a["href"] for a in corner(response).select("a")}
    assert links == {
        "Se connecter": "/compte/connexion/?next=/manche/%3Fpage%3D1",
        "Créer un compte": "/compte/inscription/?next=/manche/%3Fpage%3D1",
    }
    assert not corner(response).select("form, input")  # no CSRF token in a shared page
    assert "public" in response["Cache-Control"]
    assert not response.cookies


def test_logged_in_readers_see_their_name_and_log_out_with_a_post(client, reader, section):
    client.force_login(reader)
    response = client.get("/manche/")

    name = corner(response).select_one("a[href='/compte/']")
    assert name.get_text(" ", strip=True) == "Marie L. (mon compte)"
    button = corner(response).select_one("button")
    assert button.get_text(strip=True) == "Se déconnecter"
    form = corner(response).select_one(f"form#{button['form']}")
    assert (form["method"], form["action"]) == ("post", "/compte/deconnexion/")
    assert form.select_one("[name=csrfmiddlewaretoken]")["value"]
    assert form.select_one("[name=next]")["value"] == "/manche/"
    assert "private" in response["Cache-Control"]


def test_account_pages_do_not_send_the_reader_back_to_themselves(client, db):
    links = [a["href"] for a in corner(client.get("/compte/connexion/")).select("a")]
    assert links == ["/compte/connexion/", "/compte/inscription/"]
