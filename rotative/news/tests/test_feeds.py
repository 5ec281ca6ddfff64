"""RSS, sitemaps and robots.txt that search engines and feed readers consume."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from rotative.news.tests.factories import ArticlePageFactory, SectionPageFactory

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, ElementTree.fromstring(response.content)


@pytest.mark.django_db
class TestFeeds:
    def test_site_feed_lists_latest_articles_with_agency_dateline(self, client, section, settings):
        ArticlePageFactory(parent=section, title="Grève à la SNCF", agency="AFP", dateline="Paris")
        ArticlePageFactory(parent=section, title="Marché de Noël à Bayeux")
        response, rss = xml(client, "/rss.xml")
        assert response["Content-Type"].startswith("application/rss+xml")
        titles = [item.findtext("title") for item in rss.iter("item")]
        assert titles == ["Marché de Noël à Bayeux", "Paris (AFP). Grève à la SNCF"]
        links = [item.findtext("link") for item in rss.iter("item")]
        assert all(link.startswith(settings.SITE_URL + "/manche/") for link in links)
        assert rss.find("channel/language").text == "fr"

    def test_section_feed_only_has_its_section(self, client, home, section):
        sports = SectionPageFactory(parent=home, title="Sports", slug="sports")
        ArticlePageFactory(parent=section, title="Dans la Manche")
        ArticlePageFactory(parent=sports, title="Victoire du SM Caen")
        _, rss = xml(client, "/rss/sports.xml")
        assert [i.findtext("title") for i in rss.iter("item")] == ["Victoire du SM Caen"]
        assert client.get("/rss/inconnue.xml").status_code == 404

    def test_sitemap_index_and_pages(self, client, section, settings):
        article = ArticlePageFactory(parent=section)
        _, index = xml(client, "/sitemap.xml")
        page_maps = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
        assert page_maps and page_maps[0].endswith("/sitemap-pages.xml")
        _, pages = xml(client, "/sitemap-pages.xml")
        locations = [loc.text for loc in pages.findall("sm:url/sm:loc", NS)]
        assert any(loc.endswith(article.url) for loc in locations)

    def test_google_news_sitemap_has_only_the_last_48_hours(self, client, section, settings):
        fresh = ArticlePageFactory(parent=section, title="Ouverture du salon de l'agriculture")
        ArticlePageFactory(
            parent=section,
            title="Vieille nouvelle",
            published_at=timezone.now() - timedelta(hours=49),
        )
        _, news = xml(client, "/sitemap-news.xml")
        urls = news.findall("sm:url", NS)
        assert [u.findtext("news:news/news:title", namespaces=NS) for u in urls] == [fresh.title]
        assert urls[0].findtext("sm:loc", namespaces=NS) == settings.SITE_URL + fresh.url
        assert urls[0].findtext("news:news/news:publication/news:language", namespaces=NS) == "fr"

    def test_robots_txt_points_to_sitemaps(self, client, db, settings):
        text = client.get("/robots.txt").content.decode()
        assert "Disallow: /admin/" in text
        assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in text
        assert f"Sitemap: {settings.SITE_URL}/sitemap-news.xml" in text
