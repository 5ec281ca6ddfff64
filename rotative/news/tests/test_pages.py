"""What a reader sees on the home, section, tag and article pages."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rotative.core import chrome
from rotative.news.models import ArticleCorrection
from rotative.news.tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    ImageFactory,
    SectionPageFactory,
    body,
)

PARIS = ZoneInfo("Europe/Paris")
# 20 for the article itself, 5 for its comments (settings, count, threads: count, page, replies).
ARTICLE_PAGE_MAX_QUERIES = 25
# The first home page of an edition computes the chrome too (the menu is no longer kept in
# the shared cache: the process holds it, core.chrome); the next ones cost 4 (test_query_counts).
HOME_PAGE_MAX_FIXED_QUERIES = 22


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def agency_story(section):
    return ArticlePageFactory(
        parent=section,
        title="Syrie : reprise des pourparlers à Genève",
        slug="syrie-reprise-des-pourparlers",
        chapo="Les délégations se retrouvent pour un nouveau cycle de discussions.",
        agency="AFP",
        dateline="Moscou",
        lead_image=ImageFactory(caption="La salle des négociations", credit="AFP"),
        tags=["Syrie", "Diplomatie"],
        body=body(
            {"type": "paragraph", "value": "<p>Les discussions ont repris lundi matin.</p>"},
            {"type": "intertitle", "value": "Un calendrier serré"},
            {
                "type": "quote",
                "value": {"text": "Rien n'est acquis.", "attribution": "Un diplomate"},
            },
        ),
        published_at=datetime(2016, 8, 15, 14, 5, tzinfo=PARIS),
    )


@pytest.mark.django_db
class TestArticlePage:
    def test_agency_story_shows_dateline_chapo_image_body_and_french_dates(
        self, client, agency_story
    ):
        page = soup(client.get(agency_story.url))
        title = page.select_one("h1.article__title")
        assert (
            title.get_text(" ", strip=True)
            == "Moscou (AFP). Syrie : reprise des pourparlers à Genève"
        )
        assert "nouveau cycle de discussions" in page.select_one(".article__chapo").text
        caption = page.select_one(".article__image figcaption").get_text(" ", strip=True)
        assert caption == "La salle des négociations - AFP"
        assert page.select_one(".article__image img")["src"].endswith(".webp")
        assert page.select_one(".article__body h2.intertitle").text == "Un calendrier serré"
        assert (
            page.select_one(".article__body blockquote").get_text(strip=True)
            == "Rien n'est acquis."
        )
        assert page.select_one(".article__byline").get_text(" ", strip=True) == "Par AFP"
        assert "lundi 15 août 2016 à 14h05" in page.select_one(".article__dates").text
        assert page.select_one(".article__section a").text == "Manche"
        assert [a.text for a in page.select(".article__tags a")] == ["Diplomatie", "Syrie"]

    def test_staff_story_names_its_authors_and_shows_update_time(self, client, section):
        article = ArticlePageFactory(
            parent=section,
            authors=[AuthorFactory(name="Claire Lemoine"), AuthorFactory(name="Yves Hamel")],
        )
        published = datetime(2026, 3, 1, 8, 0, tzinfo=PARIS)
        type(article).objects.filter(pk=article.pk).update(
            first_published_at=published,
            last_published_at=published + timedelta(hours=2, minutes=30),
        )
        page = soup(client.get(article.url))
        assert (
            page.select_one(".article__byline").get_text(" ", strip=True)
            == "Par Claire Lemoine , Yves Hamel"
        )
        dates = page.select_one(".article__dates").get_text(" ", strip=True)
        assert "Publié le dimanche 1er mars 2026 à 08h00" in dates
        assert "mis à jour le dimanche 1er mars 2026 à 10h30" in dates

    def test_correction_notice_is_dated_and_shown(self, client, section):
        article = ArticlePageFactory(parent=section)
        ArticleCorrection.objects.create(
            page=article,
            date=datetime(2026, 11, 2, 9, 15, tzinfo=PARIS),
            text="Une précédente version situait la scène à Coutances.",
        )
        page = soup(client.get(article.url))
        notice = page.select_one(".corrections").get_text(" ", strip=True)
        assert "Rectificatif du lundi 2 novembre 2026 à 09h15" in notice
        assert "situait la scène à Coutances" in notice

    def test_reader_text_is_escaped(self, client, section):
        article = ArticlePageFactory(parent=section, chapo="<script>alert(1)</script> & co")
        html = client.get(article.url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html

    def test_seo_metadata(self, client, agency_story, settings):
        page = soup(client.get(agency_story.url))
        canonical = page.select_one("link[rel=canonical]")["href"]
        assert canonical == settings.SITE_URL + "/manche/syrie-reprise-des-pourparlers/"
        assert page.select_one("meta[property='og:title']")["content"] == agency_story.title
        assert page.select_one("meta[property='og:url']")["content"] == canonical
        assert page.select_one("meta[property='og:image']")["content"].startswith(settings.SITE_URL)
        data = json.loads(page.select_one("script[type='application/ld+json']").string)
        assert data["@type"] == "NewsArticle"
        assert data["headline"] == agency_story.title
        assert data["articleSection"] == "Manche"
        assert data["author"] == {"@type": "Organization", "name": "AFP"}
        assert data["dateline"] == "Moscou (AFP)"
        assert data["datePublished"].startswith("2016-08-15T12:05:00")

    def test_json_ld_cannot_break_out_of_its_script(self, client, section):
        article = ArticlePageFactory(parent=section, title="Fin </script><script>alert(1)</script>")
        html = client.get(article.url).content.decode()
        assert "</script><script>alert(1)" not in html

    def test_query_count_does_not_grow_with_content(
        self, client, section, django_assert_max_num_queries
    ):
        def story(n):
            article = ArticlePageFactory(
                parent=section,
                lead_image=ImageFactory(),
                tags=[f"Sujet {i}" for i in range(n)],
                authors=[AuthorFactory() for _ in range(n)],
                body=body(
                    *[
                        {"type": "picture", "value": {"image": ImageFactory().pk, "caption": ""}}
                        for _ in range(n)
                    ],
                    *[{"type": "paragraph", "value": "<p>Texte.</p>"} for _ in range(n * 5)],
                ),
            )
            for _ in range(n):
                ArticleCorrection.objects.create(page=article, text="Rectification.")
            return article

        small, big = story(1), story(10)
        for article in (small, big):
            client.get(article.url)  # the first view creates the image renditions
        counts = []
        for article in (small, big):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(article.url).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1], counts
        with django_assert_max_num_queries(ARTICLE_PAGE_MAX_QUERIES):
            client.get(big.url)


@pytest.mark.django_db
class TestListings:
    def test_home_shows_lead_story_sections_and_latest(self, client, home, section):
        other = SectionPageFactory(parent=home, title="Sports", slug="sports")
        older = ArticlePageFactory(
            parent=section,
            title="Le marché de Coutances déménage",
            published_at=timezone.now() - timedelta(hours=5),
        )
        lead = ArticlePageFactory(
            parent=other,
            title="Le Stade Malherbe l'emporte",
            published_at=timezone.now() - timedelta(hours=1),
        )
        page = soup(client.get("/"))
        assert page.select_one(".la-une h2").get_text(strip=True) == "Le Stade Malherbe l'emporte"
        blocks = {
            b.select_one("h2").text: [t.get_text(strip=True) for t in b.select(".teaser__title")]
            for b in page.select(".section-block")
        }
        assert blocks == {"Manche": [older.title]}  # the lead story is not repeated
        home.lead_article = older
        home.save_revision().publish()
        page = soup(client.get("/"))
        assert page.select_one(".la-une h2").get_text(strip=True) == older.title
        assert lead.title in [
            t.get_text(strip=True) for t in page.select(".section-block .teaser__title")
        ]

    def test_section_page_is_paginated_newest_first(self, client, section):
        now = timezone.now()
        for n in range(25):
            ArticlePageFactory(
                parent=section, title=f"Dépêche {n:02d}", published_at=now - timedelta(hours=n)
            )
        first = soup(client.get(section.url))
        titles = [t.get_text(strip=True) for t in first.select(".teaser__title")]
        assert titles[:3] == ["Dépêche 00", "Dépêche 01", "Dépêche 02"] and len(titles) == 20
        assert "Page 1 sur 2" in first.select_one(".pagination").text
        second = soup(client.get(section.url + "?page=2"))
        assert [t.get_text(strip=True) for t in second.select(".teaser__title")][-1] == "Dépêche 24"
        assert client.get(section.url + "?page=9").status_code == 404

    def test_unpublished_and_future_stories_are_not_listed(self, client, section):
        ArticlePageFactory(parent=section, title="Brouillon secret", publish=False)
        assert "Brouillon secret" not in client.get(section.url).content.decode()

    def test_tag_page_lists_tagged_articles(self, client, section):
        ArticlePageFactory(parent=section, title="Fête du cidre à Bayeux", tags=["Fête"])
        ArticlePageFactory(parent=section, title="Conseil municipal", tags=["Politique"])
        page = soup(client.get("/sujets/fete/"))
        assert page.select_one("h1").text == "Fête"
        assert [t.get_text(strip=True) for t in page.select(".teaser__title")] == [
            "Fête du cidre à Bayeux"
        ]
        assert client.get("/sujets/inconnu/").status_code == 404

    def test_navigation_lists_sections_in_menu_order(self, client, home, section):
        SectionPageFactory(parent=home, title="Calvados", slug="calvados", nav_order=0)
        nav = [a.text for a in soup(client.get("/")).select(".site-nav a")]
        assert nav[:3] == ["La Une", "Calvados", "Manche"]


@pytest.mark.django_db
def test_no_dead_link_on_home_section_tag_and_article_pages(client, home, section):
    """Every internal link a reader can follow leads to a page (parts not built yet show none)."""
    article = ArticlePageFactory(
        parent=section, tags=["Granville"], lead_image=ImageFactory(), agency="AFP", dateline="Caen"
    )
    seen, queue = (
        set(),
        ["/", section.url, article.url, "/sujets/granville/", "/recherche/?q=granville"],
    )
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        # A link to a page for registered readers leads to the log-in page: not dead.
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        if "html" not in response["Content-Type"]:
            continue
        for link in BeautifulSoup(response.content.decode(), "html.parser").select("a[href]"):
            href = link["href"]
            if (
                href.startswith("/")
                and not href.startswith(("/admin/", "/media/"))
                and len(seen) < 60
            ):
                queue.append(href.split("#")[0])
    assert {"/rss.xml", article.url, section.url} <= seen


@pytest.mark.django_db
def test_home_costs_one_query_per_section_plus_a_fixed_number(client, home):
    def add_sections(start, stop):
        for n in range(start, stop):
            section = SectionPageFactory(parent=home, title=f"Rubrique {n}", slug=f"rubrique-{n}")
            for _ in range(5):
                ArticlePageFactory(parent=section, lead_image=ImageFactory())

    def home_queries():
        client.get("/")  # renditions are created on the first view
        # What the first reader after a publication costs; the next ones read what the
        # process holds (core.chrome).
        chrome.edition_bump()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    add_sections(0, 2)
    two = home_queries()
    add_sections(2, 7)
    assert home_queries() == two + 5  # the id query of each added section, nothing more
    assert two <= HOME_PAGE_MAX_FIXED_QUERIES + 2


def test_time_elements_carry_whole_seconds_in_paris_time(client, section):
    # The W3C validator and some readers refuse microseconds in <time datetime>.
    published = datetime(2026, 8, 15, 14, 5, 9, 123456, tzinfo=PARIS)
    article = ArticlePageFactory(parent=section, title="Marée d'équinoxe à Granville")
    ArticlePageFactory._meta.model.objects.filter(pk=article.pk).update(
        first_published_at=published, last_published_at=published
    )
    for page in (client.get(article.url), client.get(section.url)):
        stamps = [time["datetime"] for time in soup(page).select("time[datetime]")]
        assert "2026-08-15T14:05:09+02:00" in stamps
        assert not [stamp for stamp in stamps if "." in stamp]


@pytest.mark.parametrize(
    ("title", "description", "alt"),
    [
        # The title is the caption again: read once, in the caption.
        ("Le port de Granville au petit matin", "", ""),
        ("Granville, le port", "", "Granville, le port"),
        ("Port", "Chalutiers à quai sous un ciel bas", "Chalutiers à quai sous un ciel bas"),
    ],
)
def test_the_lead_image_s_alt_text_never_repeats_its_caption(
    client, section, settings, tmp_path, title, description, alt
):
    settings.MEDIA_ROOT = str(tmp_path)
    image = ImageFactory(title=title, description=description)
    article = ArticlePageFactory(parent=section, title="Le port à l'aube", lead_image=image)
    figure = soup(client.get(article.url)).select_one(".article__image")
    assert figure.img["alt"] == alt
    assert figure.figcaption.get_text(" ", strip=True).startswith(
        "Le port de Granville au petit matin"
    )
