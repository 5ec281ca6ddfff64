import pytest

from rotative.accounts.tests.factories import ReaderFactory


@pytest.fixture
def seller(db):
    return ReaderFactory(email="vendeur@example.fr", display_name="Yves V.")


@pytest.fixture
def moderator(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("moderation", "moderation@example.fr", "x")
