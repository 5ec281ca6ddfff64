"""Letters, alerts and notifications from the app: the same choices as the web's pages, a
reader's own searches and devices only, and no mail the web would not send."""

from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from taggit.models import Tag

from rotative.accounts.tests.factories import PASSWORD, ReaderFactory
from rotative.alerts import services as alert_services
from rotative.alerts.models import SavedSearch
from rotative.api.services import token_create
from rotative.api.tests.conftest import bearer
from rotative.geo.tests.factories import commune
from rotative.newsletter.models import PushSubscription, Subscriber
from rotative.newsletter.tests.push_service import Browser

pytestmark = pytest.mark.django_db

CHANGED = datetime(2026, 12, 8, 9, 30, tzinfo=UTC)
DEVICES = "/api/v1/notifications/abonnements"
PUSH = "https://fcm.googleapis.com/fcm/send/appareil-de-marie"


def put(client, key, **choices):
    body = {"morning": False, "breaking": False, **choices}
    return client.put("/api/v1/abonnements", body, content_type="application/json", **bearer(key))


# --- letters and breaking alerts ------------------------------------------------------------------


def test_a_reader_who_never_subscribed_sees_nothing_ticked_and_the_choices(
    client, reader_key, section
):
    response = client.get("/api/v1/abonnements", **bearer(reader_key))

    assert response.status_code == 200
    body = response.json()
    assert (body["email"], body["status"], body["receiving"]) == (
        "marie@example.fr",
        "none",
        False,
    )
    assert (body["morning"], body["breaking"], body["sections"]) == (False, False, [])
    assert {"id": section.pk, "title": "Manche"} in body["choices"]["sections"]


def test_a_change_is_saved_without_a_mail_and_shows_on_the_web_page(
    client, reader, reader_key, section, django_capture_on_commit_callbacks
):
    granville = commune("coutances")
    with django_capture_on_commit_callbacks(execute=True):
        response = put(client, reader_key, morning=True, sections=[section.pk], add_commune="50200")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["receiving"], body["morning"]) == ("confirmed", True, True)
    assert [one["title"] for one in body["sections"]] == ["Manche"]
    assert body["communes"][0]["id"] == granville.pk
    subscriber = Subscriber.objects.get(email="marie@example.fr")
    assert (subscriber.user, subscriber.morning, subscriber.breaking) == (reader, True, False)
    assert mail.outbox == []  # the account's address is proven: no confirmation mail
    # The web's « Lettres et alertes » shows the same choices.
    client.login(email="marie@example.fr", password=PASSWORD)
    page = BeautifulSoup(client.get("/newsletter/mon-compte/").content, "html.parser")
    assert page.select_one("input[name=morning]").has_attr("checked")
    assert not page.select_one("input[name=breaking]").has_attr("checked")
    assert page.select_one(f"input[name=sections][value='{section.pk}']").has_attr("checked")


def test_a_commune_left_out_is_no_longer_followed(client, reader_key, section):
    put(client, reader_key, morning=True, add_commune="50200")

    body = put(client, reader_key, morning=True, communes=[]).json()

    assert body["communes"] == []


def test_bad_choices_are_refused_field_by_field_in_french(client, reader_key, section):
    unknown_section = put(client, reader_key, sections=[987654])
    unknown_tag = put(client, reader_key, add_tag="Sujet inconnu")
    huge = put(client, reader_key, sections=[10**30])

    assert unknown_section.status_code == 422
    assert unknown_section.json()["errors"][0]["field"] == "sections"
    assert huge.status_code == 422
    assert unknown_tag.status_code == 422
    assert unknown_tag.json()["errors"] == [
        {
            "field": "add_tag",
            "code": "invalid",
            "message": "Aucun sujet ne s'appelle « Sujet inconnu » sur le site.",
        }
    ]
    assert not Subscriber.objects.exists()


def test_a_nul_character_is_stripped_from_what_is_typed(client, reader_key, section):
    Tag.objects.create(name="Tempête", slug="tempete")

    response = put(client, reader_key, breaking=True, add_tag="Temp\x00ête")

    assert response.status_code == 200
    assert [tag["name"] for tag in response.json()["tags"]] == ["Tempête"]


def test_an_unconfirmed_address_gets_no_letters_from_the_app(client, section):
    newcomer = ReaderFactory(email="paul@example.fr", verified=False)
    key = token_create(user=newcomer, device="Téléphone de Paul")[1]

    seen = client.get("/api/v1/abonnements", **bearer(key))
    changed = put(client, key, morning=True)

    assert seen.status_code == changed.status_code == 403
    assert changed.json()["code"] == "email_unverified"
    assert not Subscriber.objects.exists()


def test_unsubscribing_from_everything(client, reader_key, section):
    put(client, reader_key, morning=True, breaking=True)

    response = client.delete("/api/v1/abonnements", **bearer(reader_key))

    assert response.status_code == 204
    assert Subscriber.objects.get().status == "unsubscribed"
    assert client.get("/api/v1/abonnements", **bearer(reader_key)).json()["receiving"] is False


def test_preferences_need_a_key(client):
    assert client.get("/api/v1/abonnements").status_code == 401
    assert client.put("/api/v1/abonnements", {}, content_type="application/json").status_code == 401


# --- saved searches ------------------------------------------------------------------------------


def saved(user, kind, query):
    return alert_services.saved_search_create(
        user=user, kind=kind, category="", query=query, frequency="daily"
    )


@pytest.fixture
def others_search(db):
    return saved(ReaderFactory(email="autre@example.fr"), "agenda", "categorie=theatre")


def test_the_app_lists_the_readers_own_saved_searches(client, reader, reader_key, others_search):
    mine = saved(reader, "annonces", "q=velo")

    body = client.get("/api/v1/alertes", **bearer(reader_key)).json()

    assert body == [
        {
            "id": mine.pk,
            "label": "Toutes les annonces, « velo »",
            "kind": "annonces",
            "kind_label": "Petites annonces",
            "frequency": "daily",
            "frequency_label": "une fois par jour",
            "push": False,
            "created_at": body[0]["created_at"],
            "url": body[0]["url"],
        }
    ]
    assert body[0]["url"].endswith("/annonces/?q=velo")


def test_a_reader_changes_the_frequency_and_the_notifications_of_a_search(
    client, reader, reader_key
):
    mine = saved(reader, "agenda", "categorie=concert")

    response = client.patch(
        f"/api/v1/alertes/{mine.pk}",
        {"frequency": "instant", "push": True},
        content_type="application/json",
        **bearer(reader_key),
    )

    assert response.status_code == 200
    assert (response.json()["frequency"], response.json()["push"]) == ("instant", True)
    mine.refresh_from_db()
    assert (mine.frequency, mine.by_push) == ("instant", True)
    refused = client.patch(
        f"/api/v1/alertes/{mine.pk}",
        {"frequency": "weekly"},
        content_type="application/json",
        **bearer(reader_key),
    )
    assert refused.status_code == 422


def test_a_search_turned_daily_starts_its_digest_from_the_change(client, reader, reader_key):
    mine = alert_services.saved_search_create(
        user=reader, kind="agenda", category="", query="categorie=concert", frequency="instant"
    )
    with time_machine.travel(CHANGED, tick=False):
        client.patch(
            f"/api/v1/alertes/{mine.pk}",
            {"frequency": "daily"},
            content_type="application/json",
            **bearer(reader_key),
        )

    mine.refresh_from_db()
    # What the instant alerts already sent is not sent again in the next daily mail.
    assert (mine.frequency, mine.checked_until) == ("daily", CHANGED)


def test_another_readers_search_is_a_404_and_stays_as_it_was(client, reader_key, others_search):
    changed = client.patch(
        f"/api/v1/alertes/{others_search.pk}",
        {"push": True},
        content_type="application/json",
        **bearer(reader_key),
    )
    deleted = client.delete(f"/api/v1/alertes/{others_search.pk}", **bearer(reader_key))

    assert changed.status_code == deleted.status_code == 404
    assert changed.json()["code"] == "not_found"
    others_search.refresh_from_db()
    assert others_search.by_push is False


def test_a_reader_deletes_their_search(client, reader, reader_key):
    mine = saved(reader, "annonces", "q=velo")

    response = client.delete(f"/api/v1/alertes/{mine.pk}", **bearer(reader_key))

    assert response.status_code == 204
    assert not SavedSearch.objects.filter(pk=mine.pk).exists()
    assert client.delete(f"/api/v1/alertes/{mine.pk}", **bearer(reader_key)).status_code == 404


# --- devices -------------------------------------------------------------------------------------


def subscribe(client, key, endpoint, **extra):
    body = {**Browser().subscription_json(endpoint), **extra}
    return client.post(
        "/api/v1/notifications/abonnements", body, content_type="application/json", **bearer(key)
    )


def test_a_device_is_registered_for_the_reader(client, reader, reader_key):
    response = subscribe(client, reader_key, PUSH, breaking_news=False)

    assert response.status_code == 201
    assert response.json()["message"].startswith("C'est fait")
    device = PushSubscription.objects.get()
    assert (device.endpoint, device.user, device.breaking_news) == (PUSH, reader, False)


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://fcm.googleapis.com/fcm/send/x",
        "https://127.0.0.1/push",
        "https://127.0.0.1\\@fcm.googleapis.com/fcm/send/x",
        "https://exemple.fr/push",
    ],
)
def test_only_a_push_services_https_address_is_accepted(client, reader_key, endpoint):
    response = subscribe(client, reader_key, endpoint)

    assert response.status_code == 422
    assert response.json()["code"] == "push_subscription_invalid"
    assert not PushSubscription.objects.exists()


def test_a_reader_removes_their_device_and_only_theirs(client, reader, reader_key):
    subscribe(client, reader_key, PUSH)
    other = "https://fcm.googleapis.com/fcm/send/appareil-de-paul"
    paul = token_create(user=ReaderFactory(email="paul@example.fr"), device="Paul")[1]
    subscribe(client, paul, other)

    # The endpoint goes in the query string (a DELETE's body is dropped by some clients).
    theirs = client.delete(f"{DEVICES}?{urlencode({'endpoint': other})}", **bearer(reader_key))
    mine = client.delete(f"{DEVICES}?{urlencode({'endpoint': PUSH})}", **bearer(reader_key))

    assert theirs.status_code == 404
    assert mine.status_code == 204
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [other]
