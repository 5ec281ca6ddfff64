"""A reader's morning newsletter in a real browser: sign up from an article, confirm from the
mail, receive the digest, unsubscribe in one click from it, and receive nothing more."""

import shutil
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from rotative.news.tests.factories import ArticlePageFactory
from rotative.newsletter import digest as digests
from rotative.newsletter.tests.factories import SubscriberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def test_sign_up_confirm_receive_the_digest_unsubscribe_and_receive_nothing_more(
    browser_pages, section, live_server, settings, smtp_server
):
    settings.SITE_URL = live_server.url
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    article = ArticlePageFactory(
        parent=section,
        title="La digue de Granville résiste à la tempête",
        slug="digue",
        published_at=digests.local_at(today, digests.SEND_AT) - timedelta(hours=2),
    )

    # A reader signs up with the call to action under the article.
    page = browser_pages()
    page.goto(live_server.url + article.url)
    cta = page.locator(".newsletter-cta--article")
    cta.get_by_label("Votre adresse e-mail").fill("lectrice@example.fr")
    cta.get_by_role("button", name="Je m'inscris").click()
    page.wait_for_url("**/newsletter/verifiez-votre-boite-mail/")
    assert "Vérifiez votre boîte mail" in page.locator("h1").inner_text()

    # The confirmation mail arrives; the reader follows its link and confirms.
    (confirmation,) = smtp_server.wait_for(1)
    assert confirmation["To"] == "lectrice@example.fr"
    page.goto(smtp_server.first_link("/newsletter/confirmer/", confirmation))
    page.get_by_role("button", name="Je confirme mon inscription").click()
    page.wait_for_url("**/newsletter/preferences/**")
    assert "C'est confirmé" in page.get_by_role("status").filter(has_text="confirmé").inner_text()

    # The morning newsletter goes out: the reader gets it, with the article in it.
    digests.digest_morning_send(day=today)
    digest_mail = smtp_server.wait_for(2)[1]
    assert digest_mail["To"] == "lectrice@example.fr"
    assert digest_mail["Subject"].startswith("La lettre du matin du")
    assert digest_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Read in a browser: « Lire l'article » leads to the story on the site.
    inbox = browser_pages()
    inbox.set_content(html_of(digest_mail))
    inbox.get_by_role("link", name="Lire l'article").click()
    inbox.wait_for_url(f"**{article.url}")
    assert "La digue de Granville résiste à la tempête" in inbox.locator("h1").inner_text()

    # « Se désinscrire » at the foot of the mail: one page, one click.
    inbox.set_content(html_of(digest_mail))
    inbox.get_by_role("link", name="Se désinscrire").click()
    inbox.wait_for_url("**/newsletter/desinscription/**")
    inbox.get_by_role("button", name="Me désinscrire de tout").click()
    assert "Vous êtes désinscrit(e)" in inbox.locator("h1").inner_text()

    # The next morning's newsletter reaches another subscriber, and not her.
    SubscriberFactory(email="voisin@example.fr")
    ArticlePageFactory(
        parent=section,
        title="Le marché de Coutances rouvre",
        published_at=digests.local_at(tomorrow, digests.SEND_AT) - timedelta(hours=1),
    )
    digests.digest_send(digest=digests.digest_compose(day=tomorrow))
    received = smtp_server.wait_for(4)  # his confirmation mail, then the digest
    assert received[3]["To"] == "voisin@example.fr"
    assert "Le marché de Coutances rouvre" in html_of(received[3])
    assert [m["To"] for m in smtp_server.messages].count("lectrice@example.fr") == 2
    assert len(smtp_server.messages) == 4
    connection.close()  # Playwright's greenlet has its own connection: give it back now
