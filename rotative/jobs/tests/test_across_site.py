"""L'emploi elsewhere on the site: under an article naming a commune, on the home page, in
the sitemaps, and the footer's link."""

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
import time_machine

from rotative.geo.tests.factories import commune
from rotative.jobs import blocks, services
from rotative.jobs.tests import factories
from rotative.news.selectors import article_communes
from rotative.news.tests.factories import ArticlePageFactory, body

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 6, 9, 10, 0, tzinfo=UTC)
SM = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def offers(boss):
    with time_machine.travel(NOW - timedelta(days=70), tick=False):
        expired = factories.offer(by=boss, title="Zqx ancien poste", commune="coutances")
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        made = {
            "coutances": factories.offer(
                by=boss,
                title="Agent de voirie H/F",
                commune="coutances",
                contract="cdd",
                contract_months=6,
            ),
            "carantilly": factories.offer(by=boss, title="Fromager H/F", commune="carantilly"),
            "pending": factories.offer(
                by=boss, title="Zqx poste en attente", commune="coutances", publish=False
            ),
            "filled": factories.offer(by=boss, title="Zqx poste pourvu", commune="coutances"),
            "expired": expired,
        }
        services.offer_close(by=boss, offer=made["filled"])
    return made


def get(client, url):
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_an_article_naming_coutances_shows_its_online_offers(client, section, offers):
    with time_machine.travel(NOW, tick=False):
        article = ArticlePageFactory(
            parent=section,
            title="La ville recrute pour l'été",
            chapo="À Coutances, les services techniques cherchent des renforts.",
        )
    html = get(client, article.url)
    block = html.split('class="jobs-article"', 1)[1].split("</aside>", 1)[0]
    assert "Offres d'emploi à Coutances" in block
    assert "Agent de voirie H/F" in block
    assert "Laiterie du Bocage" in block and "CDD 6 mois" in block
    assert offers["coutances"].get_absolute_url() in block
    assert "Fromager H/F" not in block  # Carantilly: not named
    assert "Zqx" not in html  # expired, pending, filled
    assert "/emploi/?commune=Coutances%20%2850200%29" in block
    # The link leads to the search of that commune, which finds the offer.
    assert "Agent de voirie H/F" in get(client, "/emploi/?commune=Coutances%20%2850200%29")


def test_an_article_naming_a_commune_without_offers_has_no_block(client, section, offers):
    commune("saint-pair")
    with time_machine.travel(NOW, tick=False):
        article = ArticlePageFactory(
            parent=section,
            title="Marée haute",
            body=body({"type": "paragraph", "value": "<p>Grand soleil à Saint-Pair-sur-Mer.</p>"}),
        )
    assert [c.name for c in article_communes(article)] == ["Saint-Pair-sur-Mer"]
    assert 'class="jobs-article"' not in get(client, article.url)


def test_the_home_page_shows_the_latest_offers(client, home, offers):
    html = get(client, "/")
    block = html.split('class="section-block jobs-home"', 1)[1].split("</section>", 1)[0]
    assert "Agent de voirie H/F" in block and "Fromager H/F" in block
    assert "Zqx" not in block


def test_the_footer_links_to_the_job_board(client, home):
    footer = get(client, "/").split('class="site-footer"', 1)[1]
    assert '<li><a href="/emploi/">L&#x27;emploi</a></li>' in footer


def test_the_sitemap_lists_online_offers_only(client, home, offers, settings):
    # `home`: an earlier test of the same worker may have flushed the site the migration made.
    index = ElementTree.fromstring(get(client, "/sitemap.xml"))
    maps = [loc.text for loc in index.findall("sm:sitemap/sm:loc", SM)]
    assert any(m.endswith("/sitemap-emploi.xml") for m in maps)
    listed = ElementTree.fromstring(get(client, "/sitemap-emploi.xml"))
    locations = [loc.text for loc in listed.findall("sm:url/sm:loc", SM)]
    assert settings.SITE_URL + offers["coutances"].get_absolute_url() in locations
    assert settings.SITE_URL + offers["carantilly"].get_absolute_url() in locations
    assert len(locations) == 2  # not the pending, filled or expired ones


def test_an_offer_leaves_the_sitemap_when_it_expires(client, offers):
    with time_machine.travel(NOW + timedelta(days=60), tick=False):
        text = client.get("/sitemap-emploi.xml").content.decode()
    assert "agent-de-voirie" not in text


def test_the_article_block_costs_one_query_then_none(offers, django_assert_num_queries):
    coutances = commune("coutances")
    with time_machine.travel(NOW, tick=False):
        with django_assert_num_queries(1):  # the offers with their commune and employer
            cold = blocks.article_block_html(article_id=1, communes=[coutances])
        with django_assert_num_queries(0):  # kept a minute
            assert blocks.article_block_html(article_id=1, communes=[coutances]) == cold
    assert "Agent de voirie H/F" in cold
