import pytest
from django.contrib.auth import get_user_model

from rotative.accounts.tests.factories import ReaderFactory
from rotative.bookmarks.tests.factories import CAMERA, ArticlePageFactory, ad_online, event


@pytest.fixture
def reader(db):
    return ReaderFactory(email="lectrice@example.fr", display_name="Marie L.")


@pytest.fixture
def other_reader(db):
    return ReaderFactory(email="paul@example.fr", display_name="Paul K.")


@pytest.fixture
def moderator(db):
    return get_user_model().objects.create_superuser("moderation", "moderation@example.fr", "x")


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="La digue de Granville a cédé", slug="digue")


@pytest.fixture
def ad(moderator):
    seller = ReaderFactory(email="vendeur@example.fr", display_name="Yves V.")
    return ad_online(owner=seller, moderator=moderator, **CAMERA)


@pytest.fixture
def outing(db):
    return event(title="Fête de la coquille", category="fete")
