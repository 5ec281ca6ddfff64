"""Reminders: a reader who asked for them hears, once per match day, of the matches starting
soon they have not predicted; by mail (a real SMTP server) or a notification on their
browser (the project's test push service), and stops them in one click."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings

from rotative.accounts.tests.factories import ReaderFactory
from rotative.newsletter import services as newsletter
from rotative.newsletter.tests.push_service import (  # noqa: F401 (a fixture)
    Browser,
    push_service_fixture,
)
from rotative.pronostics import services
from rotative.pronostics.models import ReminderPreference, ReminderSent
from rotative.pronostics.tasks import pronostics_reminders_send
from rotative.pronostics.tests.factories import match, match_day, paris

pytestmark = pytest.mark.django_db

FRIDAY_EVENING = paris(2026, 12, 11, 20, 0)
BEFORE = paris(2026, 12, 9, 12, 0)


@pytest.fixture
def weekend():
    """The 1st match day: Saturday 18h00 (within 24 hours of Friday evening) and Sunday."""
    day = match_day(1)
    return [
        match(day=day, kickoff=paris(2026, 12, 12, 18, 0)),
        match(
            "AS Valognes",
            "SU Dives-Cabourg",
            day=day,
            kickoff=paris(2026, 12, 13, 15, 0),
            venue="Stade Paul-Lebas",
        ),
    ]


def opted(email: str, name: str, *, by_email=True, by_push=False):
    reader = ReaderFactory(email=email, display_name=name)
    services.reminder_preference_set(user=reader, by_email=by_email, by_push=by_push)
    return reader


def predict(reader, game, score=(1, 0)):
    services.prediction_save(
        user=reader, match=game, home_goals=score[0], away_goals=score[1], now=BEFORE
    )


def test_a_reader_who_has_not_predicted_gets_one_mail_listing_the_days_matches(
    smtp_server, weekend
):
    opted("anne@example.fr", "Anne")
    everything = opted("bruno@example.fr", "Bruno")
    for game in weekend:
        predict(everything, game)
    ReaderFactory(email="chloe@example.fr", display_name="Chloé")  # never asked

    assert services.reminders_send(now=FRIDAY_EVENING) == 1

    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "anne@example.fr"
    assert mail["Subject"] == "Pronostics : 2 matchs à pronostiquer"
    text = smtp_server.text(mail)
    assert "Bonjour Anne," in text
    assert "samedi 12 décembre 2026 à 18h00 : US Granville – FC Saint-Lô Manche" in text
    # Sunday's match is beyond 24 hours, still left to predict: listed too.
    assert "dimanche 13 décembre 2026 à 15h00 : AS Valognes – SU Dives-Cabourg" in text
    assert f"Pronostiquer maintenant : {settings.SITE_URL}/pronostics/" in text
    stop = smtp_server.first_link("/pronostics/rappels/arreter/", mail)
    assert mail["List-Unsubscribe"].strip() == f"<{stop}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_reminder_lists_only_the_matches_left_and_none_before_they_come_near(
    smtp_server, weekend
):
    saturday_done = opted("david@example.fr", "David")
    predict(saturday_done, weekend[0])

    # Only Sunday's match is left: not within 24 hours on Friday evening.
    assert services.reminders_send(now=FRIDAY_EVENING) == 0
    assert services.reminders_send(now=paris(2026, 12, 12, 16, 0)) == 1
    (mail,) = smtp_server.wait_for(1)
    text = smtp_server.text(mail)
    assert mail["Subject"] == "Pronostics : 1 match à pronostiquer"
    assert "AS Valognes – SU Dives-Cabourg" in text and "US Granville" not in text


def test_the_job_run_again_reminds_once(smtp_server, weekend):
    opted("anne@example.fr", "Anne")
    with time_machine.travel(FRIDAY_EVENING, tick=True):
        pronostics_reminders_send.func()
        pronostics_reminders_send.func()
    with time_machine.travel(paris(2026, 12, 12, 17, 45), tick=True):
        pronostics_reminders_send.func()  # a quarter of an hour before kick-off: done already
    assert len(smtp_server.wait_for(1)) == 1
    assert ReminderSent.objects.get().by_email is True


def test_a_refused_address_fails_alone_and_is_tried_again(smtp_server, weekend):
    async def handle_RCPT(server, session, envelope, address, rcpt_options):
        if address.startswith("inconnu"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.handle_RCPT = handle_RCPT
    broken = opted("inconnu@example.fr", "Inconnu")  # first in line
    opted("anne@example.fr", "Anne")
    opted("bruno@example.fr", "Bruno")

    assert services.reminders_send(now=FRIDAY_EVENING) == 2

    assert sorted(m["To"] for m in smtp_server.wait_for(2)) == [
        "anne@example.fr",
        "bruno@example.fr",
    ]
    # Nothing reached the broken one: no reminder counted, the next run tries again.
    assert not ReminderSent.objects.filter(user=broken).exists()
    smtp_server.handle_RCPT = None
    del smtp_server.handle_RCPT
    assert services.reminders_send(now=FRIDAY_EVENING + timedelta(minutes=15)) == 1
    assert sorted(m["To"] for m in smtp_server.wait_for(3))[-1] == "inconnu@example.fr"


def test_the_stop_link_works_without_a_login(client, smtp_server, weekend):
    reader = opted("anne@example.fr", "Anne", by_push=True)
    services.reminders_send(now=FRIDAY_EVENING)
    stop = smtp_server.first_link("/pronostics/rappels/arreter/", smtp_server.wait_for(1)[0])
    path = urlsplit(stop).path

    page = client.get(path)
    assert page.status_code == 200
    assert "Arrêter les rappels" in page.content.decode()
    assert client.post(path).status_code == 200
    preference = ReminderPreference.objects.get(user=reader)
    assert (preference.by_email, preference.by_push) == (False, False)

    # The next match day: no reminder any more.
    day2 = match_day(2)
    match(day=day2, kickoff=paris(2026, 12, 19, 18, 0))
    assert services.reminders_send(now=paris(2026, 12, 18, 20, 0)) == 0
    assert len(smtp_server.messages) == 1


def test_a_forged_stop_link_stops_nothing(client):
    reader = opted("anne@example.fr", "Anne")
    page = client.post("/pronostics/rappels/arreter/Zm9yZ2Vk:1tF0rG:ZnVubnlzaWduYXR1cmU/")
    assert "Ce lien n'est pas valable" in page.content.decode()
    assert ReminderPreference.objects.get(user=reader).by_email is True


def test_a_push_reminder_reaches_the_readers_browser(smtp_server, push_service, weekend):
    reader = opted("anne@example.fr", "Anne", by_email=False, by_push=True)
    browser = Browser()
    newsletter.push_subscription_save(
        endpoint=push_service.endpoint("anne"),
        **browser.subscription_json("x")["keys"],
        user=reader,
        breaking_news=False,
    )

    assert services.reminders_send(now=FRIDAY_EVENING) == 1
    assert services.reminders_send(now=FRIDAY_EVENING + timedelta(minutes=15)) == 0

    (request,) = push_service.received("anne")
    shown = browser.read(request)
    assert shown["title"] == "Pronostics : 2 matchs à pronostiquer"
    assert shown["body"] == (
        "US Granville – FC Saint-Lô Manche, samedi 12 décembre 2026 à 18h00 et 1 autre"
    )
    assert shown["url"].endswith("/pronostics/")
    assert smtp_server.messages == []  # she asked for notifications only
    sent = ReminderSent.objects.get(user=reader)
    assert (sent.by_email, sent.by_push) == (False, True)


def test_a_failing_push_service_keeps_the_mail_and_the_others(smtp_server, push_service, weekend):
    first = opted("anne@example.fr", "Anne", by_email=True, by_push=True)
    browser = Browser()
    newsletter.push_subscription_save(
        endpoint=push_service.endpoint("anne"),
        **browser.subscription_json("x")["keys"],
        user=first,
        breaking_news=False,
    )
    push_service.answers["/push/anne"] = 500
    opted("bruno@example.fr", "Bruno")

    assert services.reminders_send(now=FRIDAY_EVENING) == 2
    assert sorted(m["To"] for m in smtp_server.wait_for(2)) == [
        "anne@example.fr",
        "bruno@example.fr",
    ]
    sent = ReminderSent.objects.get(user=first)
    assert (sent.by_email, sent.by_push) == (True, False)


def test_the_reader_chooses_reminders_on_their_account_page(client):
    reader = ReaderFactory(email="anne@example.fr", display_name="Anne")
    assert client.get("/pronostics/rappels/").status_code == 302  # to the login page
    client.force_login(reader)

    page = client.get("/pronostics/rappels/").content.decode()
    assert "Rappels des pronostics" in page
    assert "Aucun de vos navigateurs ne reçoit encore nos notifications" in page
    assert 'name="by_email"' in page and "checked" not in page

    answer = client.post("/pronostics/rappels/", {"by_email": "on", "by_push": "on"}, follow=True)
    preference = ReminderPreference.objects.get(user=reader)
    assert (preference.by_email, preference.by_push) == (True, True)
    text = answer.content.decode()
    assert "vous serez prévenu avant les matchs" in text
    assert "activez-les" in text
    assert text.count("checked") == 2

    client.post("/pronostics/rappels/", {})
    preference.refresh_from_db()
    assert (preference.by_email, preference.by_push) == (False, False)


def test_the_export_holds_the_reminders(smtp_server, weekend):
    from rotative.accounts import data

    reader = opted("anne@example.fr", "Anne")
    services.reminders_send(now=FRIDAY_EVENING)
    section = data.registry.exporters["pronostics"](reader)
    assert section["rappels"]["par_e_mail"] is True
    assert [sent["journée"] for sent in section["rappels_envoyés"]] == [str(weekend[0].match_day)]


def test_the_browser_subscribed_from_the_reminders_page_gets_the_readers_reminders(client):
    from rotative.newsletter.models import PushSubscription

    reader = ReaderFactory(email="anne@example.fr", display_name="Anne")
    client.force_login(reader)
    page = client.get("/pronostics/rappels/").content.decode()
    assert 'data-purpose="pronostics"' in page
    assert "Recevoir les rappels sur ce navigateur" in page

    answer = client.post(
        "/newsletter/notifications/abonnement/",
        {
            "subscription": Browser().subscription_json("https://fcm.googleapis.com/fcm/send/a"),
            "purpose": "pronostics",
        },
        content_type="application/json",
    )
    assert answer.status_code == 201
    assert answer.json()["message"] == (
        "C'est fait : vos rappels de pronostics arriveront sur ce navigateur."
    )
    browser = PushSubscription.objects.get()
    assert browser.user == reader and browser.breaking_news is False  # not the breaking news
    page = client.get("/pronostics/rappels/").content.decode()
    assert "Au moins un de vos navigateurs reçoit nos notifications" in page
