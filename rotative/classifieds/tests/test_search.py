"""Finding ads: words, category, attributes, place and radius, sort, counts, shareable URLs."""

import pytest
from bs4 import BeautifulSoup

from rotative.classifieds.tests.factories import CAMERA, CAR, HOUSE, ad_online

pytestmark = pytest.mark.django_db


@pytest.fixture
def ads(seller, moderator):
    return {
        "house": ad_online(owner=seller, moderator=moderator, where="carantilly"),
        "flat": ad_online(
            owner=seller,
            moderator=moderator,
            where="saint-pair",
            **{
                **HOUSE,
                "title": "Appartement vue mer",
                "property_type": "appartement",
                "price": 245_000,
                "surface": 62,
                "description": "Deux chambres, balcon face à la mer.",
            },
        ),
        "car": ad_online(owner=seller, moderator=moderator, where="caumont", **CAR),
        "camera": ad_online(owner=seller, moderator=moderator, where="lyon-1", **CAMERA),
        "far": ad_online(
            owner=seller,
            moderator=moderator,
            where="cherbourg",
            **{
                **HOUSE,
                "title": "Maison de pêcheur",
                "price": 189_000,
            },
        ),
    }


def titles(response) -> list[str]:
    page = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in page.select(".ads-list .ad-card__title a")]


def test_listing_shows_title_place_price_and_discover(client, ads):
    page = BeautifulSoup(client.get("/annonces/immobilier/").content, "html.parser")
    card = page.select_one(".ad-card")
    assert card.select_one(".ad-card__title").get_text(strip=True) == "Maison de pêcheur"
    assert card.select_one(".ad-card__place").get_text(strip=True).startswith("Cherbourg")
    house = [c for c in page.select(".ad-card") if "Carantilly" in c.get_text()][0]
    assert "Carantilly (50570)" in house.get_text()
    assert "120\u202f600\u00a0€" in house.get_text()
    assert house.select_one(".ad-card__more").get_text(strip=True) == "Découvrir"


def test_counts_per_category_follow_the_search(client, ads):
    page = BeautifulSoup(client.get("/annonces/?prix_max=50000").content, "html.parser")
    counts = {a.get_text(" ", strip=True) for a in page.select(".ads-categories a")}
    assert {"Immobilier (0)", "Automobile (1)", "Bonnes affaires (1)"} <= counts


def test_words_price_range_and_sort(client, ads):
    assert titles(client.get("/annonces/?q=balcon")) == ["Appartement vue mer"]
    assert titles(client.get("/annonces/immobilier/?prix_min=150000&tri=prix-croissant")) == [
        "Maison de pêcheur",
        "Appartement vue mer",
    ]
    assert titles(client.get("/annonces/immobilier/?prix_max=200000&tri=prix-decroissant")) == [
        "Maison de pêcheur",
        "Maison à vendre",
    ]


def test_words_follow_an_edited_ad(client, ads, seller, moderator):
    from rotative.classifieds.services import ad_approve, ad_draft_save

    ad = ad_draft_save(owner=seller, fields={"title": "Maison avec véranda"}, ad=ads["house"])
    ad_approve(moderator=moderator, ad=ad)
    assert titles(client.get("/annonces/?q=véranda")) == ["Maison avec véranda"]
    assert titles(client.get("/annonces/?q=Maison+à+vendre")) == []


def test_attributes_narrow_the_search(client, ads):
    assert titles(client.get("/annonces/immobilier/?property_type=appartement")) == [
        "Appartement vue mer"
    ]
    assert titles(client.get("/annonces/immobilier/?surface_min=100")) == [
        "Maison de pêcheur",
        "Maison à vendre",
    ]
    assert titles(client.get("/annonces/automobile/?annee_min=2018&km_max=70000&fuel=diesel")) == [
        "Grand C4 Spacetourer Blue HDi"
    ]
    assert titles(client.get("/annonces/automobile/?km_max=50000")) == []


def test_place_department_postal_code_and_radius(client, ads):
    assert titles(client.get("/annonces/?ou=69")) == ["Leica Q2 à l'état neuf"]
    assert titles(client.get("/annonces/?ou=50380")) == ["Appartement vue mer"]
    # Saint-Pair-sur-Mer is 31 km from Carantilly; Cherbourg 66 km.
    near = "/annonces/immobilier/?ou=Carantilly+%2850570%29&rayon="
    assert titles(client.get(near + "20")) == ["Maison à vendre"]
    assert set(titles(client.get(near + "50"))) == {"Maison à vendre", "Appartement vue mer"}
    assert len(titles(client.get(near + "100"))) == 3


def test_sold_expired_and_pending_ads_are_not_found(client, ads, seller):
    from datetime import timedelta

    from django.utils import timezone

    from rotative.classifieds import services
    from rotative.classifieds.models import Ad

    services.ad_mark_sold(owner=seller, ad=ads["flat"])
    Ad.objects.filter(pk=ads["far"].pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert set(titles(client.get("/annonces/immobilier/"))) == {"Maison à vendre"}


def test_side_blocks_on_every_article(client, ads, section):
    from rotative.news.tests.factories import ArticlePageFactory

    article = ArticlePageFactory(parent=section)
    side = BeautifulSoup(client.get(article.url).content, "html.parser").select_one(".ads-side")
    blocks = {b.select_one("h3").get_text(strip=True): b for b in side.select(".ads-side__block")}
    assert list(blocks) == ["Immobilier", "Automobile", "Bonnes affaires"]
    car = " ".join(blocks["Automobile"].get_text(" ").split())
    assert (
        car
        == "Automobile Grand C4 Spacetourer Blue HDi Caumont-sur-Aure (14240) 16 500 € Découvrir"
    )


def test_each_filter_is_in_the_form_once(client, ads):
    for path in ("/annonces/", "/annonces/immobilier/"):
        page = BeautifulSoup(client.get(path).content, "html.parser")
        names = [field["name"] for field in page.select("form.ads-search [name]")]
        assert len(names) == len(set(names)), names


def test_words_ignore_accents_and_case(client, seller, moderator):
    ad_online(
        owner=seller,
        moderator=moderator,
        **{**CAR, "title": "Renault Zoé électrique", "brand": "Renault", "model_name": "Zoé"},
    )
    ad_online(
        owner=seller,
        moderator=moderator,
        **{**CAMERA, "title": "Table en chêne massif", "description": "Belle œuvre d'ébéniste."},
    )
    assert titles(client.get("/annonces/?q=zoe")) == ["Renault Zoé électrique"]
    assert titles(client.get("/annonces/?q=ZOÉ+Electrique")) == ["Renault Zoé électrique"]
    assert titles(client.get("/annonces/?q=chene")) == ["Table en chêne massif"]
    assert titles(client.get("/annonces/?q=CHÊNE")) == ["Table en chêne massif"]
    assert titles(client.get("/annonces/?q=oeuvre+ebeniste")) == ["Table en chêne massif"]
    assert titles(client.get("/annonces/bonnes-affaires/?q=chene")) == ["Table en chêne massif"]
    assert titles(client.get("/annonces/automobile/?q=chene")) == []


def test_an_edited_ad_is_found_by_its_new_words_without_accents(client, ads, seller, moderator):
    from rotative.classifieds.services import ad_approve, ad_draft_save

    ad = ad_draft_save(owner=seller, fields={"title": "Maison près de l'église"}, ad=ads["house"])
    ad_approve(moderator=moderator, ad=ad)
    assert titles(client.get("/annonces/?q=eglise")) == ["Maison près de l'église"]


def test_an_unknown_commune_is_said_so_never_ignored(client, ads):
    for where in ("Trifouilly-les-Oies", "99999"):
        response = client.get("/annonces/", {"ou": where})
        page = BeautifulSoup(response.content, "html.parser")
        error = page.select_one(".ads-search .field-error").get_text(strip=True)
        assert error.startswith(f"Commune introuvable : « {where} »")
        assert titles(response) == []  # not every ad of France, as if no place was asked
    assert titles(client.get("/annonces/", {"ou": "carantilly"})) == ["Maison à vendre"]


def test_an_alert_on_an_unknown_commune_is_refused(client, ads, seller):
    from rotative.alerts.models import SavedSearch

    client.force_login(seller)
    response = client.post(
        "/alertes/",
        {"kind": "annonces", "category": "", "query": "ou=Trifouilly", "frequency": "daily"},
        follow=True,
    )
    assert "Cette recherche contient un critère invalide" in response.content.decode()
    assert not SavedSearch.objects.exists()
