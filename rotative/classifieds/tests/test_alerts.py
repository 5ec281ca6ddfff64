"""Saved searches of ads: new matching ads by mail, as they appear or daily, stopped in one
click (the engine is rotative.alerts; the ads are one of its kinds)."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from rotative.accounts.tests.factories import ReaderFactory
from rotative.alerts import services as alerts
from rotative.alerts.models import SavedSearch
from rotative.classifieds import services
from rotative.classifieds.models import Ad
from rotative.classifieds.tests.factories import CAR, HOUSE, ad_online

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(db):
    return ReaderFactory(email="chercheur@example.fr", display_name="Louis C.")


def save(client, reader, path_query, frequency):
    client.force_login(reader)
    category, _, query = path_query.partition("?")
    client.post(
        "/alertes/",
        {"kind": "annonces", "category": category, "query": query, "frequency": frequency},
    )
    return SavedSearch.objects.get(user=reader)


def test_instant_alert_mails_a_matching_ad_once_approved(
    client, reader, seller, moderator, smtp_server, django_capture_on_commit_callbacks
):
    saved = save(client, reader, "immobilier?prix_max=150000&ou=50", "instant")
    assert saved.label == "Immobilier, département 50, 0–150 000 €"  # one line: plain spaces
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
    client.post("/alertes/arreter/faux-jeton/")
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
    from rotative.core.scheduling import recurring_jobs

    (daily,) = [job for job in recurring_jobs() if job.name == "classifieds.daily"]
    morning = timezone.localtime(daily.next_after(evening))
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
    # The 20 searches elsewhere are left out by one query; only the neighbour's runs (and
    # finds the ad with its photos).
    with django_assert_max_num_queries(9):
        assert alerts.alerts_for_new_item(kind="annonces", item_id=ad.pk) == 1
    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "voisin@example.fr"


def daily_search(client, email, query="immobilier?ou=50"):
    reader = ReaderFactory(email=email, display_name=email.split("@")[0])
    saved = save(client, reader, query, "daily")
    SavedSearch.objects.filter(pk=saved.pk).update(
        checked_until=timezone.now() - timedelta(hours=1)
    )
    return saved


def test_one_bad_record_stops_neither_the_daily_alerts_nor_the_reminders(
    client, seller, moderator, smtp_server
):
    from django.contrib.auth import get_user_model

    from rotative.alerts.tasks import alerts_daily
    from rotative.classifieds.tasks import classifieds_daily

    # Records as stored before names were cleaned: a line break in a label, an address that
    # no mail can carry. They come first: every search after them must still get its mail.
    broken = daily_search(client, "casse@example.fr")
    get_user_model().objects.filter(pk=broken.user_id).update(email="casse\n@example.fr")
    injected = daily_search(client, "saut@example.fr")
    SavedSearch.objects.filter(pk=injected.pk).update(label="Maisons\r\nBcc: pirate@example.fr")
    daily_search(client, "sage@example.fr")
    ad = ad_online(owner=seller, moderator=moderator)
    Ad.objects.filter(pk=ad.pk).update(expires_at=timezone.now() + timedelta(days=3))

    alerts_daily.func()
    classifieds_daily.func()

    mails = {mail["To"]: mail for mail in smtp_server.wait_for(3)}
    assert set(mails) == {"saut@example.fr", "sage@example.fr", "vendeur@example.fr"}
    assert (
        mails["saut@example.fr"]["Subject"] == "Nouvelles annonces : Maisons Bcc: pirate@example.fr"
    )
    assert all("pirate" not in str(mail["Bcc"] or "") for mail in mails.values())
    # The failed search is tried again next time: its ads are still new for it.
    broken.refresh_from_db()
    assert broken.checked_until < timezone.now() - timedelta(minutes=30)


def test_one_bad_record_does_not_stop_the_instant_alerts(client, seller, moderator, smtp_server):
    from django.contrib.auth import get_user_model

    first = ReaderFactory(email="premier@example.fr", display_name="Premier")
    broken = save(client, first, "immobilier?ou=50", "instant")
    get_user_model().objects.filter(pk=broken.user_id).update(email="premier\n@example.fr")
    second = ReaderFactory(email="second@example.fr", display_name="Second")
    save(client, second, "immobilier?ou=50", "instant")
    ad = ad_online(owner=seller, moderator=moderator)

    assert alerts.alerts_for_new_item(kind="annonces", item_id=ad.pk) == 1

    assert [mail["To"] for mail in smtp_server.wait_for(1)] == ["second@example.fr"]


def test_one_bad_ad_does_not_stop_the_renewal_reminders(seller, moderator, smtp_server):
    from django.contrib.auth import get_user_model

    careless = ReaderFactory(email="distrait@example.fr", display_name="Distrait")
    bad_address = ad_online(owner=careless, moderator=moderator)
    get_user_model().objects.filter(pk=careless.pk).update(email="distrait\r\n@example.fr")
    bad_title = ad_online(owner=seller, moderator=moderator)
    Ad.objects.filter(pk=bad_title.pk).update(title="Maison\r\nBcc: pirate@example.fr")
    fine = ad_online(owner=ReaderFactory(email="autre@example.fr"), moderator=moderator)
    Ad.objects.update(expires_at=timezone.now() + timedelta(days=3))

    assert services.ads_remind_renewal() == 2

    mails = {mail["To"]: mail["Subject"] for mail in smtp_server.wait_for(2)}
    assert mails == {
        "vendeur@example.fr": "Votre annonce « Maison Bcc: pirate@example.fr » expire bientôt",
        "autre@example.fr": "Votre annonce « Maison à vendre » expire bientôt",
    }
    notified = dict(Ad.objects.values_list("pk", "renewal_notified_at"))
    assert notified[bad_address.pk] is None  # reminded on the next run
    assert notified[bad_title.pk] and notified[fine.pk]


def test_line_breaks_typed_in_a_search_or_a_title_are_kept_out_of_mail_subjects(
    client, reader, seller
):
    from rotative.geo.tests.factories import commune

    saved = save(client, reader, "?q=velo%0D%0ABcc%3A+pirate%40example.fr", "daily")
    assert saved.label == "Toutes les annonces, « velo Bcc: pirate@example.fr »"
    ad = services.ad_draft_save(
        owner=seller,
        fields={**HOUSE, "title": "Maison\r\nà vendre", "commune": commune("carantilly")},
    )
    assert ad.title == "Maison à vendre"
