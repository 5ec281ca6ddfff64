"""The legal pages a reader finds in every footer, and the contact form."""

import pytest
from bs4 import BeautifulSoup

from rotative.legal.models import ContactPage, LegalPage
from rotative.news.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

FOOTER = [
    "Mentions légales",
    "Politique de confidentialité",
    "Cookies",
    "Accessibilité : non conforme",
    "Nous contacter",
]


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def test_every_footer_leads_to_the_legal_pages(client, legal_pages, section):
    article = ArticlePageFactory(parent=section, title="La digue tient", slug="digue")
    links = {
        a.get_text(strip=True): a["href"]
        for a in soup(client.get(article.url)).select(".site-footer nav a")
    }
    assert all(title in links for title in FOOTER), links
    pages = {title: soup(client.get(links[title])) for title in FOOTER}
    assert text_of(pages["Mentions légales"].h1) == "Mentions légales"
    mentions = text_of(pages["Mentions légales"].select_one(".legal-page"))
    updated = pages["Mentions légales"].select_one(".legal-page__updated").get_text()
    assert " ".join(updated.split()) == "Mise à jour le 1er décembre 2026"
    for words in ("Directrice de la publication", "Hébergeur", "capital de 150 000 €"):
        assert words in mentions
    privacy = text_of(pages["Politique de confidentialité"].select_one(".legal-page"))
    assert "CNIL" in privacy and "Délégué à la protection des données" in privacy
    assert "csrftoken" in text_of(pages["Cookies"].select_one(".legal-page"))
    assert pages["Nous contacter"].select_one("form.contact-form textarea[name=message]")
    # RGAA's statement: the footer says the status, the page says the rest.
    statement = pages["Accessibilité : non conforme"]
    assert text_of(statement.h1) == "Déclaration d'accessibilité"
    body = text_of(statement.select_one(".legal-page"))
    for words in ("non conforme", "RGAA", "Défenseur des droits", "accessibilite@"):
        assert words in body


def test_an_unpublished_or_hidden_page_leaves_the_footer(client, legal_pages):
    LegalPage.objects.get(slug="cookies").unpublish()
    contact = ContactPage.objects.get()
    contact.show_in_menus = False
    contact.save_revision().publish()
    titles = [a.get_text(strip=True) for a in soup(client.get("/")).select(".site-footer nav a")]
    assert "Mentions légales" in titles
    assert "Cookies" not in titles and "Nous contacter" not in titles


def _post(client, **changes):
    data = {
        "name": "Marie <b>L.</b>",
        "email": "marie@example.fr",
        "subject": "Erreur dans l'article sur la digue",
        "message": "Bonjour,\nla digue est à Granville, pas à <script>alert(1)</script> Avranches.",
        "website": "",
    }
    return client.post("/contact/", {**data, **changes})


def test_the_contact_form_mails_the_newsroom(client, legal_pages, smtp_server):
    response = _post(client)
    assert response.status_code == 302
    thanks = soup(client.get(response["Location"]))
    assert "votre message a bien été envoyé" in text_of(thanks.select_one(".contact-page__sent"))

    (message,) = smtp_server.wait_for(1)
    assert message["To"] == "redaction@phare.example"
    assert message["Reply-To"].addresses[0].addr_spec == "marie@example.fr"
    assert message["Reply-To"].addresses[0].display_name == "Marie <b>L.</b>"
    assert message["From"].addresses[0].display_name == "Le Phare normand"
    assert message["Subject"] == "[Contact] Erreur dans l'article sur la digue"
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "Marie &lt;b&gt;L.&lt;/b&gt;" in html
    text = smtp_server.text(message)
    assert "la digue est à Granville" in text and "formulaire de contact du Phare normand" in text


def test_a_wrong_address_is_said_in_french_and_keeps_what_was_typed(client, legal_pages):
    response = _post(client, email="marie@")
    assert response.status_code == 400
    page = soup(response)
    assert "Cette adresse e-mail n'est pas valide." in text_of(page.select_one(".field-error"))
    assert page.select_one("input[name=email]")["value"] == "marie@"
    assert page.select_one("input[name=subject]")["value"] == "Erreur dans l'article sur la digue"
    assert "la digue est à Granville" in page.select_one("textarea[name=message]").get_text()
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_the_contact_form_is_rate_limited(client, legal_pages, smtp_server, settings):
    settings.CONTACT_RATE_LIMIT = (2, 3600)
    assert [_post(client).status_code for _ in range(2)] == [302, 302]
    response = _post(client, message="Un troisième message, un de trop pour l'heure.")
    assert response.status_code == 429
    page = soup(response)
    assert "trop de messages en peu de temps" in text_of(page.select_one(".form-errors"))
    assert "un de trop" in page.select_one("textarea[name=message]").get_text()
    assert len(smtp_server.wait_for(2)) == 2


def test_a_bot_filling_the_trap_sends_nothing(client, legal_pages, mailoutbox):
    response = _post(client, website="http://spam.example")
    assert response.status_code == 302
    assert mailoutbox == []


def test_the_contact_page_is_never_kept_by_a_shared_cache(client, legal_pages):
    client.get("/contact/")  # the CSRF cookie is now set: no cookie in the next answer
    response = client.get("/contact/")
    assert "public" not in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
