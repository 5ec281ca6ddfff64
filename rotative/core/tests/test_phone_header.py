"""The header on a phone: brand and « Menu » on one line, the news within the first screen;
on a desktop the whole navigation, without a button (Debian's chromium driven by Playwright)."""

import shutil

import pytest
from django.db import connection

from rotative.news.tests.factories import ArticlePageFactory, ImageFactory, SectionPageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

SECTIONS = ["Manche", "Calvados", "Faits divers", "Politique", "Économie", "Sports"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def newsroom(home, settings, live_server):
    settings.SITE_URL = live_server.url
    sections = [
        SectionPageFactory(parent=home, title=title, slug=f"rubrique-{n}", nav_order=n)
        for n, title in enumerate(SECTIONS)
    ]
    lead = ArticlePageFactory(
        parent=sections[0],
        title="Tempête Isaure : des rafales à 130 km/h sur le Cotentin cette nuit",
        slug="tempete-isaure",
        lead_image=ImageFactory(caption="La digue de Barfleur", credit="Le Phare normand"),
    )
    home.lead_article = lead
    home.save_revision().publish()
    return {"url": live_server.url, "lead": lead}


@pytest.fixture
def open_page(chromium):
    contexts = []

    def open_page(url, viewport, *, javascript=True):
        context = chromium.new_context(
            locale="fr-FR",
            timezone_id="Europe/Paris",
            viewport=viewport,
            java_script_enabled=javascript,
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(url, wait_until="load")
        return page

    yield open_page
    for context in contexts:
        context.close()
    connection.close()  # Playwright's greenlet has its own connection: give it back now


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_on_a_phone_the_header_is_compact_and_the_lead_story_in_the_first_screen(
    open_page, newsroom
):
    page = open_page(newsroom["url"] + "/", PHONE)
    menu = page.get_by_role("button", name="Menu")
    assert menu.is_visible()
    assert box(page, ".site-header")["height"] <= 120
    headline = box(page, ".la-une .teaser__title")
    assert 0 < headline["y"] < PHONE["height"] - 40
    assert not page.locator(".site-nav").is_visible()
    assert scroll_width(page) <= PHONE["width"]

    assert menu.get_attribute("aria-expanded") == "false"
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    nav = page.get_by_role("navigation", name="Rubriques")
    for title in ["La Une", *SECTIONS]:
        assert nav.get_by_role("link", name=title, exact=True).is_visible(), title
    assert page.get_by_role("searchbox", name="Rechercher").is_visible()
    assert page.locator(".site-header").get_by_role("link", name="Se connecter").is_visible()
    assert scroll_width(page) <= PHONE["width"]

    page.get_by_role("searchbox", name="Rechercher").fill("Isaure")
    page.keyboard.press("Enter")
    page.wait_for_url("**/recherche/?q=Isaure")
    assert "Tempête Isaure" in page.locator(".search-results").inner_text()

    page.goto(newsroom["url"] + newsroom["lead"].url)
    title = box(page, "h1.article__title")
    assert 0 < title["y"] < PHONE["height"] - title["height"]
    page.get_by_role("button", name="Menu").click()
    page.keyboard.press("Escape")
    assert not page.locator(".site-nav").is_visible()


def test_on_a_desktop_the_navigation_shows_without_a_button(open_page, newsroom):
    page = open_page(newsroom["url"] + "/", DESKTOP)
    assert not page.get_by_role("button", name="Menu").is_visible()
    nav = page.get_by_role("navigation", name="Rubriques")
    for title in ["La Une", *SECTIONS]:
        assert nav.get_by_role("link", name=title, exact=True).is_visible(), title
    assert page.get_by_role("searchbox", name="Rechercher").is_visible()
    assert box(page, ".site-header")["height"] <= 200


def test_nothing_scrolls_sideways_on_the_narrowest_phone(open_page, newsroom):
    page = open_page(newsroom["url"] + newsroom["lead"].url, {"width": 320, "height": 640})
    assert scroll_width(page) <= 320
    page.get_by_role("button", name="Menu").click()
    assert scroll_width(page) <= 320


def test_without_javascript_the_phone_shows_the_whole_navigation(open_page, newsroom):
    page = open_page(newsroom["url"] + "/", PHONE, javascript=False)
    assert not page.get_by_role("button", name="Menu").is_visible()
    nav = page.get_by_role("navigation", name="Rubriques")
    for title in ["La Une", *SECTIONS]:
        assert nav.get_by_role("link", name=title, exact=True).is_visible(), title
    assert page.locator(".site-header").get_by_role("link", name="Se connecter").is_visible()
