import pytest

from rotative.accounts.tests.factories import ReaderFactory


@pytest.fixture
def editor(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("redaction", "sport@example.fr", "x")


@pytest.fixture
def readers(db):
    """Five readers, in the order their accounts were made."""
    return [
        ReaderFactory(display_name=name) for name in ("Anne", "Bruno", "Chloé", "David", "Emma")
    ]
