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
