"""Hostile or malformed input on the ads' pages: a 4xx or a French form error, never a 500."""

import pytest
from bs4 import BeautifulSoup

from rotative.accounts.tests.factories import ReaderFactory
from rotative.alerts.models import SavedSearch
from rotative.classifieds.tests.factories import ad_online

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
HOSTILE = [HUGE, str(10**30), "abc", "-1", "1e30", "\x00", "a\x00b", "'\"<>", "x" * 5000]


def field_errors(response) -> str:
    page = BeautifulSoup(response.content, "html.parser")
    return " ".join(error.get_text(" ", strip=True) for error in page.select(".field-error"))


@pytest.fixture
def reader(db):
    return ReaderFactory(email="chercheur@example.fr", display_name="Louis C.")


def test_a_price_beyond_the_database_integers_is_a_french_form_error(client):
    response = client.get("/annonces/immobilier/", {"prix_min": str(10**30)})
    assert response.status_code == 200
    assert "inférieure ou égale à 1000000000" in field_errors(response)


@pytest.mark.parametrize("value", [str(10**30), HUGE])
def test_an_alert_with_a_huge_price_is_refused_in_french(client, reader, value):
    client.force_login(reader)
    response = client.post(
        "/alertes/",
        {
            "kind": "annonces",
            "category": "immobilier",
            "query": f"prix_min={value}",
            "frequency": "daily",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Cette recherche contient un critère invalide" in response.content.decode()
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize("value", ["abc", "\x00", "1 OR 1=1", HUGE, "", "-1"])
def test_deleting_an_alert_by_a_malformed_id_is_a_404_and_deletes_nothing(client, reader, value):
    client.force_login(reader)
    client.post(
        "/alertes/", {"kind": "annonces", "category": "", "query": "q=velo", "frequency": "daily"}
    )
    response = client.post("/alertes/", {"delete": value})
    assert response.status_code == 404
    assert SavedSearch.objects.count() == 1


SEARCH_PARAMETERS = [
    "q",
    "ou",
    "rayon",
    "prix_min",
    "prix_max",
    "surface_min",
    "annee_max",
    "km_min",
    "transaction",
    "fuel",
    "tri",
    "page",
]


@pytest.mark.parametrize("path", ["/annonces/", "/annonces/automobile/", "/communes.json"])
def test_every_search_parameter_takes_hostile_values_without_a_server_error(client, path):
    for name in SEARCH_PARAMETERS:
        for value in HOSTILE:
            response = client.get(path, {name: value})
            assert response.status_code < 500, (name, value)


def test_every_ad_page_takes_hostile_ids_without_a_server_error(client, seller, moderator, reader):
    ad = ad_online(owner=seller, moderator=moderator)
    client.force_login(reader)
    pages = [
        "/annonces/{}-annonce/",
        "/annonces/{}/modifier/",
        "/annonces/{}/apercu/",
        "/annonces/{}/contacter/",
        "/annonces/{}/signaler/",
        "/annonces/{}/vendue/",
        "/annonces/{}/messages/{}/",
        "/annonces/{}/",
        "/annonces/alertes/arreter/{}/",
        "/alertes/arreter/{}/",
    ]
    for page in pages:
        for value in [HUGE, "abc", "%00", "'\"", "x" * 2000]:
            for path in (page.format(value, value), page.format(ad.pk, value)):
                for method in (client.get, client.post):
                    assert method(path).status_code < 500, path
    for value in HOSTILE:
        form = {"title": value, "description": value, "price": value, "commune_text": value}
        for category in ("immobilier", "automobile", value):
            response = client.post(f"/annonces/deposer/?categorie={category}", form)
            assert response.status_code < 500, (category, value)
        assert client.post(f"/annonces/{ad.pk}/signaler/", {"reason": value}).status_code < 500
        assert client.post(f"/annonces/{ad.pk}/contacter/", {"text": value}).status_code < 500
