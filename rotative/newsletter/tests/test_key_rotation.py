"""Rotating SECRET_KEY: what was signed or hashed with the old key keeps working while the old
key is in SECRET_KEY_FALLBACKS, and stops once it is dropped."""

from urllib.parse import urlsplit

import pytest

from rotative.newsletter import links, services
from rotative.newsletter.models import Subscriber, Suppression
from rotative.newsletter.tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

OLD_KEY = "old-key-used-when-the-mail-was-sent-" + "o" * 30
NEW_KEY = "new-key-after-the-rotation-" + "n" * 40


def settings_from_environment(monkeypatch, **environ):
    """rotative.settings.base as read with these variables set (put back as it was after)."""
    import importlib

    from rotative.settings import base

    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    values = importlib.reload(base)
    namespace = type("Settings", (), {k: getattr(values, k) for k in dir(values) if k.isupper()})
    for name in environ:
        monkeypatch.delenv(name)
    importlib.reload(base)
    return namespace


def test_an_unsubscribe_link_from_an_old_mail_works_while_the_old_key_is_a_fallback(
    client, settings, monkeypatch
):
    settings.SECRET_KEY = OLD_KEY
    subscriber = SubscriberFactory(email="ancienne@example.fr")
    path = urlsplit(links.unsubscribe_url(subscriber)).path

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, []
    assert client.get(path).status_code == 404  # what rotating without fallbacks did

    # The operator moves the old key to the environment variable, the new one in SECRET_KEY.
    settings.SECRET_KEY_FALLBACKS = settings_from_environment(
        monkeypatch, SECRET_KEY_FALLBACKS=OLD_KEY
    ).SECRET_KEY_FALLBACKS
    assert client.get(path).status_code == 200
    response = client.post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert Subscriber.objects.get().status == "unsubscribed"


def test_an_address_that_complained_stays_silenced_across_the_rotation(settings, smtp_server):
    settings.SECRET_KEY = OLD_KEY
    SubscriberFactory(email="plainte@example.fr")
    services.address_suppress(email="plainte@example.fr", reason="complaint")
    Subscriber.objects.all().delete()  # e.g. the subscriber erased their data since

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, [OLD_KEY]

    assert services.subscriber_signup(email="plainte@example.fr", source="/", ip=None) is None
    # Seen again, the entry moves under the new key: dropping the old one will not lose it.
    services.address_suppress(email="plainte@example.fr", reason="hard_bounce")
    assert Suppression.objects.get().email_hash == services.email_hash("plainte@example.fr")
    assert Suppression.objects.get().reason == "complaint"


def test_the_fallbacks_are_read_from_the_environment(monkeypatch):
    assert settings_from_environment(
        monkeypatch, SECRET_KEY_FALLBACKS=f"{OLD_KEY}, {NEW_KEY} ,"
    ).SECRET_KEY_FALLBACKS == [OLD_KEY, NEW_KEY]
    assert settings_from_environment(monkeypatch).SECRET_KEY_FALLBACKS == []
