"""An ad's life in a real browser: posted with photos, validated, found by radius, answered."""

import io
import shutil
import time

import pytest
from django.db import connection
from PIL import Image

from rotative.accounts.services import account_email_confirm
from rotative.accounts.tests.factories import PASSWORD, ReaderFactory
from rotative.classifieds.tests.factories import CAMERA, ad_online
from rotative.geo.tests.factories import commune

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


def photo(path, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), colour).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def log_in(page, base, email, password=PASSWORD, next_path="/"):
    page.goto(f"{base}/compte/connexion/?next={next_path}")
    page.locator("main").get_by_label("E-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.locator("main").get_by_role("button", name="Connexion").click()
    page.wait_for_url(f"**{next_path}")


def test_post_with_photos_validate_find_by_radius_and_answer(
    browser_pages, home, live_server, settings, smtp_server, tmp_path
):
    from django.contrib.auth import get_user_model

    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.COMMENTS_MIN_FILL_SECONDS = 1
    for key in ("carantilly", "coutances"):
        commune(key)
    seller = ReaderFactory(email="vendeur@example.fr", display_name="Yves V.")
    ReaderFactory(email="acheteuse@example.fr", display_name="Nadia B.")
    get_user_model().objects.create_superuser("moderation", "moderation@example.fr", PASSWORD)
    moderator = get_user_model().objects.get(username="moderation")
    account_email_confirm(user=moderator)
    far = {**CAMERA, "title": "Objectif Leica d'occasion"}
    ad_online(owner=seller, moderator=moderator, where="cherbourg", **far)  # 66 km: too far

    # The seller posts an ad with two photos, previews it and sends it.
    page = browser_pages()
    log_in(page, live_server.url, "vendeur@example.fr", next_path="/annonces/deposer/")
    page.locator("main").get_by_role("link", name="Bonnes affaires").click()
    page.get_by_label("Titre").fill("Vélo de course en aluminium")
    page.locator("#id_goods_type").select_option("loisirs")
    page.locator("#id_condition").select_option("tres-bon-etat")
    page.get_by_label("Prix (€)").fill("450")
    page.get_by_label("Description").fill("Taille 56, groupe Shimano 105, révisé cet été.")
    page.get_by_label("Commune ou code postal").fill("Coutances (50200)")
    page.get_by_label("Photos").set_input_files(
        [photo(tmp_path / "velo.jpg", (200, 30, 30)), photo(tmp_path / "detail.jpg", (30, 30, 200))]
    )
    page.get_by_role("button", name="Voir l'aperçu").click()
    assert page.locator(".ad-gallery img").count() == 2
    page.get_by_role("button", name="Envoyer pour validation").click()
    assert "sera en ligne dès qu'un modérateur" in page.locator(".messages").inner_text()

    # The moderator validates it in the admin.
    admin = browser_pages()
    admin.goto(live_server.url + "/admin/")  # the admin sends to the one login, and back
    log_in(admin, live_server.url, "moderation@example.fr", next_path="/admin/")
    admin.goto(live_server.url + "/admin/annonces/")
    admin.locator("tr", has_text="Vélo de course").get_by_role("button", name="Valider").click()
    # Same URL before and after: wait for the answer, not the address.
    admin.locator(".messages", has_text="Annonce validée").wait_for()

    # A reader searches 20 km around Carantilly, finds it, and writes to the seller.
    buyer = browser_pages()
    log_in(buyer, live_server.url, "acheteuse@example.fr", next_path="/annonces/")
    buyer.get_by_label("Commune, code postal ou département").fill("Carantilly (50570)")
    buyer.get_by_label("Rayon").select_option("20")
    buyer.locator("form.ads-search").get_by_role("button", name="Rechercher").click()
    cards = buyer.locator(".ad-card")
    assert cards.count() == 1
    card = cards.first.inner_text()
    assert "Vélo de course en aluminium" in card and "Coutances (50200)" in card
    assert cards.first.locator("img.ad-card__photo").count() == 1
    cards.first.get_by_role("link", name="Découvrir").click()
    buyer.get_by_label("Votre message").fill("Bonjour, est-il encore disponible ?")
    time.sleep(1.1)  # a human takes more than a second to write
    buyer.get_by_role("button", name="Envoyer").click()
    assert "Message envoyé" in buyer.locator(".messages").inner_text()

    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "vendeur@example.fr"
    assert "acheteuse@example.fr" not in mail.as_string()
    connection.close()  # Playwright's greenlet has its own connection: give it back now
