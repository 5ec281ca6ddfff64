"""The installable app in Chromium: the manifest is linked and reads, the service worker takes
the page over, an article read once reads again with the network cut, an article never read
shows the offline page (then itself once the network is back), and the alerts are turned on
from « L'application mobile »."""

import json
import shutil

import pytest
from django.db import connection
from playwright.sync_api import expect
from wagtail.models import Site

from rotative.core.models import SiteIdentity
from rotative.mobile.selectors import CACHES
from rotative.news.tests.factories import ArticlePageFactory
from rotative.newsletter.models import PushSubscription
from rotative.newsletter.tests.push_service import Browser, push_service_fixture  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def paper(home):
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.name, identity.article = "Le Phare normand", "le"
    identity.save()
    return identity


@pytest.fixture
def new_context(chromium, live_server):
    contexts = []

    def new(**options):
        options.setdefault("viewport", {"width": 390, "height": 844})
        context = chromium.new_context(locale="fr-FR", timezone_id="Europe/Paris", **options)
        contexts.append(context)
        return context

    yield new
    for context in contexts:
        context.close()
    connection.close()  # Playwright's greenlet has its own connection: give it back now


def wait_until(check, message: str, tries: int = 100):
    """Polls from Python: wait_for_function is blocked by the CSP (no unsafe-eval)."""
    for _ in range(tries):
        if check():
            return
        import time

        time.sleep(0.1)
    raise AssertionError(message)


def controlled(page) -> bool:
    return page.evaluate("() => Boolean(navigator.serviceWorker.controller)")


def kept(page, cache: str) -> list[str]:
    return page.evaluate(
        """async (name) => {
            if (!(await caches.has(name))) return [];
            const keys = await (await caches.open(name)).keys();
            return keys.map((request) => new URL(request.url).pathname);
        }""",
        cache,
    )


def test_an_article_read_once_reads_again_without_network(new_context, live_server, paper, section):
    read = ArticlePageFactory(parent=section, title="La digue de Granville a cédé", slug="digue")
    unread = ArticlePageFactory(parent=section, title="Le port rouvre lundi", slug="port")
    context = new_context()
    page = context.new_page()
    page.goto(live_server.url + "/")

    # The manifest is linked, served and names the paper.
    href = page.locator("link[rel=manifest]").get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.ok
    manifest = json.loads(response.text())
    assert manifest["name"] == "Le Phare normand"
    assert manifest["display"] == "standalone"

    # The worker registers with the whole site as its scope and takes the page over.
    scope = page.evaluate("async () => (await navigator.serviceWorker.ready).scope")
    assert scope == live_server.url + "/"
    wait_until(lambda: controlled(page), "the service worker never controlled the page")

    # An article withdrawn after it was read: no copy of it stays on the device.
    withdrawn = ArticlePageFactory(parent=section, title="Un article retiré", slug="retire")
    page.goto(live_server.url + withdrawn.url)
    wait_until(lambda: withdrawn.url in kept(page, CACHES["pages"]), "the article was not kept")
    withdrawn.unpublish()
    assert page.goto(live_server.url + withdrawn.url).status == 404
    wait_until(lambda: withdrawn.url not in kept(page, CACHES["pages"]), "the copy outlived it")

    page.goto(live_server.url + read.url)
    expect(page.locator("h1")).to_have_text("La digue de Granville a cédé")
    wait_until(lambda: read.url in kept(page, CACHES["pages"]), "the article was not kept")
    assert kept(page, CACHES["shell"])  # the offline page, ready before it is needed

    # Corrected since: a page from the network would say so; the copy kept does not.
    read.title = "La digue de Granville a cédé dans la nuit"
    read.save_revision().publish()
    context.set_offline(True)
    page.reload()
    expect(page.locator("h1")).to_have_text("La digue de Granville a cédé")
    expect(page.locator("link[rel=stylesheet]").first).to_be_attached()
    # Styled from the cache: the brand's colour on the masthead.
    assert page.locator(".brand").evaluate("(el) => getComputedStyle(el).color") == (
        "rgb(11, 61, 110)"
    )

    page.goto(live_server.url + unread.url)
    expect(page.locator("h1")).to_have_text("Vous êtes hors connexion")
    expect(page).to_have_url(live_server.url + unread.url)  # the address stays the one asked
    # The offline page lists what reads without network: the article read before.
    kept_link = page.locator("[data-offline-group=pages] a")
    expect(kept_link).to_have_text(["La digue de Granville a cédé"])
    expect(page.get_by_role("button", name="Réessayer")).to_be_visible()

    kept_link.click()
    # The worker may wait for the network a few seconds (PATIENCE_MS) before giving the copy.
    expect(page.locator("h1")).to_have_text("La digue de Granville a cédé", timeout=15000)


def test_the_offline_page_brings_the_article_once_the_network_is_back(
    new_context, live_server, paper, section
):
    asked = ArticlePageFactory(parent=section, title="Le port rouvre lundi", slug="port")
    context = new_context()
    page = context.new_page()
    page.goto(live_server.url + "/")
    wait_until(lambda: controlled(page), "the service worker never controlled the page")
    wait_until(lambda: kept(page, CACHES["shell"]), "the offline page was not kept")

    context.set_offline(True)
    page.goto(live_server.url + asked.url)
    expect(page.locator("h1")).to_have_text("Vous êtes hors connexion")

    # No tap on « Réessayer »: the connection coming back is enough (offline.js asks for the
    # page every 4 s, should the browser not say it).
    context.set_offline(False)
    expect(page.locator("h1")).to_have_text("Le port rouvre lundi", timeout=15000)
    expect(page).to_have_url(live_server.url + asked.url)


def cached_text(page, cache: str, path: str) -> str:
    return page.evaluate(
        """async ([name, path]) => {
            const hit = await (await caches.open(name)).match(path, { ignoreVary: true });
            return hit ? await hit.text() : "";
        }""",
        [cache, path],
    )


def tell_worker(page, message: dict) -> dict:
    """Posts a message as the bookmarks will, and returns the worker's answer."""
    return page.evaluate(
        """(message) => new Promise((resolve) => {
            const channel = new MessageChannel();
            channel.port1.onmessage = (event) => resolve(event.data);
            navigator.serviceWorker.controller.postMessage(message, [channel.port2]);
        })""",
        message,
    )


def test_a_reader_keeps_only_public_copies_and_forgets_them_at_logout(
    new_context, live_server, paper, section
):
    from django.conf import settings
    from django.test import Client

    from rotative.accounts.tests.factories import ReaderFactory

    read = ArticlePageFactory(parent=section, title="La digue de Granville a cédé", slug="digue")
    saved = ArticlePageFactory(parent=section, title="Le port rouvre lundi", slug="port")
    reader = ReaderFactory(display_name="Marie Lecoq")
    client = Client()
    client.force_login(reader)
    context = new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(live_server.url + "/")
    wait_until(lambda: controlled(page), "the service worker never controlled the page")
    page.goto(live_server.url + read.url)
    expect(page.get_by_text("Marie Lecoq")).to_be_visible()  # her page, private
    wait_until(lambda: read.url in kept(page, CACHES["pages"]), "the article was not kept")
    # What is kept is the page any reader gets: nothing of hers.
    copy = cached_text(page, CACHES["pages"], read.url)
    assert "La digue de Granville a cédé" in copy
    assert "Marie Lecoq" not in copy and "Se connecter" in copy

    # « À lire plus tard »: the bookmarks ask the worker to keep a page, then to drop it.
    answer = tell_worker(
        page, {"type": "cache-urls", "urls": [saved.url, "https://ailleurs.example/x/"]}
    )
    assert answer == {"type": "cache-urls", "ok": True, "urls": [saved.url]}
    assert "Marie Lecoq" not in cached_text(page, CACHES["saved"], saved.url)
    answer = tell_worker(page, {"type": "uncache-urls", "urls": [saved.url]})
    assert answer["urls"] == []
    tell_worker(page, {"type": "cache-urls", "urls": [saved.url]})

    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    wait_until(
        lambda: not kept(page, CACHES["pages"]) and not kept(page, CACHES["saved"]),
        "the pages kept outlived the logout",
    )


def test_the_alerts_are_turned_on_from_the_app_page(
    new_context,
    live_server,
    paper,
    push_service,  # noqa: F811
):
    browser = Browser()
    subscription = browser.subscription_json(push_service.endpoint("telephone"))
    context = new_context()
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = context.new_page()
    # Headless Chromium has no push service of its own: the browser's answer is the one a
    # phone would give, with an endpoint on the tests' push service.
    page.add_init_script(
        "PushManager.prototype.subscribe = async function () {"
        f" const json = {json.dumps(subscription)};"
        " return { endpoint: json.endpoint, toJSON() { return json; } }; };"
    )
    page.goto(live_server.url + "/application/")
    page.get_by_role("button", name="Recevoir les alertes sur ce navigateur").click()
    status = page.locator("[data-push-status]")
    expect(status).not_to_be_empty()
    expect(
        page.get_by_role("button", name="Ne plus recevoir les alertes sur ce navigateur")
    ).to_be_visible()
    saved = PushSubscription.objects.get()
    assert saved.endpoint == push_service.endpoint("telephone")
    assert saved.breaking_news
    # Through the one worker of the site, which now controls the page.
    assert (
        page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 1
    )


def test_chromium_offers_its_install_dialog_from_the_button(new_context, live_server, paper):
    page = new_context().new_page()
    page.goto(live_server.url + "/application/")
    expect(page.get_by_text("Sur Android, dans Chrome")).to_be_visible()
    expect(page.get_by_role("button", name="Installer l'application")).to_be_hidden()
    # What Chromium fires once the site is installable (headless never does by itself).
    page.evaluate(
        """() => {
            const offer = new Event("beforeinstallprompt", { cancelable: true });
            offer.prompt = () => { window.promptShown = true; };
            offer.userChoice = Promise.resolve({ outcome: "accepted" });
            window.dispatchEvent(offer);
        }"""
    )
    page.get_by_role("button", name="Installer l'application").click()
    expect(
        page.get_by_text("C'est fait : l'application est sur votre écran d'accueil.")
    ).to_be_visible()
    assert page.evaluate("() => window.promptShown") is True


def test_an_iphone_gets_safaris_steps(new_context, live_server, paper):
    page = new_context(user_agent=IPHONE).new_page()
    page.goto(live_server.url + "/application/")
    expect(
        page.get_by_text("faites défiler et choisissez « Sur l'écran d'accueil » ;")
    ).to_be_visible()
    expect(page.get_by_text("Sur Android, dans Chrome")).to_be_hidden()


def test_the_installed_app_says_it_is_installed(new_context, live_server, paper):
    page = new_context().new_page()
    page.emulate_media(media="screen")
    # Opened from its icon, the app runs standalone (emulated through the iOS flag).
    page.add_init_script("Object.defineProperty(navigator, 'standalone', { value: true });")
    page.goto(live_server.url + "/application/")
    expect(page.get_by_text("L'application est déjà installée sur cet appareil")).to_be_visible()
    expect(page.get_by_text("Sur Android, dans Chrome")).to_be_hidden()
