"""Per-IP limits count the client's address: X-Forwarded-For is believed only when it comes
from a configured proxy (TRUSTED_PROXIES), in uvicorn as in the site itself."""

import asyncio

import pytest
import uvicorn
from django.test import RequestFactory

from rotative.accounts.tests.conftest import main_text
from rotative.accounts.tests.factories import PASSWORD, ReaderFactory
from rotative.accounts.tests.test_login import LOCKED_OUT
from rotative.core.management.commands.serve import proxy_options
from rotative.core.ratelimit import client_ip

PEER = "127.0.0.1"  # the test client's REMOTE_ADDR


def log_in(client, email, password, *, forwarded_for):
    return client.post(
        "/compte/connexion/",
        {"login": email, "password": password},
        headers={"x-forwarded-for": forwarded_for},
    )


def address_seen_through_serve(forwarded_for: str) -> str:
    """The client address the site gets from uvicorn configured as `manage.py serve` does,
    for a request from PEER carrying `forwarded_for`."""
    seen = {}

    async def site(scope, receive, send):
        seen["client"] = scope["client"][0]

    config = uvicorn.Config(site, **proxy_options())
    config.load()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "headers": [(b"x-forwarded-for", forwarded_for.encode())],
        "client": (PEER, 50000),
        "server": ("127.0.0.1", 8000),
    }
    asyncio.run(config.loaded_app(scope, None, None))
    return seen["client"]


def test_serve_ignores_forwarded_for_unless_the_peer_is_a_trusted_proxy(settings, monkeypatch):
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    settings.TRUSTED_PROXIES = []
    assert address_seen_through_serve("203.0.113.7") == PEER

    settings.TRUSTED_PROXIES = [PEER]
    assert address_seen_through_serve("198.51.100.1, 203.0.113.7") == "203.0.113.7"


@pytest.mark.django_db
def test_with_no_trusted_proxy_forwarded_for_does_not_escape_the_login_limit(
    client, home, settings
):
    settings.TRUSTED_PROXIES = []
    for number in range(10):
        log_in(client, f"cible{number}@example.fr", "devine", forwarded_for=f"10.0.0.{number}")
    ReaderFactory(email="innocente@example.fr")

    response = log_in(client, "innocente@example.fr", PASSWORD, forwarded_for="10.0.0.99")

    assert LOCKED_OUT in main_text(response)


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_reader_is_counted_at_their_own_address(client, home, settings):
    settings.TRUSTED_PROXIES = [PEER]
    for number in range(10):
        log_in(client, f"cible{number}@example.fr", "devine", forwarded_for="203.0.113.7")
    ReaderFactory(email="innocente@example.fr")

    response = log_in(client, "innocente@example.fr", PASSWORD, forwarded_for="198.51.100.9")
    assert response.status_code == 302  # logged in: another address than the attacker's
    client.logout()
    spoofed = "198.51.100.9, 203.0.113.7"  # the attacker writes an address; the proxy appends
    response = log_in(client, "innocente@example.fr", PASSWORD, forwarded_for=spoofed)
    assert LOCKED_OUT in main_text(response)


def test_client_ip_takes_the_last_hop_that_is_not_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 10.9.9.9"
    )
    assert client_ip(request) == "203.0.113.7"
    outsider = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert client_ip(outsider) == "192.0.2.1"
