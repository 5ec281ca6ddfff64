"""After following the sign-up link, the reader is back on the article they signed up from:
logged in in the browser that signed up, at the login form (the article kept) anywhere else.
`next` only ever points to a path of this site."""

from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa.totp.internal import auth as totp_auth
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.test import Client

from rotative.accounts.tests.conftest import html, log_in
from rotative.accounts.tests.factories import PASSWORD
from rotative.accounts.tests.test_second_factor import NOW, SECRET, totp
from rotative.news.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

ARTICLE = "/manche/digue/"


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="La digue résiste à la tempête", slug="digue")


def messages_of(response) -> str:
    box = html(response).select_one(".messages")
    return " ".join(box.get_text(" ").split()) if box else ""


def sign_up(client, next_url, email="camille@example.fr", name="Camille D."):
    form = {"email": email, "display_name": name, "password1": PASSWORD}
    form["password2"] = PASSWORD
    page = client.get("/compte/inscription/", {"next": next_url})
    hidden = html(page).select_one("main form input[name=next]")
    form["next"] = hidden["value"] if hidden else ""  # what the browser posts back
    return client.post("/compte/inscription/", form)


def confirmation_link(smtp_server) -> str:
    [mail] = smtp_server.wait_for(1)
    url = urlsplit(smtp_server.first_link("/compte/confirm-email/", mail))
    return f"{url.path}?{url.query}" if url.query else url.path


def logged_in_as(client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id).email if user_id else None


def test_the_article_links_to_sign_up_with_the_way_back(client, article):
    page = html(client.get(ARTICLE))

    header = page.select_one(".site-header__account a[href^='/compte/inscription/']")
    comments = page.select_one("#commentaires a[href^='/compte/inscription/']")
    assert header["href"] == "/compte/inscription/?next=/manche/digue/"
    assert comments["href"] == "/compte/inscription/?next=/manche/digue/%23commentaires"


def test_the_link_logs_in_the_browser_that_signed_up_and_brings_it_back(
    client, article, smtp_server
):
    assert sign_up(client, ARTICLE)["Location"] == "/compte/confirmation/"
    link = confirmation_link(smtp_server)
    assert parse_qs(urlsplit(link).query) == {"next": [ARTICLE]}

    assert "Confirmer" in client.get(link).content.decode()
    response = client.post(link, {"next": ARTICLE}, follow=True)

    assert response.redirect_chain[-1][0] == ARTICLE
    assert logged_in_as(client) == "camille@example.fr"
    assert "Vous avez confirmé camille@example.fr" in messages_of(response)
    assert html(response).select_one(".site-header__account a[href='/compte/']")


def test_another_browser_confirms_the_address_then_asks_to_log_in_keeping_the_article(
    client, article, smtp_server
):
    sign_up(client, ARTICLE)
    link = confirmation_link(smtp_server)
    phone = Client()

    response = phone.post(link, {"next": ARTICLE}, follow=True)

    assert response.redirect_chain[-1][0] == "/compte/connexion/?next=%2Fmanche%2Fdigue%2F"
    assert logged_in_as(phone) is None  # whoever reads the mail is not logged in by it
    said = messages_of(response)
    assert "Vous avez confirmé camille@example.fr" in said
    assert "le lien ne connecte que le navigateur où il a été demandé" in said
    back = log_in(phone, "camille@example.fr", next=ARTICLE)
    assert back["Location"] == ARTICLE
    assert logged_in_as(phone) == "camille@example.fr"


def test_a_link_opened_again_says_the_address_is_already_confirmed(client, article, smtp_server):
    sign_up(client, ARTICLE)
    link = confirmation_link(smtp_server)
    client.post(link, {"next": ARTICLE})

    elsewhere = Client().get(link, follow=True)
    assert elsewhere.redirect_chain[-1][0] == "/compte/connexion/?next=%2Fmanche%2Fdigue%2F"
    assert "Votre adresse e-mail est déjà confirmée. Connectez-vous" in messages_of(elsewhere)

    again = client.get(link, follow=True)  # the reader's own browser, logged in
    assert again.redirect_chain[-1][0] == ARTICLE
    assert "déjà confirmée" in messages_of(again)


UNSAFE = [
    "https://arnaque.example/",
    "//arnaque.example/",
    "/\\arnaque.example/",
    "http://testserver/manche/digue/",  # even our own host: only paths travel in links
    "javascript:alert(1)",
]


@pytest.mark.parametrize("unsafe", UNSAFE)
def test_an_external_next_is_dropped_from_the_link(client, article, smtp_server, unsafe):
    sign_up(client, unsafe)
    link = confirmation_link(smtp_server)
    assert "next" not in link and "arnaque" not in link

    response = client.post(link, {"next": unsafe})

    assert response["Location"] == "/"
    assert logged_in_as(client) == "camille@example.fr"


@pytest.mark.parametrize("unsafe", UNSAFE[:2])
def test_a_link_edited_to_leave_the_site_is_refused(client, article, smtp_server, unsafe):
    sign_up(client, ARTICLE)
    link = urlsplit(confirmation_link(smtp_server)).path

    elsewhere = Client().post(link, {"next": unsafe})
    assert elsewhere["Location"] == "/compte/connexion/"

    client2 = Client()
    sign_up(client2, ARTICLE, email="dominique@example.fr", name="Dominique P.")
    smtp_server.messages.pop(0)
    own = urlsplit(confirmation_link(smtp_server)).path
    # The browser that signed up resumes its login towards the page kept at sign-up.
    assert client2.post(own, {"next": unsafe})["Location"] == ARTICLE


def test_confirming_an_address_never_skips_the_staff_second_factor(
    client, home, smtp_server, monkeypatch, settings
):
    monkeypatch.setattr(totp_auth, "time", SimpleNamespace(time=lambda: NOW))
    settings.STAFF_MFA_REQUIRED = True
    editor = get_user_model().objects.create_superuser("redac", "redac@example.fr", PASSWORD)
    TOTP.activate(editor, SECRET)  # and the address not confirmed yet

    login = log_in(client, "redac@example.fr", next="/admin/")
    assert login["Location"] == "/compte/confirmation/"
    link = confirmation_link(smtp_server)
    assert parse_qs(urlsplit(link).query) == {"next": ["/admin/"]}

    response = client.post(link, {"next": "/admin/"})

    assert response["Location"] == "/compte/2fa/authenticate/"
    assert logged_in_as(client) is None
    assert client.get("/admin/")["Location"].startswith("/compte/connexion/")
    coded = client.post("/compte/2fa/authenticate/", {"code": totp(SECRET)})
    assert coded["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_confirmed_on_the_phone_the_link_still_logs_in_the_browser_that_signed_up(
    client, article, smtp_server
):
    sign_up(client, ARTICLE)
    link = confirmation_link(smtp_server)
    Client().post(link, {"next": ARTICLE})

    response = client.get(link, follow=True)

    assert response.redirect_chain[-1][0] == ARTICLE
    assert logged_in_as(client) == "camille@example.fr"
    assert "Votre adresse e-mail est confirmée" in messages_of(response)
