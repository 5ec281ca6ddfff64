"""The demo reader opens « À lire plus tard » on a list already started."""

import pytest
from django.utils import timezone

from rotative.accounts.demo import DEMO_READER_EMAIL
from rotative.accounts.tests.factories import ReaderFactory
from rotative.bookmarks.demo import demo_bookmarks_load, demo_bookmarks_loaded
from rotative.bookmarks.selectors import bookmarks_for
from rotative.core.demo.registry import DemoRun

pytestmark = pytest.mark.django_db


def test_the_demo_reader_has_saved_a_story_an_ad_and_an_outing(article, ad, outing):
    reader = ReaderFactory(email=DEMO_READER_EMAIL)
    assert not demo_bookmarks_loaded()

    demo_bookmarks_load(DemoRun(now=timezone.now()))

    assert sorted(b.kind for b in bookmarks_for(user=reader, available_only=True)) == [
        "annonce",
        "article",
        "evenement",
    ]
    assert demo_bookmarks_loaded()
