"""Saved searches: new matching ads by mail, as they appear or daily, stopped in one click."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from rotative.accounts.tests.factories import ReaderFactory
from rotative.classifieds import alerts, services
from rotative.classifieds.models import Ad, SavedSearch
from rotative.classifieds.tasks import next_morning
from rotative.classifieds.tests.factories import CAR, HOUSE, ad_online

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(db):
    return ReaderFactory(email="chercheur@example.fr", display_name="Louis C.")


def save(client, reader, path_query, frequency):
    client.force_login(reader)
    category, _, query = path_query.partition("?")
    client.post(
        "/annonces/alertes/", {"category": category, "query": query, "frequency": frequency}
    )
    return SavedSearch.objects.get(user=reader)


def test_instant_alert_mails_a_matching_ad_once_approved(
    client, reader, seller, moderator, smtp_server, django_capture_on_commit_callbacks
):
    saved = save(client, reader, "immobilier?prix_max=150000&ou=50", "instant")
    assert saved.label == "Immobilier, département 50, 0–150000 €"
    with django_capture_on_commit_callbacks(execute=True):
        ad_online(owner=seller, moderator=moderator, **{**HOUSE, "price": 200_000})  # too dear
        ad_online(owner=seller, moderator=moderator, **CAR)  # another category
        match = ad_online(owner=seller, moderator=moderator)
    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "chercheur@example.fr"
    body = smtp_server.text(mail)
    assert "Maison à vendre, Carantilly (50570), 120" in body
    assert smtp_server.first_link(match.get_absolute_url(), mail)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    stop = urlsplit(str(mail["List-Unsubscribe"]).strip().strip("<>")).path
    client.logout()
    assert client.post(stop).status_code == 200  # one click, no login, no CSRF token
    assert not SavedSearch.objects.exists()


def test_daily_alert_sends_what_was_published_since_the_last_one(
    client, reader, seller, moderator, smtp_server
):
    saved = save(client, reader, "automobile?fuel=diesel", "daily")
    SavedSearch.objects.filter(pk=saved.pk).update(
        checked_until=timezone.now() - timedelta(hours=1)
    )
    ad_online(owner=seller, moderator=moderator, **CAR)
    assert alerts.alerts_daily() == 1
    assert "Grand C4 Spacetourer Blue HDi" in smtp_server.text(smtp_server.wait_for(1)[0])
    assert alerts.alerts_daily() == 0  # nothing new since


def test_a_forged_stop_link_stops_nothing(client, reader, caplog):
    save(client, reader, "immobilier?", "daily")
    client.logout()
    caplog.set_level("INFO", logger="rotative.security")
    client.post("/annonces/alertes/arreter/faux-jeton/")
    assert SavedSearch.objects.count() == 1
    [record] = [r for r in caplog.records if r.name == "rotative.security"]
    assert (record.event, record.fields["value"]) == ("signed_value_invalid", "ads-alert-stop")


def test_renewal_reminder_is_mailed_once_before_expiry(seller, moderator, smtp_server):
    ad = ad_online(owner=seller, moderator=moderator)
    Ad.objects.filter(pk=ad.pk).update(expires_at=timezone.now() + timedelta(days=3))
    assert services.ads_remind_renewal() == 1
    (mail,) = smtp_server.wait_for(1)
    assert "Maison à vendre" in mail["Subject"] and mail["To"] == "vendeur@example.fr"
    assert "/annonces/mes-annonces/" in smtp_server.text(mail)
    assert services.ads_remind_renewal() == 0


def test_the_morning_run_is_at_seven_paris_time():
    from zoneinfo import ZoneInfo

    evening = timezone.datetime(2026, 11, 26, 21, 0, tzinfo=ZoneInfo("Europe/Paris"))
    morning = timezone.localtime(next_morning(evening))
    assert (morning.day, morning.hour, morning.minute) == (27, 7, 0)


def test_an_ad_is_checked_only_against_searches_it_could_match(
    client, seller, moderator, smtp_server, django_assert_max_num_queries
):
    from rotative.geo.tests.factories import commune

    commune("carantilly"), commune("lyon-1")
    wanted = ReaderFactory(email="voisin@example.fr", display_name="Voisin")
    save(client, wanted, "immobilier?ou=Carantilly+%2850570%29&rayon=20", "instant")
    elsewhere = [
        "immobilier?ou=69",
        "immobilier?ou=69001&rayon=50",
        "?prix_min=500000",
        "automobile?ou=50",
        "immobilier?ou=14&prix_max=90000",
    ]
    for number, query in enumerate(elsewhere * 4):
        other = ReaderFactory(
            email=f"ailleurs{number}@example.fr", display_name=f"Ailleurs {number}"
        )
        save(client, other, query, "instant")
    ad = ad_online(owner=seller, moderator=moderator)
    # The 20 searches elsewhere are left out by one query; only the neighbour's runs.
    with django_assert_max_num_queries(8):
        assert alerts.alerts_for_new_ad(ad_id=ad.pk) == 1
    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "voisin@example.fr"
