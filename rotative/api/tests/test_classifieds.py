"""Petites annonces in the app: the site's search and visibility, posting into moderation,
writing to an advertiser within the site's limits, « Mes annonces »."""

import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rotative.accounts.tests.factories import ReaderFactory
from rotative.api.tests.conftest import bearer
from rotative.classifieds import services
from rotative.classifieds.models import Ad, AdMessage
from rotative.classifieds.photos import photos_process
from rotative.classifieds.tests.factories import CAMERA, CAR, HOUSE, ad_online
from rotative.geo.tests.factories import commune

pytestmark = pytest.mark.django_db

URL = "/api/v1/annonces"
NOW = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def seller(db):
    return ReaderFactory(email="vendeur@example.fr", display_name="Yves V.")


@pytest.fixture
def moderator(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("moderation", "moderation@example.fr", "x")


def online(seller, moderator, *, days_ago=0, **fields):
    """An ad validated `days_ago` days before NOW."""
    with time_machine.travel(NOW - timedelta(days=days_ago), tick=False):
        return ad_online(owner=seller, moderator=moderator, **fields)


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["results"]]


def test_the_list_shows_online_ads_newest_first_and_never_the_others(client, seller, moderator):
    online(seller, moderator, days_ago=3, title="Longère ancienne")
    online(seller, moderator, days_ago=1, title="Maison de bourg")
    expired = online(seller, moderator, days_ago=61, title="Maison expirée")
    sold = online(seller, moderator, title="Maison vendue")
    services.ad_mark_sold(owner=seller, ad=sold)
    pending = services.ad_draft_save(
        owner=seller,
        fields={**HOUSE, "title": "Maison en attente", "commune": commune("carantilly")},
    )
    services.ad_submit(ad=pending)
    assert not expired.is_online
    assert titles(client.get(URL)) == ["Maison de bourg", "Longère ancienne"]


def test_an_ad_reads_as_on_its_page(client, seller, moderator, settings):
    ad = online(seller, moderator)
    body = client.get(f"{URL}/{ad.pk}").json()
    assert body["title"] == "Maison à vendre"
    assert body["commune"]["label"] == "Carantilly (50570)"
    assert body["commune"]["postal_code"] == "50570"
    assert body["price"] == 120_600
    assert body["price_label"] == "120\u202f600\u00a0€"
    assert body["category_label"] == "Immobilier"
    assert body["url"] == settings.SITE_URL + ad.get_absolute_url()
    assert {"label": "Classe énergie (DPE)", "value": "D"} in body["attributes"]
    assert body["state"] == "published"
    assert body["description"] == HOUSE["description"]
    assert body["can_contact"] is False  # nobody signed in


def test_photos_come_as_absolute_renditions_with_their_sizes(client, seller, moderator, settings):
    ad = online(seller, moderator)
    picture = io.BytesIO()
    Image.new("RGB", (2400, 1600), "teal").save(picture, "JPEG")
    processed, refused = photos_process(files=[("jardin.jpg", picture.getvalue())])
    assert not refused
    services.ad_photos_update(ad=ad, add=processed)
    body = client.get(f"{URL}/{ad.pk}").json()
    photo = body["photos"][0]
    assert (photo["gallery"]["width"], photo["gallery"]["height"]) == (1600, 1067)
    assert (photo["listing"]["width"], photo["listing"]["height"]) == (480, 320)
    assert (photo["thumbnail"]["width"], photo["thumbnail"]["height"]) == (160, 120)
    assert photo["gallery"]["url"].startswith(settings.SITE_URL)
    assert photo["gallery"]["url"].endswith(".webp")
    assert titles(client.get(URL)) == ["Maison à vendre"]
    assert client.get(URL).json()["results"][0]["photo"]["listing"]["width"] == 480


@pytest.mark.parametrize("state", ["pending", "rejected", "sold", "deleted", "expired", "draft"])
def test_an_ad_not_online_is_a_404_for_another_reader(client, seller, moderator, reader, state):
    ad = online(seller, moderator)
    if state == "expired":
        Ad.objects.filter(pk=ad.pk).update(expires_at=NOW - timedelta(seconds=1))
    else:
        Ad.objects.filter(pk=ad.pk).update(status=state)
    from rotative.api.services import token_create

    key = token_create(user=reader, device="Téléphone")[1]
    for headers in ({}, bearer(key)):
        response = client.get(f"{URL}/{ad.pk}", **headers)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert client.get(f"{URL}/{10**6}").status_code == 404


def test_its_author_sees_an_ad_waiting_for_validation(client, seller):
    from rotative.api.services import token_create

    ad = services.ad_draft_save(owner=seller, fields={**HOUSE, "commune": commune("carantilly")})
    services.ad_submit(ad=ad)
    key = token_create(user=seller, device="Téléphone")[1]
    body = client.get(f"{URL}/{ad.pk}", **bearer(key)).json()
    assert body["state"] == "pending"
    assert client.get(f"{URL}/{ad.pk}").status_code == 404


def test_the_filters_are_the_sites(client, seller, moderator):
    online(seller, moderator, days_ago=4, where="carantilly", **CAR)  # 16 500 €
    online(
        seller, moderator, days_ago=3, where="cherbourg", **{**CAR, "title": "Clio", "price": 9_000}
    )
    online(seller, moderator, days_ago=2, where="coutances", **CAMERA)  # 2 900 €, 14 km away
    online(seller, moderator, days_ago=1, where="carantilly")  # the house, 120 600 €
    assert titles(client.get(URL, {"categorie": "automobile", "ou": "50570"})) == [
        "Grand C4 Spacetourer Blue HDi"
    ]
    assert titles(client.get(URL, {"ou": "Carantilly (50570)", "rayon": 20})) == [
        "Maison à vendre",
        "Leica Q2 à l'état neuf",
        "Grand C4 Spacetourer Blue HDi",
    ]
    by_price = client.get(URL, {"prix_min": 2000, "prix_max": 20000, "tri": "prix-croissant"})
    assert titles(by_price) == ["Leica Q2 à l'état neuf", "Clio", "Grand C4 Spacetourer Blue HDi"]
    by_price = client.get(URL, {"tri": "prix-decroissant", "page_size": 2})
    assert titles(by_price) == ["Maison à vendre", "Grand C4 Spacetourer Blue HDi"]
    assert titles(client.get(by_price.json()["next"])) == ["Clio", "Leica Q2 à l'état neuf"]
    assert titles(client.get(URL, {"q": "LEICA"})) == ["Leica Q2 à l'état neuf"]
    assert titles(client.get(URL, {"ou": "50", "fuel": "diesel"})) == [
        "Clio",
        "Grand C4 Spacetourer Blue HDi",
    ]
    assert titles(client.get(URL, {"annee_min": 2020})) == []


def test_an_unknown_commune_is_said_never_searched_without(client, seller, moderator):
    online(seller, moderator)
    response = client.get(URL, {"ou": "Trifouilly-les-Oies"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "ou"
    assert "Commune introuvable" in response.json()["message"]


def test_bad_search_input_is_a_422(client):
    assert client.get(URL, {"categorie": "bateaux"}).status_code == 422
    assert client.get(URL, {"prix_min": 10**12}).status_code == 422
    assert client.get(URL, {"rayon": 7, "ou": "50570"}).status_code == 422
    assert client.get(URL, {"tri": "hasard"}).status_code == 422
    assert client.get(URL, {"cursor": "pas-un-curseur"}).status_code == 422


def test_the_cursor_gives_the_next_page_without_repeats(client, seller, moderator):
    for day in range(5):
        online(seller, moderator, days_ago=day, title=f"Annonce {day}")
    first = client.get(URL, {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    seen = [item["title"] for page in (first, second, third) for item in page["results"]]
    assert seen == [f"Annonce {day}" for day in range(5)]
    assert third["next"] is None


def test_the_list_reads_a_bounded_number_of_queries(
    client, seller, moderator, django_assert_max_num_queries
):
    for day in range(12):
        online(seller, moderator, days_ago=day, title=f"Annonce {day}")
    with django_assert_max_num_queries(4):  # ads, communes, photos (+ the throttle's none)
        assert len(titles(client.get(URL))) == 12
    with django_assert_max_num_queries(6):
        assert len(titles(client.get(URL, {"ou": "Carantilly (50570)", "rayon": 10}))) == 12


# --- posting --------------------------------------------------------------------------------


def payload(**overrides) -> dict:
    data = {**HOUSE, "commune": "Carantilly (50570)", **overrides}
    return data


def test_posting_without_a_token_is_refused(client):
    response = client.post(URL, payload(), content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_required"


def test_a_posted_ad_waits_for_a_moderator_like_on_the_site(client, reader, reader_key, moderator):
    commune("carantilly")
    response = client.post(URL, payload(), content_type="application/json", **bearer(reader_key))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "pending"
    ad = Ad.objects.get(pk=body["id"])
    assert ad.status == Ad.Status.PENDING and ad.owner == reader
    assert titles(client.get(URL)) == []
    assert client.get(f"{URL}/{ad.pk}").status_code == 404
    services.ad_approve(moderator=moderator, ad=ad)
    assert titles(client.get(URL)) == ["Maison à vendre"]


def test_posting_says_what_the_sites_form_says(client, reader_key):
    commune("carantilly")
    response = client.post(
        URL,
        payload(energy_class=None, ghg_class=None),
        content_type="application/json",
        **bearer(reader_key),
    )
    assert response.status_code == 422
    assert (
        "Depuis 2022, la loi impose d'indiquer la classe énergie (DPE)"
        in (response.json()["message"])
    )
    unknown = client.post(
        URL, payload(commune="Nulle-Part"), content_type="application/json", **bearer(reader_key)
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "commune"
    assert not Ad.objects.exists()


def test_a_banned_word_refuses_the_ad_and_keeps_no_draft(client, reader_key):
    from rotative.comments.models import ModerationWord

    commune("carantilly")
    ModerationWord.objects.create(word="arme", action="reject")
    response = client.post(
        URL,
        payload(description="Belle maison, vendue avec une arme"),
        content_type="application/json",
        **bearer(reader_key),
    )
    assert response.status_code == 422
    assert response.json()["code"] == "ad_refused"
    assert response.json()["message"] == (
        "Votre annonce contient un terme refusé sur ce site : « arme »."
    )
    assert not Ad.objects.exists()


def test_nul_characters_and_huge_numbers_never_reach_the_database(client, reader_key):
    commune("carantilly")
    response = client.post(
        URL,
        payload(title="Maison\x00 à vendre", description="Jardin\x00 clos"),
        content_type="application/json",
        **bearer(reader_key),
    )
    assert response.status_code == 201, response.content
    assert Ad.objects.get().title == "Maison à vendre"
    huge = client.post(
        URL, payload(surface=10**30), content_type="application/json", **bearer(reader_key)
    )
    assert huge.status_code == 422


def test_an_unconfirmed_reader_cannot_post(client):
    from rotative.api.services import token_create

    unconfirmed = ReaderFactory(verified=False)
    key = token_create(user=unconfirmed, device="Téléphone")[1]
    response = client.post(URL, payload(), content_type="application/json", **bearer(key))
    assert response.status_code == 403
    assert response.json()["code"] == "email_unverified"


# --- messages -------------------------------------------------------------------------------


def test_writing_to_the_advertiser_is_limited_like_on_the_site(
    client, seller, moderator, reader_key
):
    ad = online(seller, moderator)
    assert client.get(f"{URL}/{ad.pk}", **bearer(reader_key)).json()["can_contact"] is True
    url = f"{URL}/{ad.pk}/messages"
    first = client.post(
        url,
        {"text": "Est-elle encore libre ?"},
        content_type="application/json",
        **bearer(reader_key),
    )
    assert first.status_code == 201, first.content
    assert AdMessage.objects.get().text == "Est-elle encore libre ?"
    again = client.post(
        url, {"text": "Et le jardin ?"}, content_type="application/json", **bearer(reader_key)
    )
    assert again.status_code == 429
    assert again.json()["code"] == "rate_limited"
    assert "patientez quelques secondes" in again.json()["message"]
    assert AdMessage.objects.count() == 1


def test_an_offline_ad_cannot_be_written_to(client, seller, moderator, reader_key):
    ad = online(seller, moderator, days_ago=61)
    response = client.post(
        f"{URL}/{ad.pk}/messages",
        {"text": "Bonjour"},
        content_type="application/json",
        **bearer(reader_key),
    )
    assert response.status_code == 404
    assert (
        client.post(
            f"{URL}/{ad.pk}/messages", {"text": "Bonjour"}, content_type="application/json"
        ).status_code
        == 401
    )


# --- « Mes annonces » -----------------------------------------------------------------------


def test_my_ads_lists_the_readers_own_ads_with_their_state(
    client, reader, reader_key, seller, moderator
):
    online(seller, moderator, title="L'annonce d'un autre")
    mine = online(reader, moderator, days_ago=70, title="Ma maison expirée")
    draft = services.ad_draft_save(owner=reader, fields={**CAR, "commune": commune("carantilly")})
    response = client.get("/api/v1/moi/annonces", **bearer(reader_key))
    assert response.status_code == 200
    rows = {item["title"]: item for item in response.json()["results"]}
    assert set(rows) == {"Ma maison expirée", draft.title}
    assert rows["Ma maison expirée"]["state"] == "expired"
    assert rows["Ma maison expirée"]["state_label"] == "Expirée"
    assert rows[draft.title]["state"] == "draft"
    assert rows[draft.title]["url"].endswith(f"/annonces/{draft.pk}/apercu/")
    assert mine.pk in {item["id"] for item in response.json()["results"]}
    assert client.get("/api/v1/moi/annonces").status_code == 401


def test_a_revoked_token_is_told_even_on_a_public_read(client, seller, moderator):
    ad = online(seller, moderator)
    response = client.get(f"{URL}/{ad.pk}", **bearer("plus-valable"))
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"


def test_my_ads_read_a_bounded_number_of_queries(
    client, reader, reader_key, moderator, django_assert_max_num_queries
):
    for day in range(8):
        online(reader, moderator, days_ago=day, title=f"Annonce {day}")
    with django_assert_max_num_queries(7):  # token, its use, ads, communes, photos
        response = client.get("/api/v1/moi/annonces", **bearer(reader_key))
    assert [item["title"] for item in response.json()["results"]] == [
        f"Annonce {day}" for day in range(8)
    ]


def jpeg(name="jardin.jpg", size=(2400, 1600)) -> SimpleUploadedFile:
    picture = io.BytesIO()
    Image.new("RGB", size, "teal").save(picture, "JPEG")
    return SimpleUploadedFile(name, picture.getvalue(), content_type="image/jpeg")


def test_photos_join_ones_own_ad_which_goes_back_to_moderation(
    client, reader, reader_key, seller, moderator
):
    ad = online(reader, moderator)
    response = client.post(f"{URL}/{ad.pk}/photos", {"photos": [jpeg()]}, **bearer(reader_key))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "pending"
    assert (body["photos"][0]["gallery"]["width"], body["photos"][0]["gallery"]["height"]) == (
        1600,
        1067,
    )
    ad.refresh_from_db()
    assert ad.status == Ad.Status.PENDING and ad.photos.count() == 1
    assert client.get(f"{URL}/{ad.pk}").status_code == 404  # offline until validated again
    others = online(seller, moderator, title="L'annonce d'un autre")
    refused = client.post(f"{URL}/{others.pk}/photos", {"photos": [jpeg()]}, **bearer(reader_key))
    assert refused.status_code == 404
    assert others.photos.count() == 0


def test_a_bad_photo_is_named_with_its_reason(client, reader, reader_key, moderator):
    ad = online(reader, moderator)
    fake = SimpleUploadedFile("contrat.pdf", b"%PDF-1.4 pas une image", content_type="image/jpeg")
    response = client.post(f"{URL}/{ad.pk}/photos", {"photos": [fake]}, **bearer(reader_key))
    assert response.status_code == 422
    assert response.json()["code"] == "photos_refused"
    assert "contrat.pdf" in response.json()["message"]
    too_many = [jpeg(f"p{n}.jpg", (40, 30)) for n in range(11)]
    response = client.post(f"{URL}/{ad.pk}/photos", {"photos": too_many}, **bearer(reader_key))
    assert response.status_code == 422
    assert response.json()["message"].startswith("Au plus 10 photos par annonce")
    ad.refresh_from_db()
    assert ad.is_online and ad.photos.count() == 0
