"""Web Push against a real HTTP server playing the push service: VAPID, encryption that the
browser can read, gone browsers forgotten; the browser's subscription; the service worker."""

import json
import time

import pytest
from django.conf import settings

from rotative.newsletter import links, push, services
from rotative.newsletter.models import PushSubscription
from rotative.newsletter.tests.conftest import soup
from rotative.newsletter.tests.factories import SubscriberFactory
from rotative.newsletter.tests.push_service import (  # noqa: F401 (a fixture)
    Browser,
    push_service_fixture,
    vapid_claims,
)

pytestmark = pytest.mark.django_db

FCM = "https://fcm.googleapis.com/fcm/send/"


def subscribe(browser: Browser, endpoint: str, subscriber=None) -> PushSubscription:
    info = browser.subscription_json(endpoint)
    return services.push_subscription_save(endpoint=endpoint, subscriber=subscriber, **info["keys"])


def test_every_browser_gets_a_vapid_signed_message_it_alone_can_read(push_service):
    browsers = {name: Browser() for name in ("marie", "paul")}
    for name, browser in browsers.items():
        subscribe(browser, push_service.endpoint(name))
    payload = push.notification_payload(
        title="Alerte info",
        body="La digue a cédé",
        url="https://www.example.fr/manche/digue/",
        tag="alerte-1",
    )
    before = time.time()
    result = push.push_send(payload=payload)

    assert (result.sent, result.gone, result.failed) == (2, 0, 0)
    for name, browser in browsers.items():
        (request,) = push_service.received(name)
        assert browser.read(request) == {
            "title": "Alerte info",
            "body": "La digue a cédé",
            "url": "https://www.example.fr/manche/digue/",
            "tag": "alerte-1",
        }
        claims = vapid_claims(request, settings.VAPID_PUBLIC_KEY)
        assert claims["aud"] == push_service.origin
        assert claims["sub"] == settings.VAPID_SUBJECT
        assert before + 3600 < claims["exp"] <= time.time() + 24 * 3600
        assert request.headers["ttl"] == str(settings.WEBPUSH_TTL_SECONDS)
        assert request.headers["urgency"] == "high"
    # Another browser's keys cannot read it.
    with pytest.raises(Exception):  # noqa: B017 (http_ece raises a bare ECEException or a crypto error)
        browsers["paul"].read(push_service.received("marie")[0])
    assert all(s.last_success_at for s in PushSubscription.objects.all())


def test_browsers_the_service_says_are_gone_are_removed_and_errors_are_counted(push_service):
    for name in ("present", "gone", "unknown", "broken"):
        subscribe(Browser(), push_service.endpoint(name))
    push_service.answers = {"/push/gone": 410, "/push/unknown": 404, "/push/broken": 500}
    payload = push.notification_payload(title="Alerte info", body="…", url="/", tag="t")

    result = push.push_send(payload=payload)
    assert (result.sent, result.gone, result.failed) == (1, 2, 1)
    remaining = dict(PushSubscription.objects.values_list("endpoint", "failures"))
    assert remaining == {push_service.endpoint("present"): 0, push_service.endpoint("broken"): 1}

    push.push_send(payload=payload)
    assert PushSubscription.objects.get(endpoint=push_service.endpoint("broken")).failures == 2
    push_service.answers = {}
    push.push_send(payload=payload)
    assert PushSubscription.objects.get(endpoint=push_service.endpoint("broken")).failures == 0


def test_a_push_service_that_does_not_answer_counts_as_a_failure(settings):
    settings.WEBPUSH_EXTRA_ORIGINS = ["http://127.0.0.1:9"]
    broken = Browser()
    subscribe(broken, "http://127.0.0.1:9/push/nobody")  # nothing listens on port 9
    result = push.push_send(
        payload=push.notification_payload(title="Alerte info", body="…", url="/", tag="t")
    )
    assert (result.sent, result.failed) == (0, 1)
    assert PushSubscription.objects.get().failures == 1


# --- the browser's side: the button, the subscription endpoints, the service worker -----------


def post_json(client, path, data):
    return client.post(path, data=json.dumps(data), content_type="application/json")


def test_the_preferences_page_offers_notifications_and_ties_the_browser_to_the_subscriber(client):
    subscriber = SubscriberFactory()
    token = links.manage_token(subscriber)
    page = soup(client.get(links.preferences_url(subscriber).removeprefix(settings.SITE_URL)))
    box = page.select_one("[data-push]")
    assert box.select_one("[data-push-subscribe]").get_text(strip=True) == (
        "Recevoir les alertes sur ce navigateur"
    )
    assert box["data-vapid-key"] == settings.VAPID_PUBLIC_KEY
    assert box["data-token"] == token
    # The worker the subscription goes through is the site's one (rotative/mobile/).
    assert page.select_one("script[src$='js/app.js']")["data-worker"] == "/sw.js"
    assert page.select_one("script[src$='js/push.js']")

    browser = Browser()
    response = post_json(
        client,
        box["data-subscribe-url"],
        {"subscription": browser.subscription_json(FCM + "abc"), "token": token},
    )
    assert response.status_code == 201
    saved = PushSubscription.objects.get()
    assert (saved.endpoint, saved.p256dh, saved.subscriber) == (
        FCM + "abc",
        browser.p256dh,
        subscriber,
    )

    # Subscribing again (new keys) updates the same row; erasing the subscriber takes it along.
    post_json(
        client,
        box["data-subscribe-url"],
        {"subscription": Browser().subscription_json(FCM + "abc"), "token": token},
    )
    assert PushSubscription.objects.count() == 1
    services.subscriber_erase(subscriber=subscriber)
    assert not PushSubscription.objects.exists()


def test_the_sign_up_page_offers_notifications_without_a_subscriber(client):
    page = soup(client.get("/newsletter/verifiez-votre-boite-mail/"))
    assert page.select_one("[data-push] [data-push-subscribe]")
    response = post_json(
        client,
        "/newsletter/notifications/abonnement/",
        {"subscription": Browser().subscription_json(FCM + "anonyme")},
    )
    assert response.status_code == 201
    assert PushSubscription.objects.get().subscriber is None
    assert "no-cache" in client.get("/newsletter/verifiez-votre-boite-mail/")["Cache-Control"]


def test_subscribing_needs_the_csrf_token_and_a_real_push_service(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    data = {"subscription": Browser().subscription_json(FCM + "x")}
    assert post_json(strict, "/newsletter/notifications/abonnement/", data).status_code == 403

    for endpoint in (
        "http://fcm.googleapis.com/fcm/send/x",  # not https
        "https://127.0.0.1/push/x",  # the server would post inside our network
        "https://intranet.example.fr/push/x",
        "https://fcm.googleapis.com.evil.example/x",
    ):
        data = {"subscription": Browser().subscription_json(endpoint)}
        assert post_json(client, "/newsletter/notifications/abonnement/", data).status_code == 400
    bad_keys = {"subscription": {"endpoint": FCM + "x", "keys": {"p256dh": "abc", "auth": "d"}}}
    assert post_json(client, "/newsletter/notifications/abonnement/", bad_keys).status_code == 400
    assert (
        client.post(
            "/newsletter/notifications/abonnement/", "pas du JSON", content_type="application/json"
        ).status_code
        == 400
    )
    assert not PushSubscription.objects.exists()


def test_a_browser_unsubscribes(client):
    subscribe(Browser(), FCM + "depart")
    response = post_json(
        client, "/newsletter/notifications/desabonnement/", {"endpoint": FCM + "depart"}
    )
    assert response.status_code == 200
    assert not PushSubscription.objects.exists()


def test_the_sites_service_worker_shows_the_alerts(client):
    # Served by rotative/mobile/ (offline reading too): the push handlers are in it.
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    body = response.content.decode()
    assert "showNotification" in body and "openWindow" in body and "notificationclick" in body


def test_a_subscribers_export_names_their_browsers_but_not_their_keys():
    from rotative.newsletter import selectors

    subscriber = SubscriberFactory(email="marie@example.fr")
    keys = Browser().subscription_json("x")["keys"]
    services.push_subscription_save(
        endpoint="https://fcm.googleapis.com/fcm/send/abc", subscriber=subscriber, **keys
    )
    (browser,) = selectors.subscriber_export(subscriber=subscriber)["browsers"]
    assert browser["push_service"] == "fcm.googleapis.com"
    assert keys["auth"] not in str(browser)
