"""RSS, sitemaps and robots.txt that search engines and feed readers consume."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from rotative.news.tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    ImageFactory,
    SectionPageFactory,
)

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "dc": "http://purl.org/dc/elements/1.1/",
    "media": "http://search.yahoo.com/mrss/",
}

FEED_QUERIES = 6


def assert_valid_rss(rss):
    """RSS 2.0's rules, checked by hand (feedparser is not installed): a channel with its
    title, link and description; items with a title or a description; unique guids; dates
    in RFC 822; namespaced elements only from declared namespaces (ElementTree refuses an
    undeclared prefix when parsing)."""
    from email.utils import parsedate_to_datetime

    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required), required
    guids = [item.findtext("guid") for item in channel.iter("item")]
    assert len(guids) == len(set(guids))
    for item in channel.iter("item"):
        assert item.findtext("title") or item.findtext("description")
        parsedate_to_datetime(item.findtext("pubDate"))
        assert item.findtext("link").startswith("http")
        for enclosure in item.findall("enclosure"):
            assert enclosure.get("url") and enclosure.get("type")
            assert int(enclosure.get("length")) > 0


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
        _, rss = xml(client, "/sports/rss.xml")
        assert_valid_rss(rss)
        assert [i.findtext("title") for i in rss.iter("item")] == ["Victoire du SM Caen"]
        assert rss.findtext("channel/link").endswith("/sports/")
        assert client.get("/inconnue/rss.xml").status_code == 404

    def test_items_carry_picture_authors_and_section(self, client, section, settings):
        image = ImageFactory(caption="Le port de Granville", credit="Photo Jeanne Marie")
        ArticlePageFactory(
            parent=section,
            title="Le port s'agrandit",
            lead_image=image,
            authors=[AuthorFactory(name="Anne Leroy"), AuthorFactory(name="Paul Hébert")],
        )
        ArticlePageFactory(parent=section, title="Grève", agency="AFP", dateline="Paris")
        _, rss = xml(client, "/rss.xml")
        assert_valid_rss(rss)
        strike, port = rss.iter("item")  # newest first
        assert [c.text for c in port.findall("dc:creator", NS)] == ["Anne Leroy", "Paul Hébert"]
        assert [c.text for c in strike.findall("dc:creator", NS)] == ["AFP"]
        assert port.findtext("category") == strike.findtext("category") == "Manche"
        media = port.find("media:content", NS)
        assert media.get("url").startswith(settings.SITE_URL + "/")
        assert media.get("type") == "image/jpeg" and media.get("medium") == "image"
        assert (int(media.get("width")), int(media.get("height"))) > (0, 0)
        assert media.findtext("media:description", namespaces=NS) == "Le port de Granville"
        assert media.findtext("media:credit", namespaces=NS) == "Photo Jeanne Marie"
        # The picture really is there, at the size announced.
        picture = client.get(media.get("url").removeprefix(settings.SITE_URL))
        assert picture.status_code == 200
        assert strike.find("media:content", NS) is None

    def test_feed_queries_do_not_grow_with_items(self, client, section, django_assert_num_queries):
        for _ in range(3):
            ArticlePageFactory(parent=section, lead_image=ImageFactory(), authors=[AuthorFactory()])
        client.get("/rss.xml")  # renditions made once
        # Articles, pictures, renditions, authors, sections, and the site and its identity.
        with django_assert_num_queries(FEED_QUERIES):
            client.get("/rss.xml")
        for _ in range(5):
            ArticlePageFactory(parent=section, lead_image=ImageFactory(), authors=[AuthorFactory()])
        client.get("/rss.xml")
        with django_assert_num_queries(FEED_QUERIES):
            client.get("/rss.xml")

    def test_old_section_feed_address_redirects_for_good(self, client, section):
        response = client.get("/rss/manche.xml")
        assert response.status_code == 301
        assert response["Location"] == "/manche/rss.xml"
        assert client.get("/rss/inconnue.xml").status_code == 404

    def test_only_live_public_sections_have_a_feed(self, client, home, section):
        SectionPageFactory(
            parent=home, title="Brouillon", slug="brouillon", live=False, publish=False
        )
        assert client.get("/brouillon/rss.xml").status_code == 404
        # An address under a section that is no feed is left to Wagtail: 404.
        assert client.get("/manche/rss/").status_code == 404

    def test_section_page_points_to_its_feed(self, client, section):
        html = client.get("/manche/").content.decode()
        assert 'type="application/rss+xml" title="Manche" href="/manche/rss.xml"' in html

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
