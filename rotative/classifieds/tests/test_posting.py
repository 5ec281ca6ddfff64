"""Posting an ad: the form, the rules of each category, the preview, moderation, the owner."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from rotative.classifieds import services
from rotative.classifieds.models import Ad
from rotative.classifieds.tests.factories import CAR, HOUSE, ad_online
from rotative.geo.tests.factories import commune

pytestmark = pytest.mark.django_db


def text(response, selector="main"):
    node = BeautifulSoup(response.content, "html.parser").select_one(selector)
    return " ".join(node.get_text(" ").split()) if node else ""


def form_data(fields: dict, where="Carantilly (50570)") -> dict:
    data = {k: v for k, v in fields.items() if k != "category"}
    return {**data, "commune_text": where}


def test_a_property_ad_is_previewed_then_waits_for_a_moderator(client, seller, moderator):
    commune("carantilly")
    client.force_login(seller)
    response = client.post("/annonces/deposer/?categorie=immobilier", form_data(HOUSE))
    ad = Ad.objects.get()
    assert response["Location"] == f"/annonces/{ad.pk}/apercu/"
    preview = client.get(response["Location"])
    assert "Aperçu de votre annonce" in text(preview)
    assert "Carantilly (50570)" in text(preview)
    assert "120\u202f600\u00a0€" in preview.content.decode()  # French spacing, unbreakable
    assert "Classe énergie (DPE) D" in text(preview, "table")
    client.post(f"/annonces/{ad.pk}/apercu/")
    ad.refresh_from_db()
    assert ad.status == Ad.Status.PENDING
    client.logout()
    assert client.get(ad.get_absolute_url()).status_code == 404  # nothing public before
    services.ad_approve(moderator=moderator, ad=ad)
    ad.refresh_from_db()
    assert client.get(ad.get_absolute_url()).status_code == 200
    assert ad.expires_at - ad.published_at == timedelta(days=60)


def test_a_property_ad_without_energy_ratings_is_refused_with_the_reason(client, seller):
    commune("carantilly")
    client.force_login(seller)
    data = form_data({**HOUSE, "energy_class": "", "ghg_class": ""})
    response = client.post("/annonces/deposer/?categorie=immobilier", data)
    assert response.status_code == 400
    assert "Depuis 2022, la loi impose d'indiquer la classe énergie (DPE)" in text(
        response, ".form-errors"
    )
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("[name=title]")["value"] == "Maison à vendre"  # nothing lost
    assert not Ad.objects.exists()
    land = {**data, "property_type": "terrain"}  # land has no energy rating
    assert client.post("/annonces/deposer/?categorie=immobilier", land).status_code == 302


def test_each_category_asks_its_own_fields(client, seller):
    client.force_login(seller)
    page = BeautifulSoup(
        client.get("/annonces/deposer/?categorie=automobile").content, "html.parser"
    )
    names = {field["name"] for field in page.select("form.ad-form [name]")}
    assert {"brand", "model_name", "year", "mileage", "fuel", "gearbox", "power"} <= names
    assert "energy_class" not in names and "condition" not in names


def test_an_ambiguous_commune_asks_which_one(client, seller):
    commune("carantilly")
    client.force_login(seller)
    response = client.post(
        "/annonces/deposer/?categorie=automobile", form_data(CAR, where="Atlantide")
    )
    assert "Aucune commune ne correspond." in text(response)
    response = client.post("/annonces/deposer/?categorie=automobile", form_data(CAR, "50570"))
    assert response.status_code == 302


def test_automatic_checks_flag_absurd_prices_duplicates_and_suspect_words(seller, moderator):
    from rotative.comments.models import ModerationWord

    ModerationWord.objects.create(word="contrefaçon", action="hold")
    ModerationWord.objects.create(word="arme", action="reject")
    first = ad_online(owner=seller, moderator=moderator)
    twin = services.ad_draft_save(
        owner=seller,
        fields={
            **HOUSE,
            "price": 12,
            "commune": commune("carantilly"),
            "description": "Belle maison, pas une contrefaçon.",
        },
    )
    services.ad_submit(ad=twin)
    assert twin.status == Ad.Status.PENDING
    assert "prix inhabituel" in twin.review_notes
    assert f"doublon possible de l'annonce n° {first.pk}" in twin.review_notes
    assert "mot à vérifier : contrefaçon" in twin.review_notes
    armed = services.ad_draft_save(
        owner=seller,
        fields={**HOUSE, "description": "Vends arme de chasse.", "commune": commune("carantilly")},
    )
    with pytest.raises(services.AdError, match="« arme »"):
        services.ad_submit(ad=armed)


def test_owner_marks_sold_renews_and_deletes(client, seller, moderator):
    ad = ad_online(owner=seller, moderator=moderator)
    client.force_login(seller)
    Ad.objects.filter(pk=ad.pk).update(expires_at=timezone.now() + timedelta(days=2))
    client.post(f"/annonces/{ad.pk}/prolonger/")
    ad.refresh_from_db()
    assert ad.expires_at > timezone.now() + timedelta(days=59)
    mine = text(client.get("/annonces/mes-annonces/"))
    assert "Maison à vendre" in mine and "En ligne" in mine
    client.post(f"/annonces/{ad.pk}/vendue/")
    ad.refresh_from_db()
    assert ad.status == Ad.Status.SOLD
    client.logout()
    assert client.get(ad.get_absolute_url()).status_code == 404
    client.force_login(seller)
    client.post(f"/annonces/{ad.pk}/supprimer/")
    assert "Maison à vendre" not in text(client.get("/annonces/mes-annonces/"))


def test_editing_an_online_ad_sends_it_back_to_moderation(client, seller, moderator):
    ad = ad_online(owner=seller, moderator=moderator)
    client.force_login(seller)
    client.post(f"/annonces/{ad.pk}/modifier/", form_data({**HOUSE, "price": 118_000}))
    ad.refresh_from_db()
    assert ad.status == Ad.Status.PENDING and ad.price == 118_000
    assert "Modifiée par son auteur" in ad.review_notes


def test_moderators_validate_or_refuse_from_the_admin(client, seller, moderator):
    ad = services.ad_draft_save(owner=seller, fields={**CAR, "commune": commune("caumont")})
    services.ad_submit(ad=ad)
    client.force_login(moderator)
    queue = text(client.get("/admin/annonces/"))
    assert "Grand C4 Spacetourer Blue HDi" in queue and "Caumont-sur-Aure (14240)" in queue
    client.post(f"/admin/annonces/{ad.pk}/moderer/", {"action": "reject", "reason": ""})
    ad.refresh_from_db()
    assert ad.status == Ad.Status.PENDING  # a refusal needs its reason
    client.post(
        f"/admin/annonces/{ad.pk}/moderer/", {"action": "reject", "reason": "Photos floues"}
    )
    ad.refresh_from_db()
    assert ad.status == Ad.Status.REJECTED and ad.rejection_reason == "Photos floues"


def test_reported_ads_reach_the_moderators_who_withdraw_or_keep_them(client, seller, moderator):
    from rotative.accounts.tests.factories import ReaderFactory

    ad = ad_online(owner=seller, moderator=moderator)
    reader = ReaderFactory(email="vigilant@example.fr")
    client.force_login(reader)
    client.post(f"/annonces/{ad.pk}/signaler/", {"reason": "scam", "details": "Prix trop bas"})
    again = client.post(f"/annonces/{ad.pk}/signaler/", {"reason": "scam"})
    assert "Vous avez déjà signalé cette annonce." in text(again)
    client.force_login(moderator)
    reported = text(client.get("/admin/annonces/?onglet=signalees"))
    assert "Signalées (1)" in reported and "Arnaque ou fraude : Prix trop bas" in reported
    client.post(f"/admin/annonces/{ad.pk}/moderer/", {"action": "dismiss"})
    assert "Signalées (0)" in text(client.get("/admin/annonces/?onglet=signalees"))
    ad.refresh_from_db()
    assert ad.is_online
