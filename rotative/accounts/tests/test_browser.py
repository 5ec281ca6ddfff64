"""A reader signs up in a real browser (Debian's chromium driven by Playwright)."""

import shutil

import pytest
from django.db import connection

from rotative.accounts.tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    yield context.new_page()
    context.close()


def test_reader_signs_up_confirms_by_mail_and_is_logged_in(page, home, live_server, smtp_server):
    page.goto(live_server.url + "/")
    page.locator(".site-header__account").get_by_role("link", name="Créer un compte").click()
    page.wait_for_url("**/compte/inscription/?next=/")

    page.locator("main").get_by_label("E-mail").fill("camille@example.fr")
    page.get_by_label("Nom affiché").fill("Camille D.")
    page.get_by_label("Mot de passe", exact=False).first.fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Création de compte").click()

    page.wait_for_url("**/compte/confirmation/")
    assert page.get_by_role("heading", level=1).inner_text() == "Vérifiez votre adresse e-mail"
    [mail] = smtp_server.wait_for(1)
    page.goto(smtp_server.first_link("/compte/confirm-email/", mail))
    page.locator("main").get_by_role("button", name="Confirmer").click()

    page.wait_for_url(live_server.url + "/")
    account = page.locator(".site-header__account")
    assert account.get_by_role("link", name="Camille D.").is_visible()
    assert account.get_by_role("button", name="Se déconnecter").is_visible()
    connection.close()  # Playwright's greenlet has its own connection: give it back now


def test_reader_signs_up_from_an_article_and_comes_back_to_it_logged_in(
    browser_pages, section, live_server, smtp_server
):
    from rotative.news.tests.factories import ArticlePageFactory

    ArticlePageFactory(parent=section, title="La digue résiste à la tempête", slug="digue")
    article = live_server.url + "/manche/digue/"
    page = browser_pages()
    page.goto(article)
    page.locator("#commentaires").get_by_role("link", name="créez un compte").click()
    page.wait_for_url("**/compte/inscription/?next=/manche/digue/%23commentaires")

    page.locator("main").get_by_label("E-mail").fill("camille@example.fr")
    page.get_by_label("Nom affiché").fill("Camille D.")
    page.get_by_label("Mot de passe", exact=False).first.fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Création de compte").click()
    page.wait_for_url("**/compte/confirmation/")

    [mail] = smtp_server.wait_for(1)
    link = smtp_server.first_link("/compte/confirm-email/", mail)
    page.goto(link)
    page.locator("main").get_by_role("button", name="Confirmer").click()

    page.wait_for_url(article + "#commentaires")
    assert page.get_by_role("heading", level=1).inner_text() == "La digue résiste à la tempête"
    assert "Vous avez confirmé camille@example.fr" in page.locator(".messages").inner_text()
    account = page.locator(".site-header__account")
    assert account.get_by_role("link", name="Camille D.").is_visible()
    assert page.locator("#commentaires textarea").is_visible()  # the reader may comment now

    # The mail opened again on another device: nobody is logged in there by a link; the
    # login form says why and keeps the article.
    phone = browser_pages()
    phone.goto(link)
    phone.wait_for_url("**/compte/connexion/?next=%2Fmanche%2Fdigue%2F%23commentaires")
    said = phone.locator(".messages").inner_text()
    assert "Votre adresse e-mail est déjà confirmée. Connectez-vous pour continuer." in said
    phone.locator("main").get_by_label("E-mail").fill("camille@example.fr")
    phone.get_by_label("Mot de passe").fill(PASSWORD)
    phone.locator("main").get_by_role("button", name="Connexion").click()
    phone.wait_for_url(article + "#commentaires")
    assert (
        phone.locator(".site-header__account").get_by_role("link", name="Camille D.").is_visible()
    )
    connection.close()
