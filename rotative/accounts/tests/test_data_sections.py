"""« Mes données » holds everything a reader left on the site, each part in its own section,
and nothing of anyone else's; every user field of every app is exported or left out on
purpose."""

import json
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.contrib.auth import get_user_model

from rotative.accounts import data, services
from rotative.accounts.tests.factories import ReaderFactory
from rotative.alerts import services as alerts
from rotative.classifieds import services as ads
from rotative.classifieds.services import messaging
from rotative.classifieds.tests.factories import CAMERA, ad_online
from rotative.comments import services as comments
from rotative.news.tests.factories import ArticlePageFactory
from rotative.newsletter import services as newsletter

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def photo(colour: bytes) -> SimpleNamespace:
    """What classifieds.photos hands the service once a picture is re-encoded."""
    return SimpleNamespace(width=800, height=600, gallery=colour, listing=colour, thumbnail=colour)


@pytest.fixture
def site(section):
    """Marie has left one of each thing; Paul, another reader, has too."""
    moderator = get_user_model().objects.create_superuser("moderation", "mod@example.fr", "x")
    marie = ReaderFactory(email="marie@example.fr", display_name="Marie L.")
    yves = ReaderFactory(email="yves@example.fr", display_name="Yves V.")
    paul = ReaderFactory(email="paul@example.fr", display_name="Paul K.")
    article = ArticlePageFactory(parent=section, title="La digue résiste", slug="digue")
    with time_machine.travel(T0, tick=False) as clock:
        later = lambda: clock.shift(timedelta(minutes=5))  # noqa: E731 (rate limits)

        # Comments: Marie writes, Paul writes and Marie reports him; a moderator bans Paul.
        mine = comments.comment_post(user=marie, article=article, body="Marie-commentaire")
        his = comments.comment_post(user=paul, article=article, body="Paul-commentaire")
        comments.comment_report(user=marie, comment=his, reason="spam", details="Marie-signale")
        comments.comment_report(user=paul, comment=mine, reason="spam", details="Paul-signale")
        comments.reader_ban(moderator=moderator, user=paul, reason="Paul-banni")

        # Classifieds: Marie's camera with its photo; she writes to Yves about his house,
        # Yves answers; Paul writes to Marie about her camera, she answers; Paul also writes
        # to Yves, which Marie must never see.
        camera = ad_online(owner=marie, moderator=moderator, **{**CAMERA, "title": "Marie-annonce"})
        ads.ad_photos_update(ad=camera, add=[photo(b"RIFF-marie")])
        house = ad_online(owner=yves, moderator=moderator, title="Yves-maison")
        ad_online(owner=paul, moderator=moderator, title="Paul-annonce")
        messaging.ad_message_send(ad=house, sender=marie, text="Marie-demande")
        messaging.ad_message_reply(ad=house, sender=yves, buyer_id=marie.pk, text="Yves-répond")
        messaging.ad_message_send(ad=camera, sender=paul, text="Paul-demande-a-Marie")
        later()
        messaging.ad_message_reply(ad=camera, sender=marie, buyer_id=paul.pk, text="Marie-répond")
        messaging.ad_message_send(ad=house, sender=paul, text="Paul-demande-a-Yves")
        later()
        messaging.ad_message_reply(ad=house, sender=yves, buyer_id=paul.pk, text="Yves-a-Paul")
        alerts.saved_search_create(
            user=marie,
            kind="annonces",
            category="automobile",
            query="q=Marie-recherche",
            frequency="daily",
        )
        alerts.saved_search_create(
            user=paul,
            kind="annonces",
            category="automobile",
            query="q=Paul-recherche",
            frequency="daily",
        )
        ads.ad_report(ad=house, reporter=marie, reason="scam", details="Marie-arnaque")
        ads.ad_report(ad=house, reporter=paul, reason="scam", details="Paul-arnaque")
        # A photo each, kept from a posting form that came back with an error.
        for reader, name in ((marie, "Marie"), (paul, "Paul")):
            kept = photo(f"RIFF-{name}".encode())
            kept.original_name = f"{name}-photo.jpg"
            ads.pending_photos_keep(owner=reader, photos=[kept])

        # Newsletter and the browser that gets the alerts; a business account; a session
        # and an authenticator app.
        for reader, host in ((marie, "marie-push.example"), (paul, "paul-push.example")):
            subscriber = newsletter.account_subscriber_ensure(user=reader, email=reader.email)
            newsletter.push_subscription_save(
                endpoint=f"https://{host}/abc", p256dh="k", auth="a", subscriber=subscriber
            )
        services.professional_request(user=marie, company_name="Marie SARL", siret="73282932000074")
        UserSession.objects.create(
            user=marie, ip="192.0.2.7", session_key="s1", user_agent="Marie-navigateur"
        )
        UserSession.objects.create(
            user=paul, ip="192.0.2.9", session_key="s2", user_agent="Paul-navigateur"
        )
        TOTP.activate(marie, SECRET)
    return SimpleNamespace(marie=marie, paul=paul, yves=yves, article=article)


def download(client, user) -> dict:
    client.force_login(user)
    response = client.get("/compte/donnees/")
    assert response.status_code == 200
    return json.loads(response.content)


def test_a_reader_finds_each_thing_they_left_in_its_section(client, site):
    export = download(client, site.marie)

    assert export["profile"]["display_name"] == "Marie L."
    assert export["professional"]["company_name"] == "Marie SARL"
    [comment] = export["commentaires"]["comments"]
    assert comment["text"] == "Marie-commentaire"
    assert comment["article"] == "La digue résiste"
    assert comment["url"].endswith("/manche/digue/")
    assert comment["status"] == "published"
    [report] = export["commentaires"]["reports"]
    assert report["details"] == "Marie-signale"

    classifieds = export["petites_annonces"]
    [ad] = classifieds["ads"]
    assert (ad["title"], ad["status"], ad["price_euros"]) == ("Marie-annonce", "En ligne", 2900)
    [picture] = ad["photos"]
    assert picture.startswith("http") and picture.endswith("-galerie.webp")
    said = [(m["ad"], m["with"], m["sent_by_me"], m["text"]) for m in classifieds["messages"]]
    assert sorted(said) == sorted(
        [
            ("Yves-maison", "Yves V.", True, "Marie-demande"),
            ("Yves-maison", "Yves V.", False, "Yves-répond"),
            ("Marie-annonce", "Paul K.", False, "Paul-demande-a-Marie"),
            ("Marie-annonce", "Paul K.", True, "Marie-répond"),
        ]
    )
    [saved] = export["alertes"]["saved_searches"]
    assert "Marie-recherche" in saved["url"] and saved["alert"] == "une fois par jour"
    [ad_report] = classifieds["reports"]
    assert (ad_report["ad"], ad_report["details"]) == ("Yves-maison", "Marie-arnaque")
    [pending] = classifieds["pending_photos"]
    assert pending["name"] == "Marie-photo.jpg" and pending["url"].startswith("http")

    [subscription] = export["newsletter"]
    assert subscription["email"] == "marie@example.fr"
    assert [b["push_service"] for b in subscription["browsers"]] == ["marie-push.example"]
    [session] = export["sessions"]
    assert (session["ip_address"], session["browser"]) == ("192.0.2.7", "Marie-navigateur")
    assert [f["type"] for f in export["second_factor"]] == ["totp"]
    assert SECRET not in json.dumps(export)


def test_another_readers_data_never_appears(client, site):
    text = json.dumps(download(client, site.marie), ensure_ascii=False)

    assert "Paul-demande-a-Yves" not in text and "Yves-a-Paul" not in text
    for left_by_paul in (
        "paul@example.fr",
        "Paul-commentaire",
        "Paul-signale",
        "Paul-banni",
        "Paul-annonce",
        "Paul-recherche",
        "Paul-arnaque",
        "paul-push",
        "Paul-navigateur",
    ):
        assert left_by_paul not in text

    # And Paul's own export says he was banned, and why.
    client.logout()
    assert download(client, site.paul)["commentaires"]["ban"]["reason"] == "Paul-banni"


def user_fields() -> set[str]:
    """Every field, in every installed app, that points to a user."""
    user_model = get_user_model()
    found = set()
    for model in apps.get_models():
        if model is user_model:
            continue  # the user's own row: services.account_export
        for field in model._meta.get_fields():
            # field.model: a page type's inherited `owner` is Page's, declared once there.
            if field.concrete and field.related_model is user_model and field.model is model:
                found.add(f"{model._meta.label}.{field.name}")
    return found


def test_every_user_field_of_every_app_is_exported_or_left_out_on_purpose():
    fields = user_fields()
    declared = data.registry.covered.keys() | data.registry.not_exported.keys()

    assert "classifieds.AdMessage.sender" in fields  # the walk finds what it should
    forgotten = sorted(fields - declared)
    assert not forgotten, (
        "These fields hold readers' data that « Mes données » does not export: register an "
        f"exporter covering them (accounts.data.register_exporter) or say why not: {forgotten}"
    )
    assert not sorted(declared - fields), "declared fields that no longer exist"
    assert set(data.registry.covered.values()) <= (
        data.registry.exporters.keys() | data.RESERVED_NAMES
    )
