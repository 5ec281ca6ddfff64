"""In a real browser: a reader saves an article from its page without leaving it, finds it in
« À lire plus tard », and takes it away; the service worker is told to keep it offline, then
to drop it."""

import shutil

import pytest
from playwright.sync_api import expect

from rotative.accounts.tests.factories import PASSWORD, ReaderFactory
from rotative.news.tests.factories import ArticlePageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

# A stand-in for the service worker that controls the page: records what it is told.
FAKE_WORKER = """
window.swMessages = [];
Object.defineProperty(navigator, "serviceWorker", {
  configurable: true,
  value: {
    controller: { postMessage: (message) => window.swMessages.push(message) },
    addEventListener() {},
    register: () => new Promise(() => {}),
  },
});
"""


def test_save_an_article_find_it_in_the_list_and_remove_it(
    browser_pages, section, live_server, settings
):
    settings.SITE_URL = live_server.url
    ArticlePageFactory(parent=section, title="La digue de Granville a cédé", slug="digue")
    ReaderFactory(email="lectrice@example.fr", display_name="Marie L.")
    page = browser_pages()
    page.add_init_script(FAKE_WORKER)
    base = live_server.url

    page.goto(f"{base}/compte/connexion/?next=/manche/digue/")
    page.locator("main").get_by_label("E-mail").fill("lectrice@example.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Connexion").click()
    page.wait_for_url(f"{base}/manche/digue/")

    button = page.locator(".bookmark button")
    expect(button).to_have_text("Lire plus tard")
    button.click()
    expect(button).to_contain_text("Enregistré")
    expect(page.locator(".bookmark [role=status]")).to_have_text(
        "Enregistré dans « À lire plus tard »."
    )
    assert page.url == f"{base}/manche/digue/"  # the page stayed where it was
    assert page.evaluate("window.swMessages") == [
        {"type": "cache-urls", "urls": [f"{base}/manche/digue/"]}
    ]

    page.locator(".bookmark").get_by_role("link", name="Ma liste").click()
    page.wait_for_url(f"{base}/compte/a-lire/")
    item = page.locator(".bookmarks__item")
    expect(item).to_have_count(1)
    expect(item.locator("a.bookmarks__title")).to_have_text("La digue de Granville a cédé")
    expect(item).to_contain_text("Enregistré le")
    assert page.evaluate("window.swMessages") == [
        {"type": "cache-urls", "urls": [f"{base}/manche/digue/"]}
    ]

    item.get_by_role("button", name="Retirer").click()
    expect(page.locator(".bookmarks__item")).to_have_count(0)
    assert page.evaluate("window.swMessages")[-1] == {
        "type": "uncache-urls",
        "urls": [f"{base}/manche/digue/"],
    }
    page.reload()
    expect(page.locator(".bookmarks__empty")).to_contain_text("Rien d'enregistré")
