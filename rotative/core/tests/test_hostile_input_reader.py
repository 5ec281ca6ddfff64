"""The URL fuzzer (see test_hostile_input.py) on the site's URLs, as a logged-in reader."""

import pytest

from rotative.accounts.tests.factories import ReaderFactory
from rotative.core.tests.fuzz import fuzzer, site_patterns

pytestmark = pytest.mark.django_db


def test_site_urls_as_a_reader(patterns, site_data, monkeypatch):
    reader = fuzzer(monkeypatch, user=ReaderFactory(), share=3, offset=1)
    errors = reader.errors(site_patterns(patterns, site_data))
    assert not errors, "\n".join(errors)
