"""What surrounds every page is held by each process (core.chrome), yet every page is the
same as a page built from scratch, and fresh: a change shows on the next page, whichever
process made it; a reader never gets another's header."""

import re
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.cache import cache
from wagtail.models import Page, Site

from rotative.accounts.tests.factories import ReaderFactory
from rotative.core import chrome
from rotative.news.models import ArticleCorrection, ArticlePage, SectionPage
from rotative.news.tests.factories import ArticlePageFactory, SectionPageFactory

MORNING = datetime(2026, 12, 6, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


def menu(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200, url
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return [link.get_text(strip=True) for link in page.select(".site-nav a")]


def banner(client) -> str:
    page = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    found = page.select_one(".breaking")
    return found.get_text(" ", strip=True) if found else ""


def another_process_changed_something():
    """What a change made on another server leaves here: only a new edition in the shared
    cache (its own memory is not this process's)."""
    cache.set(chrome.EDITION_KEY, "edition-from-another-process", None)


def without_nonces(html: str) -> str:
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


class TestTheSamePage:
    def test_an_article_page_is_byte_for_byte_the_page_built_from_scratch(
        self, client, section, clock, monkeypatch
    ):
        ArticlePageFactory(parent=section, title="Le port de Granville rouvert", is_breaking=True)
        article = ArticlePageFactory(parent=section, title="La foire de Lessay")
        client.get(article.url)  # the chrome is now held
        held = client.get(article.url).content.decode()
        monkeypatch.setattr(chrome, "current_edition", lambda: None)  # nothing held
        built = client.get(article.url).content.decode()
        assert "Le port de Granville rouvert" in held  # the banner, among what is held
        assert without_nonces(held) == without_nonces(built)

    def test_the_home_page_is_byte_for_byte_the_page_built_from_scratch(
        self, client, section, clock, monkeypatch
    ):
        for number in range(3):
            ArticlePageFactory(parent=section, title=f"Le conseil municipal, épisode {number}")
        client.get("/")
        held = client.get("/").content.decode()
        monkeypatch.setattr(chrome, "current_edition", lambda: None)
        built = client.get("/").content.decode()
        assert "Le conseil municipal, épisode 2" in held
        assert without_nonces(held) == without_nonces(built)


class TestFreshness:
    def test_an_article_published_is_on_the_home_page_at_once(self, client, section):
        ArticlePageFactory(parent=section, title="La criée de Granville")
        assert "La criée de Granville" in client.get("/").content.decode()
        ArticlePageFactory(parent=section, title="Le nouveau pont de Saint-Lô")
        assert "Le nouveau pont de Saint-Lô" in client.get("/").content.decode()

    def test_an_article_unpublished_leaves_the_home_page_at_once(self, client, section):
        article = ArticlePageFactory(parent=section, title="Une information retirée")
        assert "Une information retirée" in client.get("/").content.decode()
        ArticlePage.objects.get(pk=article.pk).unpublish()
        assert "Une information retirée" not in client.get("/").content.decode()

    def test_a_section_published_shows_in_the_menu_of_the_next_page(self, client, home, section):
        assert "Sports" not in menu(client)
        SectionPageFactory(parent=home, title="Sports", slug="sports")
        assert "Sports" in menu(client)

    def test_a_change_made_by_another_process_shows_on_the_next_page(self, client, section):
        assert "Manche" in menu(client)
        # The editor renamed the section on another server: this one only sees the edition.
        Page.objects.filter(pk=section.pk).update(title="Manche et Cotentin")
        assert "Manche et Cotentin" not in menu(client), "held until the edition changes"
        another_process_changed_something()
        assert "Manche et Cotentin" in menu(client)

    def test_nothing_is_held_longer_than_a_few_seconds(self, client, section, clock):
        assert "Manche" in menu(client)
        Page.objects.filter(pk=section.pk).update(title="Cotentin")
        clock.shift(timedelta(seconds=chrome.MEMO_SECONDS + 1))
        assert "Cotentin" in menu(client)

    def test_a_piece_gone_stale_is_computed_by_one_reader_while_the_others_are_served(self, clock):
        chrome.request_started()
        try:
            assert chrome.memo("piece", lambda: "ancien") == "ancien"
            clock.shift(timedelta(seconds=chrome.MEMO_SECONDS + 1))
            computing, done, computed = threading.Event(), threading.Event(), []

            def slow():
                computed.append("first")
                computing.set()
                done.wait(5)
                return "nouveau"

            answers = {}

            def first_reader():
                chrome.request_started()
                answers["first"] = chrome.memo("piece", slow)

            reader = threading.Thread(target=first_reader)
            reader.start()
            assert computing.wait(5)
            # Meanwhile, a second reader is served what is held, without computing it too.
            answers["second"] = chrome.memo("piece", lambda: computed.append("second") or "x")
            done.set()
            reader.join(5)
            assert answers == {"first": "nouveau", "second": "ancien"}
            assert computed == ["first"]
            assert chrome.memo("piece", lambda: "encore") == "nouveau"
            # A new edition is never served from the old one, stale or not.
            another_process_changed_something()
            chrome.request_started()
            assert chrome.memo("piece", lambda: "publié") == "publié"
        finally:
            chrome.request_finished()

    def test_a_published_correction_shows_at_once(self, client, section):
        article = ArticlePageFactory(parent=section)
        assert client.get(article.url).status_code == 200
        article = ArticlePage.objects.get(pk=article.pk)
        article.corrections.add(
            ArticleCorrection(date=MORNING, text="Le pont rouvre lundi, et non mardi.")
        )
        article.save_revision().publish()
        page = BeautifulSoup(client.get(article.url).content.decode(), "html.parser")
        assert "Le pont rouvre lundi, et non mardi." in page.select_one(".corrections").text

    def test_an_alert_that_ends_leaves_the_banner_within_seconds(self, client, section, clock):
        ArticlePageFactory(
            parent=section,
            title="Tempête sur la Manche",
            is_breaking=True,
            breaking_until=MORNING + timedelta(minutes=30),
        )
        assert "Tempête sur la Manche" in banner(client)
        clock.shift(timedelta(minutes=30, seconds=chrome.MEMO_SECONDS + 1))
        assert banner(client) == ""


class TestPrivacy:
    def test_a_section_made_private_asks_for_a_login_at_once(self, client, section):
        from wagtail.models import PageViewRestriction

        article = ArticlePageFactory(parent=section, title="Le budget de la commune")
        assert client.get(article.url).status_code == 200  # « no restriction » is now held
        PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
        response = client.get(article.url)
        assert response.status_code == 302
        assert "Le budget de la commune" not in response.content.decode()


class TestEveryReaderTheirOwnHeader:
    def test_a_logged_in_reader_never_gets_another_readers_header(self, client, section):
        marie = ReaderFactory(email="marie@example.fr", display_name="Marie L.")
        paul = ReaderFactory(email="paul@example.fr", display_name="Paul D.")
        article = ArticlePageFactory(parent=section)
        pages = {}
        for reader in (marie, paul, None):
            client.logout()
            if reader is not None:
                client.force_login(reader)
            pages[reader] = client.get(article.url).content.decode()
        assert "Marie L." in pages[marie] and "Paul D." not in pages[marie]
        assert "Paul D." in pages[paul] and "Marie L." not in pages[paul]
        assert "Marie L." not in pages[None] and "Paul D." not in pages[None]
        assert "Se connecter" in pages[None]


class TestRouting:
    def test_an_article_is_found_without_walking_the_tree(
        self, client, section, django_assert_max_num_queries
    ):
        article = ArticlePageFactory(parent=section, title="Le marché de Coutances")
        client.get(article.url)
        with django_assert_max_num_queries(ARTICLE_QUERIES):
            response = client.get(article.url)
        assert "Le marché de Coutances" in response.content.decode()

    def test_a_draft_or_an_unknown_address_is_not_found(self, client, section):
        draft = ArticlePageFactory(parent=section, live=False, publish=False, slug="brouillon")
        assert client.get(f"{section.url}{draft.slug}/").status_code == 404
        assert client.get(f"{section.url}personne/").status_code == 404
        assert client.get("/nulle-part/personne/").status_code == 404

    def test_a_moved_article_is_served_at_its_new_address_only(self, client, home, section):
        article = ArticlePageFactory(parent=section, slug="le-pont")
        other = SectionPageFactory(parent=home, title="Calvados", slug="calvados")
        old_url = article.url
        assert client.get(old_url).status_code == 200
        Page.objects.get(pk=article.pk).move(other, pos="last-child")
        assert client.get("/calvados/le-pont/").status_code == 200
        assert client.get(old_url).status_code in (301, 404)

    def test_a_section_is_served_as_before(self, client, section):
        response = client.get(section.url)
        assert response.status_code == 200
        assert isinstance(response.context["page"], SectionPage)

    def test_a_site_added_for_a_host_serves_it_at_once(self, client, section):
        other_host = {"HTTP_HOST": "cotentin.example.fr"}
        assert client.get("/", **other_host).context["page"].specific_class is not SectionPage
        Site.objects.create(hostname="cotentin.example.fr", port=80, root_page=section)
        assert isinstance(client.get("/", **other_host).context["page"], SectionPage)
        assert not isinstance(client.get("/").context["page"], SectionPage)  # the default

    def test_a_site_renamed_gives_its_new_address_to_the_next_requests_links(self, section):
        chrome.request_started()
        try:
            assert Site.get_site_root_paths()[0].root_url == "http://localhost"
            site = Site.objects.get(is_default_site=True)
            site.hostname, site.port = "www.lephare-normand.test", 443
            site.save()
            chrome.request_started()  # the next request
            assert Site.get_site_root_paths()[0].root_url == "https://www.lephare-normand.test"
        finally:
            chrome.request_finished()

    def test_each_request_gets_its_own_copy_of_the_site(self, client, section):
        client.get("/")
        first = client.get("/").wsgi_request._wagtail_site
        second = client.get("/").wsgi_request._wagtail_site
        assert first.pk == second.pk and first is not second
        assert first.root_page is not second.root_page

    def test_each_request_gets_its_own_copy_of_the_page(self, client, section):
        article = ArticlePageFactory(parent=section, title="La foire de Lessay")
        client.get(article.url)
        first = client.get(article.url).context["page"]
        first.title = "Changée par une requête"
        first._state.fields_cache["extra"] = "gardé par une requête"
        second = client.get(article.url).context["page"]
        assert first.pk == second.pk and first is not second
        assert second.title == "La foire de Lessay"
        assert "extra" not in second._state.fields_cache


# Its comments' count; the article at its address, the site and its home page are held by
# the process for the edition (core.routing), its authors, tags and corrections with its
# parts (news.article_parts): the tree walk alone took six before.
ARTICLE_QUERIES = 1
