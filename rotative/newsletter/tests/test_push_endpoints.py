"""The server posts notifications to push services only: a browser's subscription cannot make
it post inside our network (blind SSRF), and one bad address never keeps the alert from the
other browsers."""

import json

import pytest
import urllib3.util.connection

from rotative.newsletter import push, services
from rotative.newsletter.models import PushSubscription
from rotative.newsletter.tests.push_service import (  # noqa: F401 (a fixture)
    Browser,
    push_service_fixture,
)

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/newsletter/notifications/abonnement/"
# The bypass found when the site was attacked: urlsplit reads the host after the "@",
# urllib3 (what requests posts with) the one before the backslash.
BYPASS = "https://127.0.0.1\\@fcm.googleapis.com/fcm/send/x"
BYPASS_WITH_PORT = "https://127.0.0.1:8080\\@fcm.googleapis.com/fcm/send/x"


def post_subscription(client, endpoint: str):
    data = {"subscription": Browser().subscription_json(endpoint)}
    return client.post(SUBSCRIBE, data=json.dumps(data), content_type="application/json")


@pytest.mark.parametrize(
    "endpoint",
    [
        BYPASS,
        BYPASS_WITH_PORT,
        "https://169.254.169.254\\@fcm.googleapis.com/fcm/send/x",
        "https://user@fcm.googleapis.com/fcm/send/x",
        "https://fcm.googleapis.com@127.0.0.1/fcm/send/x",
        "https://fcm.googleapis.com:8443/fcm/send/x",
        "https://fcm.googleapis.com /fcm/send/x",
        "https://fcm.googleapis.com\t.evil.example/x",
        "https://fcm.googleapis.com\r\n/x",
        "https://fcm.googleapis.com%2eevil.example/x",
        "https://[::1]/fcm/send/x",
        "https://2130706433/fcm/send/x",
        "https://127.0.0.1/fcm/send/x",
        "http://fcm.googleapis.com/fcm/send/x",
        "ftp://fcm.googleapis.com/fcm/send/x",
        "https://evilfcm.googleapis.com/fcm/send/x",
        "https://fcm.googleapis.com.evil.example/x",
        "https://fcm.googleapis.com/x#fragment",
        "https://fcmgoogleapis.com/x",
    ],
)
def test_a_subscription_to_anything_but_a_push_service_is_refused_in_french(client, endpoint):
    response = post_subscription(client, endpoint)
    assert response.status_code == 400
    assert response.json()["error"] == (
        "Ce navigateur a transmis un abonnement que nous ne pouvons pas utiliser."
    )
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/dKx2Yk:APA91bH",
        "https://fcm.googleapis.com:443/fcm/send/abc",
        "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABl_x-y",
        "https://wns2-par02p.notify.windows.com/w/?token=BQYAAAB%2bK%3d",
        "https://web.push.apple.com/QGuQyavXutnMs-Y",
    ],
)
def test_the_push_services_browsers_use_are_accepted(client, endpoint):
    assert post_subscription(client, endpoint).status_code == 201
    assert PushSubscription.objects.get().endpoint == endpoint


@pytest.fixture
def connections(monkeypatch):
    """Where the server opens connections: refused at once, recorded, never leaving."""
    opened = []

    def create_connection(address, *args, **kwargs):
        opened.append(address)
        raise ConnectionRefusedError(f"refused by the test: {address}")

    monkeypatch.setattr(urllib3.util.connection, "create_connection", create_connection)
    monkeypatch.setattr("urllib3.connection.connection.create_connection", create_connection)
    return opened


def saved_unchecked(endpoint: str) -> PushSubscription:
    """A row written before the rules were strict (the bypass was accepted then)."""
    keys = Browser().subscription_json(endpoint)["keys"]
    return PushSubscription.objects.create(endpoint=endpoint, **keys)


def test_a_stored_bypass_address_is_checked_again_and_never_contacted(connections):
    saved_unchecked(BYPASS)
    result = push.push_send(payload=b"{}")
    assert (result.sent, result.failed) == (0, 1)
    assert connections == []
    assert PushSubscription.objects.get().failures == 1


def test_one_bad_address_in_a_batch_does_not_keep_the_alert_from_the_others(push_service):
    browsers = {name: Browser() for name in ("marie", "paul")}
    services.push_subscription_save(
        endpoint=push_service.endpoint("marie"),
        **browsers["marie"].subscription_json("x")["keys"],
    )
    saved_unchecked(BYPASS_WITH_PORT)
    saved_unchecked("https://127.0.0.1:99999\\@fcm.googleapis.com/fcm/send/x")
    services.push_subscription_save(
        endpoint=push_service.endpoint("paul"), **browsers["paul"].subscription_json("x")["keys"]
    )
    payload = push.notification_payload(title="Alerte info", body="Digue", url="/", tag="t")

    result = push.push_send(payload=payload)

    assert (result.sent, result.gone, result.failed) == (2, 0, 2)
    for name, browser in browsers.items():
        (request,) = push_service.received(name)
        assert browser.read(request)["body"] == "Digue"
    assert sorted(PushSubscription.objects.values_list("failures", flat=True)) == [0, 0, 1, 1]
