"""The installable app as the server gives it: the manifest and its icons, the service worker,
the page « L'application mobile », the offline page, and the links every page carries."""

import io
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from PIL import Image
from wagtail.models import Site

from rotative.core.models import SiteIdentity
from rotative.mobile.icons import initials
from rotative.mobile.selectors import CACHES
from rotative.news.tests.factories import ArticlePageFactory


@pytest.fixture
def paper(home):
    site = Site.objects.get(is_default_site=True)
    identity = SiteIdentity.for_site(site)
    identity.name, identity.article = "Le Phare normand", "le"
    identity.save()
    return identity


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def css_variable(name: str) -> str:
    css = (Path(settings.STATICFILES_DIRS[0]) / "css" / "site.css").read_text()
    return re.search(rf"{name}:\s*(#[0-9a-fA-F]{{6}})", css).group(1).lower()


# --- the manifest and its icons ---------------------------------------------------------------


def test_the_manifest_names_the_paper_and_opens_standalone_on_the_front_page(client, paper):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["name"] == "Le Phare normand"
    # Too long for a home screen: the name without its article.
    assert manifest["short_name"] == "Phare normand"
    assert "Rotative" not in response.content.decode()
    assert manifest["lang"] == "fr"
    assert manifest["start_url"] == "/?source=app"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["description"] == "L'actualité du Phare normand"
    assert manifest["theme_color"] == css_variable("--brand")
    assert manifest["background_color"] == css_variable("--paper")


def test_a_short_name_is_kept_whole(client, home):
    site = Site.objects.get(is_default_site=True)
    identity = SiteIdentity.for_site(site)
    identity.name, identity.article = "Ouest-Info", ""
    identity.save()
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert (manifest["name"], manifest["short_name"]) == ("Ouest-Info", "Ouest-Info")


def test_every_icon_of_the_manifest_is_a_png_of_its_size(client, paper):
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    purposes = {}
    for icon in manifest["icons"]:
        response = client.get(icon["src"])
        assert response.status_code == 200, icon["src"]
        assert response["Content-Type"] == "image/png"
        image = Image.open(io.BytesIO(response.content))
        assert image.format == "PNG"
        assert f"{image.width}x{image.height}" == icon["sizes"]
        purposes.setdefault(icon["purpose"], set()).add(icon["sizes"])
    assert purposes == {"any": {"192x192", "512x512"}, "maskable": {"512x512"}}


def test_the_maskable_icon_keeps_its_letters_in_the_safe_circle(client, paper):
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    (maskable,) = [icon for icon in manifest["icons"] if icon["purpose"] == "maskable"]
    image = Image.open(io.BytesIO(client.get(maskable["src"]).content)).convert("RGB")
    brand = tuple(int(css_variable("--brand")[i : i + 2], 16) for i in (1, 3, 5))
    # Whatever is not the brand's blue (the white letters) lies within 40 % of the centre.
    centre, radius = image.width / 2, image.width * 0.4
    letters = [
        (x, y)
        for x in range(0, image.width, 4)
        for y in range(0, image.height, 4)
        if image.getpixel((x, y)) != brand
    ]
    assert letters
    assert all((x - centre) ** 2 + (y - centre) ** 2 <= radius**2 for x, y in letters)


def test_a_renamed_paper_gets_icons_at_new_addresses(client, paper):
    before = json.loads(client.get("/manifest.webmanifest").content)["icons"][0]["src"]
    paper.name, paper.article = "La Voix du Bocage", "la"
    paper.save()
    after = json.loads(client.get("/manifest.webmanifest").content)["icons"][0]["src"]
    assert before != after


def test_an_unknown_icon_is_not_found(client, paper):
    assert client.get("/icones/1024.png").status_code == 404


def test_the_icons_carry_the_papers_initials():
    assert initials("Le Phare normand") == "PN"
    assert initials("L'Écho de la Manche") == "ÉM"
    assert initials("Ouest-Info") == "OI"
    assert initials("La Voix du Bocage") == "VB"


def test_ios_finds_its_home_screen_icon_at_the_root(client, paper):
    response = client.get("/apple-touch-icon.png")
    assert response.status_code == 200
    assert Image.open(io.BytesIO(response.content)).size == (180, 180)


# --- what every page says of the app ------------------------------------------------------------


def test_every_page_links_the_manifest_and_registers_the_worker(client, paper, section):
    article = ArticlePageFactory(parent=section, title="La digue a cédé", slug="la-digue")
    for path in ("/", article.url, "/newsletter/"):
        page = soup(client.get(path))
        assert page.select_one("link[rel=manifest]")["href"] == "/manifest.webmanifest", path
        assert page.select_one("meta[name=theme-color]")["content"] == css_variable("--brand")
        assert page.select_one("link[rel=apple-touch-icon]")["href"].startswith(
            "/apple-touch-icon.png"
        )
        assert page.select_one("meta[name=apple-mobile-web-app-title]")["content"] == (
            "Phare normand"
        )
        script = page.select_one("script[src$='js/app.js']")
        assert script["data-worker"] == "/sw.js"
        assert script["data-logout"] == "/compte/deconnexion/"


def test_the_footer_leads_to_the_app_page_first(client, paper):
    links = soup(client.get("/")).select(".site-footer nav a")
    assert links[0].get_text() == "L'application mobile"
    assert links[0]["href"] == "/application/"


def test_the_app_page_is_in_the_sitemaps(client, paper):
    assert "/sitemap-application.xml" in client.get("/sitemap.xml").content.decode()
    urls = BeautifulSoup(client.get("/sitemap-application.xml").content, "xml").find_all("loc")
    assert [url.get_text() for url in urls] == [settings.SITE_URL + "/application/"]


# --- the page « L'application mobile » ----------------------------------------------------------


def test_the_app_page_explains_the_app_and_offers_every_way_to_install_it(client, paper):
    response = client.get("/application/")
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text() == "L'application mobile"
    assert page.title.get_text() == "L'application mobile | Le Phare normand"
    text = " ".join(page.get_text().split())
    for promise in ("Lire hors connexion", "Les alertes info", "Vos articles sauvegardés"):
        assert promise in text
    assert "Rotative" not in response.content.decode()
    box = page.select_one("[data-install]")
    states = {part["data-install-state"]: part for part in box.select("[data-install-state]")}
    assert set(states) == {"installed", "done", "prompt", "ios", "generic"}
    # Without JavaScript, only the instructions for every browser show.
    assert [name for name, part in states.items() if not part.has_attr("hidden")] == ["generic"]
    assert "« Sur l'écran d'accueil »" in states["ios"].get_text()
    assert states["prompt"].button.get_text() == "Installer l'application"
    assert "déjà installée" in states["installed"].get_text()
    assert page.select_one("script[src$='js/install.js']")


def test_the_app_page_offers_the_alerts_with_the_sites_push_box(client, paper):
    page = soup(client.get("/application/"))
    box = page.select_one("[data-push]")
    assert box["data-vapid-key"] == settings.VAPID_PUBLIC_KEY
    assert box["data-subscribe-url"] == "/newsletter/notifications/abonnement/"
    assert box.select_one("[data-push-subscribe]").get_text(strip=True) == (
        "Recevoir les alertes sur ce navigateur"
    )
    assert page.select_one("script[src$='js/push.js']")


# --- the offline page -------------------------------------------------------------------------


def test_the_offline_page_says_so_in_french_with_the_papers_chrome(client, paper):
    response = client.get("/hors-ligne/")
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text() == "Vous êtes hors connexion"
    assert page.select_one(".site-header .brand").get_text(strip=True) == "Le Phare normand"
    assert page.select_one(".site-footer")
    assert page.select_one("meta[name=robots]")["content"] == "noindex"
    # It lists nothing itself: its script reads the worker's caches on the device.
    box = page.select_one("[data-offline]")
    assert (box["data-pages-cache"], box["data-saved-cache"]) == (CACHES["pages"], CACHES["saved"])
    assert not box.select("[data-offline-list] li")
    assert page.select_one("script[src$='js/offline.js']")
    assert box.select_one("a[href='/']").get_text() == "Revenir à la une"


def test_the_offline_page_may_be_kept_by_the_worker(client, paper):
    # Public: the worker keeps only what says so (fetched without cookies, it always does).
    control = client.get("/hors-ligne/")["Cache-Control"]
    assert "private" not in control and "no-store" not in control


# --- the service worker -------------------------------------------------------------------------


def test_the_worker_is_served_from_the_root_and_always_revalidated(client, paper):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    # At the root its scope is the whole site without asking for more.
    assert "Service-Worker-Allowed" not in response


def test_the_worker_knows_what_to_keep_and_what_never_to(client, paper):
    body = client.get("/sw.js").content.decode()
    config = json.loads(re.search(r"const CONFIG = (\{.*?\});\n", body).group(1))
    assert config["offline_url"] == "/hors-ligne/"
    assert config["offline_url"] in config["precache"]
    assert "/static/css/site.css" in config["precache"]
    assert "/static/js/app.js" in config["precache"]
    assert config["limits"]["pages"] == 30
    assert {"/admin/", "/compte/"} <= set(config["never"])
    assert config["logout_url"] == "/compte/deconnexion/"
    assert config["caches"] == CACHES
    # The messages pages may post, documented at the top for the parts that post them.
    head = body[: body.index('"use strict"')]
    for message in ('type: "cache-urls"', 'type: "uncache-urls"', 'type: "logout"'):
        assert message in head
    # Web Push as before: the alert shown, a click opens the story.
    assert "showNotification" in body and "openWindow" in body and "notificationclick" in body


def test_the_worker_names_the_paper_in_a_notification_without_title(client, paper):
    body = client.get("/sw.js").content.decode()
    assert 'alert.title || "Le Phare normand"' in body
    assert "Rotative" not in body


def test_a_new_stylesheet_ships_a_new_worker(client, paper, settings, tmp_path):
    from rotative.mobile import selectors

    settings.DEBUG = True  # the version is read afresh, as under a developer's server
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "js").mkdir()
    (static / "css" / "site.css").write_text(":root { --brand: #0b3d6e; }")
    settings.STATICFILES_DIRS = [static]
    first = selectors.worker_version()
    (static / "css" / "site.css").write_text(":root { --brand: #123456; }")
    assert selectors.worker_version() != first
