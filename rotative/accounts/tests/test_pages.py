"""Every account page in the site's layout, in French, and never in a shared cache."""

import re

import pytest
from django.urls import reverse

from rotative.accounts.tests.conftest import html, log_in
from rotative.accounts.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = [
    "/compte/connexion/",
    "/compte/inscription/",
    "/compte/confirmation/",
    "/compte/mot-de-passe/oubli/",
    "/compte/mot-de-passe/oubli/envoye/",
    "/compte/confirm-email/une-cle-perimee/",
    "/compte/password/reset/key/1-une-cle-perimee/",
    "/compte/inactive/",
]
READER_PAGES = [
    "/compte/",
    "/compte/e-mail/",
    "/compte/mot-de-passe/",
    "/compte/supprimer/",
    "/compte/deconnexion/",
    "/compte/reauthenticate/",
]
# allauth's English, should a translation or a template of ours be missing.
ENGLISH = re.compile(
    r"\b(Sign In|Sign Up|Sign Out|Password|Email Address|Forgot|Remember Me|Confirm|"
    r"Change|Messages|Menu)\b"
)


def check_page(response):
    assert response.status_code == 200, response
    page = html(response)
    assert page.html["lang"] == "fr"
    assert page.select_one("header.site-header") and page.select_one("footer.site-footer")
    assert page.select_one("main#contenu h1")
    assert page.select_one("link[href$='css/accounts.css']")
    assert page.select_one("meta[name=robots]")["content"].startswith("noindex")
    assert " ".join(page.title.text.split()).endswith("| Rotative")
    text = " ".join(page.select_one("main").get_text(" ").split())
    assert not ENGLISH.search(text), text
    for field in page.select("main input:not([type=hidden]):not([type=submit])"):
        assert page.select_one(f"label[for={field['id']}]"), field  # every input has a label
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_anonymous_account_pages(client, home, path):
    check_page(client.get(path, follow=True))


@pytest.mark.parametrize("path", READER_PAGES)
def test_reader_account_pages(client, home, path):
    ReaderFactory(email="marie@example.fr")
    log_in(client, "marie@example.fr")
    response = client.get(path, follow=True)
    check_page(response)
    nav = html(response).select_one("aside.account-nav")
    if path != "/compte/reauthenticate/":
        assert nav and "Télécharger mes données" in nav.text


def test_readers_see_french_addresses():
    assert reverse("account_login") == "/compte/connexion/"
    assert reverse("account_signup") == "/compte/inscription/"
    assert reverse("account_reset_password") == "/compte/mot-de-passe/oubli/"
    assert reverse("accounts_profile") == "/compte/"


def test_too_many_attempts_are_answered_in_french(client, home, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    log_in(client, "a@example.fr", "x")
    response = log_in(client, "a@example.fr", "x")
    assert response.status_code == 429
    page = html(response)
    assert page.select_one("h1").text == "Trop de tentatives"
    assert page.select_one("header.site-header")


def test_the_account_menu_leads_to_everything_the_reader_keeps_on_the_site(client):
    reader = ReaderFactory()
    client.force_login(reader)
    menu = html(client.get("/compte/")).select_one(".account-nav")
    links = {a.get_text(strip=True): a["href"] for a in menu.select("a")}
    for label, path in [
        ("Mes annonces", "/annonces/mes-annonces/"),
        ("Mes offres d'emploi", "/emploi/mes-offres/"),
        ("Mes candidatures", "/emploi/mes-candidatures/"),
        ("Mes sorties", "/agenda/mes-sorties/"),
        ("Mes pronostics", "/pronostics/mes-pronostics/"),
        ("Mes alertes", "/alertes/"),
    ]:
        assert links.get(label) == path, label
