"""Fixtures shared by every app's tests."""

import os

import pytest
from django.core.cache import cache

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.contrib.contenttypes.models import ContentType

    cache.clear()
    # A transactional test flushes the database: content types come back with new ids.
    ContentType.objects.clear_cache()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    from rotative.core.services import home_page_ensure

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
