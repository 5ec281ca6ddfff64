"""What search engines and social networks read: JSON-LD, OpenGraph, meta descriptions, the
author pages bylines link to, and one name for the paper wherever a robot reads it."""

import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.conf import settings
from PIL import Image as PILImage
from wagtail.models import Site

from rotative.core.models import SiteIdentity
from rotative.core.seo import description_trim
from rotative.news.seo import JSONLD_RENDITIONS
from rotative.news.tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    ImageFactory,
    jpeg_bytes,
)

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)
CHAPO = (
    "Fermée depuis la tempête de novembre, la digue de Granville rouvre aux promeneurs ce "
    "samedi après trois semaines de travaux menés par le département, qui promet un nouvel "
    "éclairage pour l'été prochain."
)


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def jsonld(page):
    return [json.loads(tag.string) for tag in page.select("script[type='application/ld+json']")]


def meta(page, key):
    tag = page.select_one(f"meta[property='{key}']") or page.select_one(f"meta[name='{key}']")
    return tag["content"] if tag else None


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def paper(db):
    return SiteIdentity.objects.create(
        site=Site.objects.get(is_default_site=True),
        name="Le Phare normand",
        article="le",
        publisher_name="Éditions du Phare normand SAS",
        tagline="L'actualité de la Manche, du Cotentin au Mont-Saint-Michel",
    )


def big_image(**kwargs):
    from django.core.files.images import ImageFile

    return ImageFactory(
        file=ImageFile(io.BytesIO(jpeg_bytes(2400, 1600)), name="digue.jpg"), **kwargs
    )


@pytest.fixture
def story(section, paper):
    return ArticlePageFactory(
        parent=section,
        title="La digue de Granville rouvre",
        slug="digue",
        chapo=CHAPO,
        tags=["Granville"],
        authors=[AuthorFactory(name="Anne Leroux", role="Journaliste à Granville")],
        lead_image=big_image(
            title="digue",
            description="La digue de Granville sous un ciel clair",
            caption="Les premiers promeneurs samedi",
        ),
        published_at=NOW,
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen")
class TestArticle:
    def test_the_meta_description_is_the_chapo_cut_on_a_word(self, client, story):
        page = soup(client.get(story.url))
        description = page.select_one("meta[name=description]")["content"]
        assert description == description_trim(CHAPO)
        assert len(description) <= 160 and description.endswith("…")
        assert CHAPO.startswith(description[:-1])
        assert CHAPO[len(description) - 1] == " "  # cut between two words
        assert meta(page, "og:description") == description
        assert "Cotentin" not in description  # not the paper's tagline

    def test_author_publisher_and_images_as_google_reads_them(self, client, story):
        page = soup(client.get(story.url))
        [data] = jsonld(page)
        assert data["@type"] == "NewsArticle"
        [author] = data["author"]
        assert author["name"] == "Anne Leroux"
        assert author["url"] == settings.SITE_URL + "/auteurs/anne-leroux/"

        publisher = data["publisher"]
        assert publisher["@type"] == "NewsMediaOrganization"
        assert publisher["name"] == "Le Phare normand"
        assert publisher["legalName"] == "Éditions du Phare normand SAS"
        logo = publisher["logo"]
        assert logo["@type"] == "ImageObject"
        response = client.get(logo["url"].removeprefix(settings.SITE_URL))
        assert response["Content-Type"] == "image/png"
        png = PILImage.open(io.BytesIO(response.content))
        assert png.size == (logo["width"], logo["height"])
        assert png.width <= 600 and png.height <= 60

        # 16:9, 4:3 and 1:1, 1200 px wide from a 2400 px original.
        image = story.lead_image
        expected = [image.get_rendition(spec) for spec in JSONLD_RENDITIONS]
        assert data["image"] == [settings.SITE_URL + r.url for r in expected]
        assert [(r.width, r.height) for r in expected] == [(1200, 675), (1200, 900), (1200, 1200)]

    def test_opengraph_image_with_its_size_and_alt(self, client, story):
        page = soup(client.get(story.url))
        assert meta(page, "og:image").startswith(settings.SITE_URL + "/")
        assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1200", "630")
        assert meta(page, "og:image:alt") == "La digue de Granville sous un ciel clair"
        assert meta(page, "twitter:card") == "summary_large_image"

    def test_a_small_original_gives_its_real_size(self, client, section, paper):
        article = ArticlePageFactory(parent=section, lead_image=ImageFactory())  # 800×450: 800×420
        page = soup(client.get(article.url))
        assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("800", "420")

    def test_agency_copy_with_a_picture_carries_it(self, client, section, paper):
        dispatch = ArticlePageFactory(
            parent=section,
            title="Cherbourg : la houle attendue jusqu'à huit mètres",
            chapo="Météo-France place la Manche en vigilance orange vagues-submersion.",
            agency="AFP",
            dateline="Cherbourg",
            lead_image=ImageFactory(title="La digue de Cherbourg", credit="AFP"),
        )
        page = soup(client.get(dispatch.url))
        [data] = jsonld(page)
        assert data["author"] == {"@type": "Organization", "name": "AFP"}
        assert len(data["image"]) == 3
        assert all(url.startswith(settings.SITE_URL + "/") for url in data["image"])
        assert meta(page, "og:image").startswith(settings.SITE_URL + "/")
        assert meta(page, "og:image:alt") == "La digue de Cherbourg"

    def test_one_name_for_the_paper_in_jsonld_opengraph_and_the_news_sitemap(self, client, story):
        page = soup(client.get(story.url))
        [data] = jsonld(page)
        sitemap = BeautifulSoup(client.get("/sitemap-news.xml").content, "xml")
        names = {
            data["publisher"]["name"],
            meta(page, "og:site_name"),
            *(tag.string for tag in sitemap.find_all("news:name")),
        }
        assert names == {"Le Phare normand"}


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen")
class TestAuthorPage:
    def test_lists_the_authors_live_articles_linked_from_the_byline(self, client, story, section):
        anne = story.authors.get()
        ArticlePageFactory(parent=section, title="Brouillon d'Anne", authors=[anne], publish=False)
        ArticlePageFactory(parent=section, title="Un article d'un autre")
        article = soup(client.get(story.url))
        link = article.select_one(".article__byline a.author")
        assert link.get_text() == "Anne Leroux" and link["href"] == "/auteurs/anne-leroux/"

        page = soup(client.get(link["href"]))
        assert page.h1.get_text() == "Anne Leroux"
        assert "Journaliste à Granville" in page.select_one(".listing-header").get_text()
        assert page.title.get_text() == "Anne Leroux | Le Phare normand"
        titles = [a.get_text(strip=True) for a in page.select(".teaser-list h3 a")]
        assert titles == ["La digue de Granville rouvre"]
        [data] = jsonld(page)
        assert data["@type"] == "ProfilePage"
        assert data["mainEntity"]["name"] == "Anne Leroux"
        assert data["mainEntity"]["url"] == settings.SITE_URL + "/auteurs/anne-leroux/"

    def test_paginated_newest_first(self, client, section, paper):
        author = AuthorFactory(name="Paul Hébert")
        for n in range(21):
            ArticlePageFactory(
                parent=section,
                title=f"Article {n:02d}",
                authors=[author],
                published_at=datetime(2026, 11, 1 + n, 8, 0, tzinfo=PARIS),
            )
        first = soup(client.get("/auteurs/paul-hebert/"))
        assert len(first.select(".teaser-list .teaser")) == 20
        assert first.select_one(".teaser-list h3 a").get_text(strip=True) == "Article 20"
        second = soup(client.get("/auteurs/paul-hebert/?page=2"))
        assert [a.get_text(strip=True) for a in second.select(".teaser-list h3 a")] == [
            "Article 00"
        ]
        assert client.get("/auteurs/paul-hebert/?page=3").status_code == 404

    def test_no_page_without_a_live_public_article(self, client, section, paper):
        from wagtail.models import PageViewRestriction

        nobody = AuthorFactory(name="Sans Article")
        drafter = AuthorFactory(name="Que Des Brouillons")
        ArticlePageFactory(parent=section, authors=[drafter], publish=False)
        secret = AuthorFactory(name="Rien Que Du Prive")
        private = ArticlePageFactory(parent=section, authors=[secret])
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        for author in (nobody, drafter, secret):
            assert client.get(f"/auteurs/{author.slug}/").status_code == 404
        assert client.get("/auteurs/personne/").status_code == 404


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen")
class TestHomeAndListings:
    def test_home_has_website_search_and_organisation(self, client, story, home):
        page = soup(client.get("/"))
        [(website, organisation)] = jsonld(page)
        assert website["@type"] == "WebSite"
        assert website["name"] == "Le Phare normand"
        action = website["potentialAction"]
        assert action["@type"] == "SearchAction"
        assert (
            action["target"]["urlTemplate"]
            == settings.SITE_URL + "/recherche/?q={search_term_string}"
        )
        assert action["query-input"] == "required name=search_term_string"
        assert organisation["@type"] == "NewsMediaOrganization"
        assert organisation["name"] == "Le Phare normand"
        assert organisation["url"] == settings.SITE_URL + "/"
        assert organisation["logo"]["url"].startswith(settings.SITE_URL + "/")
        tagline = "L'actualité de la Manche, du Cotentin au Mont-Saint-Michel"
        assert page.select_one("meta[name=description]")["content"] == tagline
        assert meta(page, "og:description") == tagline
        # The lead story's picture.
        assert (
            meta(page, "og:image")
            == settings.SITE_URL + story.lead_image.get_rendition("fill-1200x630").url
        )

    def test_home_without_a_picture_shows_the_logo(self, client, home, paper):
        page = soup(client.get("/"))
        assert meta(page, "og:image") == settings.SITE_URL + "/logo-editeur.png"

    def test_section_description_is_its_meta_description(self, client, home, paper):
        from rotative.news.tests.factories import SectionPageFactory

        cotentin = SectionPageFactory(
            parent=home, title="Cotentin", description="Cherbourg, la Hague et le Val de Saire."
        )
        page = soup(client.get(cotentin.url))
        assert page.select_one("meta[name=description]")["content"] == (
            "Cherbourg, la Hague et le Val de Saire."
        )
        assert meta(page, "og:description") == "Cherbourg, la Hague et le Val de Saire."

    def test_tag_page_describes_its_topic(self, client, story):
        page = soup(client.get("/sujets/granville/"))
        assert "« Granville »" in page.select_one("meta[name=description]")["content"]


def test_description_trim():
    assert description_trim("  Court\n texte ") == "Court texte"
    text = "mot " * 60
    trimmed = description_trim(text)
    assert len(trimmed) <= 160 and trimmed.endswith("mot…")
