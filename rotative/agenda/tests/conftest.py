import pytest

from rotative.accounts.tests.factories import ReaderFactory


@pytest.fixture
def organiser(db):
    return ReaderFactory(email="organisateur@example.fr", display_name="Comité des fêtes")


@pytest.fixture
def moderator(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("moderation", "moderation@example.fr", "x")
