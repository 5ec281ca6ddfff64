"""The ads look like the rest of the site, on a phone and on a desktop: their stylesheet is
applied (cards in a grid, fields a finger can hit, separated tabs), nothing scrolls sideways,
and the side column of an article shows four ads per category with « Découvrir »."""

import shutil

import pytest
from django.db import connection

from rotative.classifieds.tests.factories import CAMERA, CAR, HOUSE, ad_online

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]
SIZES = [(390, 844), (1280, 900)]

STYLES = """() => {
  const style = (el) => getComputedStyle(el);
  const list = document.querySelector('.ads-list');
  const tabs = [...document.querySelectorAll('.ads-categories a')];
  const fields = [...document.querySelectorAll('.ads-search input, .ads-search select')];
  const first = tabs[0].getBoundingClientRect(), second = tabs[1].getBoundingClientRect();
  return {
    listDisplay: style(list).display,
    listMarker: style(list).listStyleType,
    cards: document.querySelectorAll('.ads-list .ad-card').length,
    shortestField: Math.min(...fields.map((el) => el.getBoundingClientRect().height)),
    tabGap: Math.max(second.left - first.right, second.top - first.bottom),
    tabBackground: style(tabs[1]).backgroundColor,
    scrollWidth: document.documentElement.scrollWidth,
    width: window.innerWidth,
  };
}"""


def test_the_ads_pages_have_the_sites_design_on_phone_and_desktop(
    chromium, live_server, home, section, seller, moderator
):
    from rotative.news.tests.factories import ArticlePageFactory

    for category in (HOUSE, CAR, CAMERA):
        for n in range(5):
            ad_online(owner=seller, moderator=moderator, **{**category, "title": f"Annonce {n}"})
    article = ArticlePageFactory(parent=section)
    for width, height in SIZES:
        context = chromium.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
        page = context.new_page()
        page.goto(f"{live_server.url}/annonces/")
        found = page.evaluate(STYLES)
        assert found["listDisplay"] == "grid", (width, found)
        assert found["listMarker"] == "none", (width, found)
        assert found["cards"] == 15
        assert found["shortestField"] >= 40, (width, found)
        assert found["tabGap"] > 0, (width, found)  # tabs apart, not run together
        assert found["tabBackground"] != "rgba(0, 0, 0, 0)", (width, found)
        assert found["scrollWidth"] <= found["width"], (width, found)

        for path in (article.url, "/annonces/deposer/?categorie=automobile"):
            page.goto(live_server.url + path)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, (width, path, scroll)

        page.goto(live_server.url + article.url)
        blocks = page.locator(".ads-side__block")
        assert blocks.count() == 3
        for index, name in enumerate(["Immobilier", "Automobile", "Bonnes affaires"]):
            block = blocks.nth(index)
            assert block.locator("h3").inner_text().strip().lower() == name.lower()
            assert block.locator(".ads-side__ad").count() == 4
            assert block.get_by_role("link", name="Découvrir").count() == 4
            assert block.locator(".ads-side__ad").first.locator(
                ".ads-side__place"
            ).inner_text() == ("Carantilly (50570)")
        # The side blocks are styled on a news page too: no bullets, price in bold.
        item = page.locator(".ads-side__block ul").first
        assert item.evaluate("(el) => getComputedStyle(el).listStyleType") == "none"
        price = page.locator(".ads-side__price").first
        assert int(price.evaluate("(el) => getComputedStyle(el).fontWeight")) >= 700
        context.close()
    connection.close()  # Playwright's greenlet has its own connection: give it back now
