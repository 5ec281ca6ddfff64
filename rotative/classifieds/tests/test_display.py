"""How ads read: French numbers with their unit, rentals by the month, the side column's four
ads per category, « Mes annonces » from « Mon compte »."""

import re

import pytest
from bs4 import BeautifulSoup

from rotative.classifieds.tests.factories import CAMERA, CAR, HOUSE, ad_online

pytestmark = pytest.mark.django_db

RENTAL = {
    **HOUSE,
    "title": "Appartement T2 vue sur le port",
    "transaction": "location",
    "property_type": "appartement",
    "price": 640,
    "surface": 41,
    "land_surface": None,
    "charges": 1_250,
}


def page(response):
    return BeautifulSoup(response.content, "html.parser")


def squeezed(node) -> str:
    """Text on one line; the narrow and no-break spaces of numbers kept as they are."""
    return re.sub(r"[ \t\r\n]+", " ", node.get_text(" ")).strip()


def table_rows(response) -> dict[str, str]:
    rows = page(response).select("table.ad-detail__attributes tr")
    return {row.th.get_text(strip=True): row.td.get_text(strip=True) for row in rows}


def test_a_rental_is_priced_by_the_month_on_its_card_its_page_and_the_side_column(
    client, seller, moderator, section
):
    from rotative.news.tests.factories import ArticlePageFactory

    rental = ad_online(owner=seller, moderator=moderator, **RENTAL)
    card = page(client.get("/annonces/immobilier/")).select_one(".ad-card")
    assert card.select_one(".ad-card__price").get_text() == "640\u00a0€\u00a0/ mois"
    detail_response = client.get(rental.get_absolute_url())
    detail = page(detail_response)
    assert detail.select_one(".ad-detail__price").get_text() == "640\u00a0€\u00a0/ mois"
    assert table_rows(detail_response)["Charges"] == "1\u202f250\u00a0€\u00a0/ mois"
    article = ArticlePageFactory(parent=section)
    side = page(client.get(article.url)).select_one(".ads-side__ad")
    assert side.select_one(".ads-side__price").get_text() == "640\u00a0€\u00a0/ mois"


def test_a_sale_is_not_priced_by_the_month(client, seller, moderator):
    ad_online(owner=seller, moderator=moderator)
    card = page(client.get("/annonces/immobilier/")).select_one(".ad-card")
    assert card.select_one(".ad-card__price").get_text() == "120\u202f600\u00a0€"


def test_thousands_are_separated_on_cards_and_in_the_table(client, seller, moderator):
    car = ad_online(owner=seller, moderator=moderator, **{**CAR, "mileage": 61_000})
    house = ad_online(owner=seller, moderator=moderator, **{**HOUSE, "land_surface": 12_500})
    card = page(client.get("/annonces/automobile/")).select_one(".ad-card")
    assert card.select_one(".ad-card__facts").get_text() == "2019 · 61\u202f000\u00a0km · Diesel"
    assert card.select_one(".ad-card__price").get_text() == "16\u202f500\u00a0€"
    table = table_rows(client.get(car.get_absolute_url()))
    assert table["Kilométrage"] == "61\u202f000\u00a0km"
    assert table["Année"] == "2019"  # a year is not a quantity: no separator
    table = table_rows(client.get(house.get_absolute_url()))
    assert table["Surface du terrain"] == "12\u202f500\u00a0m²"
    assert table["Surface habitable"] == "110\u00a0m²"


def test_alert_mails_show_rentals_by_the_month(
    client, seller, moderator, smtp_server, django_capture_on_commit_callbacks
):
    from rotative.accounts.tests.factories import ReaderFactory

    client.force_login(ReaderFactory(email="locataire@example.fr"))
    client.post(
        "/alertes/",
        {
            "kind": "annonces",
            "category": "immobilier",
            "query": "transaction=location",
            "frequency": "instant",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        ad_online(owner=seller, moderator=moderator, **RENTAL)
    (mail,) = smtp_server.wait_for(1)
    assert "Granville" not in smtp_server.text(mail)
    assert "Carantilly (50570), 640\u00a0€\u00a0/ mois" in smtp_server.text(mail)
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "640\u00a0€\u00a0/ mois" in html


def test_the_side_column_shows_four_ads_per_category_with_discover(
    client, seller, moderator, section
):
    from rotative.news.tests.factories import ArticlePageFactory

    for category in (HOUSE, CAR, CAMERA):
        for n in range(5):
            ad_online(owner=seller, moderator=moderator, **{**category, "title": f"Annonce {n}"})
    article = ArticlePageFactory(parent=section)
    side = page(client.get(article.url)).select_one(".ads-side")
    blocks = side.select(".ads-side__block")
    assert [squeezed(block.select_one("h3")) for block in blocks] == [
        "Immobilier",
        "Automobile",
        "Bonnes affaires",
    ]
    for block in blocks:
        ads = block.select(".ads-side__ad")
        assert len(ads) == 4
        for ad in ads:
            assert ad.select_one(".ads-side__place").get_text() == "Carantilly (50570)"
            assert ad.select_one(".ads-side__more").get_text(strip=True) == "Découvrir"
    assert (
        squeezed(blocks[0].select_one(".ads-side__ad"))
        == "Annonce 4 Carantilly (50570) 120\u202f600\u00a0€ Découvrir"
    )


def test_my_ads_are_reached_from_my_account(client, seller):
    client.force_login(seller)
    account = page(client.get("/compte/"))
    link = account.select_one(".account-nav a[href='/annonces/mes-annonces/']")
    assert link is not None and link.get_text(strip=True) == "Mes annonces"
    mine = page(client.get(link["href"]))
    assert mine.select_one("h1").get_text(strip=True) == "Mes annonces"
    current = mine.select_one(".account-nav a[aria-current=page]")
    assert current.get_text(strip=True) == "Mes annonces"
