"""Saved searches of the agenda: « concerts à moins de 20 km de Coutances » sends the new
events that match, by mail and on the reader's browsers, through the ads' alert engine."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from rotative.accounts.tests.factories import ReaderFactory
from rotative.agenda import services
from rotative.agenda.tests.factories import event, paris
from rotative.alerts import services as alerts
from rotative.alerts.models import SavedSearch
from rotative.geo.tests.factories import commune
from rotative.newsletter import services as newsletter
from rotative.newsletter.tests.push_service import (  # noqa: F401 (a fixture)
    Browser,
    push_service_fixture,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
NEAR_CONCERTS = "categorie=concert&commune=Coutances+%2850200%29&rayon=20"


@pytest.fixture
def reader(db):
    return ReaderFactory(email="melomane@example.fr", display_name="Jeanne M.")


def save(client, reader, query, frequency="instant", push=False):
    client.force_login(reader)
    data = {"kind": "agenda", "category": "", "query": query, "frequency": frequency}
    if push:
        data["push"] = "1"
    client.post("/alertes/", data)
    return SavedSearch.objects.get(user=reader)


@time_machine.travel(NOW, tick=True)
def test_a_new_concert_nearby_is_mailed_and_pushed_once_online(
    client,
    reader,
    organiser,
    moderator,
    smtp_server,
    push_service,
    django_capture_on_commit_callbacks,
):
    commune("coutances")
    saved = save(client, reader, NEAR_CONCERTS, push=True)
    assert saved.label == "Concert, Coutances (50200) + 20 km"
    browser = Browser()
    newsletter.push_subscription_save(
        endpoint=push_service.endpoint("jeanne"),
        **browser.subscription_json("x")["keys"],
        user=reader,
        breaking_news=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        event(title="Pièce de boulevard", category="theatre")  # another category
        event(title="Fanfare du Bessin", where="caumont")  # 46 km away
        waiting = event(organiser=organiser, title="Quatuor à cordes")  # not validated yet
    assert smtp_server.messages == [] and push_service.requests == []

    with django_capture_on_commit_callbacks(execute=True):
        services.event_moderate(moderator=moderator, event=waiting, publish=True)

    # The organiser is told their event is online; the reader, that it matches her search.
    mails = {mail["To"]: mail for mail in smtp_server.wait_for(2)}
    assert set(mails) == {"melomane@example.fr", "organisateur@example.fr"}
    mail = mails["melomane@example.fr"]
    assert str(mail["Subject"]).strip() == "Nouvelles sorties : Concert, Coutances (50200) + 20 km"
    body = smtp_server.text(mail)
    assert "Quatuor à cordes, samedi 20 mars à 20h30, Salle des fêtes, Carantilly (50570)" in body
    assert smtp_server.first_link(waiting.get_absolute_url(), mail)
    (request,) = push_service.received("jeanne")
    shown = browser.read(request)
    assert shown["title"] == "Nouvelles sorties : Concert, Coutances (50200) + 20 km"
    assert shown["body"] == "Quatuor à cordes" and shown["url"].endswith(waiting.get_absolute_url())

    # Sent back to moderation by a change and validated again, it is not news any more.
    services.event_update(event=waiting, by=organiser, title="Quatuor à cordes (complet)")
    with django_capture_on_commit_callbacks(execute=True):
        services.event_moderate(moderator=moderator, event=waiting, publish=True)
    smtp_server.wait_for(3)  # the organiser's second « en ligne »
    assert [m["To"] for m in smtp_server.messages].count("melomane@example.fr") == 1


@time_machine.travel(NOW, tick=True)
def test_the_daily_alert_lists_what_went_online_since_the_last_one(client, reader, smtp_server):
    saved = save(client, reader, "quand=&gratuit=on", frequency="daily")
    assert saved.label == "Toutes les sorties, gratuit"
    SavedSearch.objects.filter(pk=saved.pk).update(
        checked_until=timezone.now() - timedelta(hours=1)
    )
    event(title="Marché de Noël", category="marche", is_free=True)
    event(title="Gala payant", price="15 €")

    assert alerts.alerts_daily() == 1
    (mail,) = smtp_server.wait_for(1)
    assert "Marché de Noël" in smtp_server.text(mail)
    assert "Gala payant" not in smtp_server.text(mail)
    assert alerts.alerts_daily() == 0  # nothing new since


@time_machine.travel(NOW, tick=True)
def test_an_event_past_the_searched_window_is_not_sent(client, reader, smtp_server):
    save(client, reader, "du=2027-03-06&au=2027-03-07", frequency="daily")
    SavedSearch.objects.update(checked_until=timezone.now() - timedelta(hours=1))
    event(title="Bal du printemps", starts_at=paris(2027, 3, 20, 21, 0))
    event(title="Loto des écoles", starts_at=paris(2027, 3, 6, 14, 0))

    assert alerts.alerts_daily() == 1
    text = smtp_server.text(smtp_server.wait_for(1)[0])
    assert "Loto des écoles" in text and "Bal du printemps" not in text


def test_the_listing_offers_the_alert_to_a_logged_in_reader_only(client, reader):
    assert "Créer l'alerte" not in client.get("/agenda/?categorie=concert").content.decode()
    client.force_login(reader)
    page = client.get("/agenda/?categorie=concert").content.decode()
    assert 'name="kind" value="agenda"' in page and "Créer l'alerte" in page


def test_an_invalid_search_is_refused_with_its_reason(client, reader):
    client.force_login(reader)
    response = client.post(
        "/alertes/",
        {"kind": "agenda", "query": "commune=Trifouilly-les-Oies", "frequency": "daily"},
        follow=True,
    )
    assert "Cette recherche contient un critère invalide" in response.content.decode()
    assert not SavedSearch.objects.exists()


@time_machine.travel(NOW, tick=True)
def test_a_search_saved_from_the_concerts_page_keeps_its_style(client, reader, smtp_server):
    client.force_login(reader)
    client.post(
        "/alertes/",
        {
            "kind": "agenda",
            "category": "concert",
            "query": "style=jazz-blues",
            "frequency": "daily",
        },
    )
    saved = SavedSearch.objects.get(user=reader)
    assert saved.label == "Concert (jazz, blues)"
    assert saved.get_search_url() == "/agenda/concerts/?style=jazz-blues"
    SavedSearch.objects.update(checked_until=timezone.now() - timedelta(hours=1))
    event(title="Quartet du Parvis", music_style="jazz-blues")
    event(title="Les Vagues", music_style="rock-pop")
    event(title="Exposition de jazz", category="exposition")

    assert alerts.alerts_daily() == 1
    text = smtp_server.text(smtp_server.wait_for(1)[0])
    assert "Quartet du Parvis" in text
    assert "Les Vagues" not in text and "Exposition de jazz" not in text
