"""The paper's name, as readers see it: one identity edited in the admin (core.identity)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.models import Site

from rotative.core.identity import article_guess, name_of, name_to, site_identity
from rotative.core.models import SiteIdentity
from rotative.news.tests.factories import ArticlePageFactory

PARIS = ZoneInfo("Europe/Paris")
MORNING = datetime(2026, 12, 7, 9, 0, tzinfo=PARIS)


@pytest.mark.parametrize(
    "name, article, of, to",
    [
        ("Le Phare normand", "le", "du Phare normand", "au Phare normand"),
        ("La Voix du Bocage", "la", "de la Voix du Bocage", "à la Voix du Bocage"),
        ("Les Nouvelles de Falaise", "les", "des Nouvelles de Falaise", "aux Nouvelles de Falaise"),
        ("L'Écho de la Manche", "l'", "de l'Écho de la Manche", "à l'Écho de la Manche"),
        ("L’Écho", "l'", "de l'Écho", "à l'Écho"),
        ("Ouest-Info", "", "d'Ouest-Info", "à Ouest-Info"),
        ("Écho du Cotentin", "", "d'Écho du Cotentin", "à Écho du Cotentin"),
        ("Tendance Ouest", "", "de Tendance Ouest", "à Tendance Ouest"),
        ("Hebdo Granville", "", "de Hebdo Granville", "à Hebdo Granville"),  # never d'H…
        ("Lemonde Local", "le", "de Lemonde Local", "à Lemonde Local"),  # « Le » must be a word
    ],
)
def test_the_paper_name_takes_its_article(name, article, of, to):
    assert name_of(name, article) == of
    assert name_to(name, article) == to


def test_the_article_is_guessed_and_checked_against_the_name():
    assert [article_guess(n) for n in ("Le Phare", "La Voix", "Les Échos", "L'Écho", "Lyon")] == [
        "le",
        "la",
        "les",
        "l'",
        "",
    ]
    with pytest.raises(ValidationError) as error:
        SiteIdentity(name="Phare normand", article="le").clean()
    assert "ne commence pas par l'article « le »" in str(error.value)


@pytest.fixture
def paper(home):
    site = Site.objects.get(is_default_site=True)
    identity = SiteIdentity.for_site(site)
    identity.name, identity.article = "Le Phare normand", "le"
    identity.newsroom_email = "redaction@phare.example"
    identity.save()
    return identity


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="La digue de Granville résiste", slug="digue")


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_the_article_page_says_the_papers_name(client, paper, article):
    page = soup(client.get(article.url))
    assert page.title.get_text() == "La digue de Granville résiste | Le Phare normand"
    assert page.select_one(".site-header .brand").get_text() == "Le Phare normand"
    consent = page.select_one("article ~ .newsletter-cta .newsletter-cta__wording").get_text()
    assert "les alertes info du Phare normand." in " ".join(consent.split())
    assert "Rotative" not in page.decode()


def test_the_rss_feed_describes_the_papers_news(client, paper, article):
    feed = BeautifulSoup(client.get("/rss.xml").content, "xml")
    assert feed.channel.title.get_text() == "Le Phare normand"
    assert feed.channel.description.get_text() == "L'actualité du Phare normand"


def test_a_mail_comes_from_the_paper_and_is_signed_by_it(
    client, paper, article, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/newsletter/", {"email": "lectrice@example.fr", "source": article.url})
    (message,) = smtp_server.wait_for(1)
    assert message["From"].addresses[0].display_name == "Le Phare normand"
    assert message["From"].addresses[0].addr_spec == "ne-pas-repondre@localhost"
    text = smtp_server.text(message)
    assert "les lettres et alertes du Phare normand" in text
    assert text.rstrip().endswith("Le Phare normand")
    assert "Rotative" not in message.as_string()


def _morning_letter(section):
    from rotative.newsletter import digest as digests

    ArticlePageFactory(
        parent=section, title="Crues : la Sienne déborde", published_at=MORNING - timedelta(hours=3)
    )
    return digests.digest_render(digest=digests.digest_compose(day=date(2026, 12, 7)))


def test_the_morning_letter_masthead_is_the_papers_name(paper, section):
    with time_machine.travel(MORNING, tick=False):
        html, text = _morning_letter(section)
    masthead = BeautifulSoup(html, "html.parser").find("a", string="Le Phare normand")
    assert masthead is not None
    assert text.startswith("LE PHARE NORMAND · La lettre du matin")
    assert "à la lettre du matin du Phare normand" in text
    assert "Rotative" not in html + text


def test_renaming_the_paper_in_the_admin_renames_it_everywhere(
    client, admin_client, paper, article, section, smtp_server, django_capture_on_commit_callbacks
):
    assert "Le Phare normand" in client.get(article.url).content.decode()  # now cached
    site = Site.objects.get(is_default_site=True)
    response = admin_client.post(
        f"/admin/settings/core/siteidentity/{site.pk}/",
        {
            "name": "La Voix du Bocage",
            "article": "la",
            "sender_name": "",
            "newsroom_email": "redaction@voix.example",
            "tagline": "",
            "publisher_name": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    page = soup(client.get(article.url))
    assert page.title.get_text().endswith("| La Voix du Bocage")
    assert page.select_one(".site-header .brand").get_text() == "La Voix du Bocage"
    assert "alertes info de la Voix du Bocage." in " ".join(page.get_text().split())
    feed = BeautifulSoup(client.get("/rss.xml").content, "xml")
    assert feed.channel.description.get_text() == "L'actualité de la Voix du Bocage"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/newsletter/", {"email": "lecteur@example.fr", "source": article.url})
    (message,) = smtp_server.wait_for(1)
    assert message["From"].addresses[0].display_name == "La Voix du Bocage"
    assert smtp_server.text(message).rstrip().endswith("La Voix du Bocage")
    with time_machine.travel(MORNING, tick=False):
        html, text = _morning_letter(section)
    assert text.startswith("LA VOIX DU BOCAGE ·") and "La Voix du Bocage" in html


def test_an_article_that_does_not_match_the_name_is_refused_in_the_admin(admin_client, paper):
    site = Site.objects.get(is_default_site=True)
    response = admin_client.post(
        f"/admin/settings/core/siteidentity/{site.pk}/",
        {"name": "Phare normand", "article": "la", "publisher_name": ""},
    )
    assert response.status_code == 200
    assert "ne commence pas par l&#x27;article « la »" in response.content.decode()
    assert site_identity().name == "Le Phare normand"


def test_no_reader_page_says_rotative(client, paper, article, section):
    """The software's name never reaches a reader: pages, feed, errors, service worker."""
    paths = [
        "/",
        article.url,
        section.url,
        "/rss.xml",
        "/newsletter/",
        "/recherche/?q=digue",
        "/page-qui-n-existe-pas/",
        "/sw.js",
        "/manifest.webmanifest",
        "/application/",
        "/hors-ligne/",
    ]
    for path in paths:
        body = client.get(path).content.decode()
        assert "Le Phare normand" in body or path == "/recherche/?q=digue", path
        assert "Rotative" not in body, path


def test_the_authenticator_app_lists_the_code_under_the_papers_name(paper):
    from rotative.accounts.mfa import MFAAdapter

    assert MFAAdapter().get_totp_issuer() == "Le Phare normand"


def test_the_browser_tab_names_the_paper_once(client, paper):
    home_title = soup(client.get("/")).title.get_text()
    assert home_title == "Le Phare normand — l'actualité de votre région"
