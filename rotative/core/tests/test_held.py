"""The header and footer held for anonymous readers (core.templatetags.held): rendered once
per page address, never shown to a logged-in reader, never carrying another page's links."""

import re

import pytest
from bs4 import BeautifulSoup

from rotative.accounts.tests.factories import ReaderFactory
from rotative.news.tests.factories import ArticlePageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db

LAYOUT = {"components/site_header.html", "components/site_footer.html"}


def rendered(response) -> set[str]:
    return {template.name for template in response.templates}


def test_an_anonymous_reader_gets_the_header_and_footer_held_since_the_first_view(client, section):
    article = ArticlePageFactory(parent=section, title="La foire de Lessay")
    first = client.get(article.url)
    assert rendered(first) >= LAYOUT
    second = client.get(article.url)
    assert not LAYOUT & rendered(second)
    page = BeautifulSoup(second.content.decode(), "html.parser")
    assert page.select_one(".site-header .account-links").get_text(" ", strip=True) == (
        "Se connecter Créer un compte"
    )
    assert page.select_one(".site-footer")


def test_a_reader_who_logs_in_after_anonymous_views_gets_their_own_header(client, section):
    article = ArticlePageFactory(parent=section)
    client.get(article.url)
    client.get(article.url)  # held now
    client.force_login(ReaderFactory(email="marie@example.fr", display_name="Marie L."))
    page = client.get(article.url).content.decode()
    assert "Marie L." in page and "Se déconnecter" in page and "Se connecter" not in page
    client.logout()
    page = client.get(article.url).content.decode()
    assert "Marie L." not in page and "Se connecter" in page


def test_each_page_keeps_its_own_current_section_and_way_back(client, home, section):
    calvados = SectionPageFactory(parent=home, title="Calvados", slug="calvados")
    pages = {  # address: the section the menu marks current
        section.url: section.title,
        calvados.url: "Calvados",
        ArticlePageFactory(parent=section, slug="digue").url: None,
        ArticlePageFactory(parent=calvados, slug="foire").url: None,
    }
    for _ in range(2):  # the second time from what is held
        for url, current_title in pages.items():
            page = BeautifulSoup(client.get(url).content.decode(), "html.parser")
            current = page.select_one('.site-nav a[aria-current="page"]')
            assert (current and current.get_text(strip=True)) == current_title
            login = page.select_one(".account-links a")
            assert login["href"].endswith(f"?next={url}")


def test_a_search_shows_its_own_words_in_the_header(client, section):
    for words in ("digue", "foire"):
        page = BeautifulSoup(client.get("/recherche/", {"q": words}).content, "html.parser")
        assert page.select_one("#recherche-q")["value"] == words


def test_the_side_column_and_the_head_are_held_for_the_site_each_page_with_its_own_nonce(
    client, section
):
    first, second = (ArticlePageFactory(parent=section, slug=slug).url for slug in ("a", "b"))
    client.get(first)
    for url in (first, second):  # held since the first page, for the others too
        response = client.get(url)
        assert not {"live/sidebar.html", "mobile/head.html"} & rendered(response)
        page = BeautifulSoup(response.content.decode(), "html.parser")
        assert page.select_one(".live-side") and page.select_one('link[rel="manifest"]')
        # The scripts of the pieces held carry this response's nonce, the one its policy names.
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        scripts = page.find_all("script")
        assert {script["src"].rsplit("/", 1)[-1] for script in scripts if script.get("src")} >= {
            "live.js",
            "app.js",
        }
        assert {script.get("nonce") for script in scripts} == {nonce}
