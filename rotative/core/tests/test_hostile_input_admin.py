"""The URL fuzzer (see test_hostile_input.py) on the admin's URLs, as an editor.

Walked by `make test` (SQLite) only: what differs between the databases is refused before
any view, whatever the view (NUL characters and numbers out of range: core's
ImpossibleInputMiddleware, tested on both), and the admin's views are Wagtail's own.
"""

import pytest

from rotative.core.tests.fuzz import fuzzer

pytestmark = [pytest.mark.django_db, pytest.mark.once]


def test_admin_urls_as_an_editor(patterns, site_data, monkeypatch):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.create_superuser(
        username="redaction", email="redaction@example.fr", password="Rédaction-2026!"
    )
    admin = [p for p in patterns if p.is_admin]
    errors = fuzzer(monkeypatch, user=editor, share=1, values_share=2).errors(admin)
    assert not errors, "\n".join(errors)
