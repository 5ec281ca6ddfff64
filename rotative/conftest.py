"""Fixtures shared by every app's tests."""

import os

import pytest
from django.core.cache import cache

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop
# The processes tests start read no .env: a developer's own (rotative/envfile.py) would change
# what they test.
os.environ["ROTATIVE_ENV_FILE"] = ""


def pytest_collection_modifyitems(config, items):
    """`make test-postgres` (CI's second run of the suite) leaves out the tests whose outcome
    does not depend on the database: browser tests, processes started on the embedded SQLite
    whatever the run's database, walks of who may see what. `make test` runs them all."""
    from django.conf import settings

    if not settings.DATABASE_IS_POSTGRES:
        return
    once = pytest.mark.skip(reason="does not depend on the database: run by `make test`")
    for item in items:
        if item.get_closest_marker("once") or item.get_closest_marker("browser"):
            item.add_marker(once)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.contrib.contenttypes.models import ContentType

    from rotative.core import chrome

    cache.clear()
    chrome.memo_forget()
    # A transactional test flushes the database: content types come back with new ids.
    ContentType.objects.clear_cache()
    yield
    cache.clear()
    chrome.memo_forget()


@pytest.fixture
def home(db):
    from rotative.home.services import home_page_ensure

    return home_page_ensure()


@pytest.fixture
def section(home):
    from rotative.news.tests.factories import SectionPageFactory

    return SectionPageFactory(parent=home, title="Manche", slug="manche")


@pytest.fixture
def chromium():
    """Debian's chromium, driven by Playwright (it never downloads a browser of its own)."""
    import shutil

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_pages(chromium):
    """`new()` opens a French reader's page in its own browser context (its own cookies),
    so one test can play several people; every context is closed at the end."""
    contexts = []

    def new():
        context = chromium.new_context(locale="fr-FR", timezone_id="Europe/Paris")
        contexts.append(context)
        return context.new_page()

    yield new
    for context in contexts:
        context.close()


class SmtpMailbox:
    """What the `smtp_server` fixture received, each message parsed as an EmailMessage."""

    def __init__(self, host: str, port: int):
        import threading

        self.host, self.port = host, port
        self.messages = []  # email.message.EmailMessage, in the order received
        self._received = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        from email import policy
        from email.parser import BytesParser

        message = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
        with self._received:
            self.messages.append(message)
            self._received.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int = 1, timeout: float = 10) -> list:
        """The messages received so far, once there are at least `count` of them."""
        with self._received:
            if not self._received.wait_for(lambda: len(self.messages) >= count, timeout):
                raise AssertionError(f"{len(self.messages)} message(s) received, {count} expected")
            return list(self.messages)

    @staticmethod
    def text(message) -> str:
        return message.get_body(preferencelist=("plain", "html")).get_content()

    def first_link(self, path: str, message=None) -> str:
        """The first URL whose path starts with `path`, in `message` or else in every message."""
        import re
        from urllib.parse import urlsplit

        for candidate in [message] if message is not None else self.messages:
            for url in re.findall(r"https?://[^\s<>\"']+", self.text(candidate)):
                if urlsplit(url).path.startswith(path):
                    return url
        raise AssertionError(f"No link to {path} in the mail received")


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 (aiosmtpd) that Django's SMTP backend sends to."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as sock:  # a free port: aiosmtpd checks it can connect to the one given
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    mailbox = SmtpMailbox("127.0.0.1", port)
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield mailbox
    finally:
        controller.stop()


@pytest.fixture
def second_factor_login():
    """`second_factor_login(client, user)`: log `user` in as if they had given their password
    and an authenticator code (what the admin asks of staff when STAFF_MFA_REQUIRED is on,
    as in production; settings/test.py turns it off for the admin tests' force_login)."""
    from allauth.account.internal.flows.login import record_authentication
    from django.test import RequestFactory

    def login(client, user):
        client.force_login(user)
        request = RequestFactory().get("/")
        request.session = client.session
        record_authentication(request, user, "mfa", type="totp")
        request.session.save()

    return login
