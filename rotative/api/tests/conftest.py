import pytest

from rotative.accounts.tests.factories import ReaderFactory
from rotative.api.services import token_create


@pytest.fixture
def reader(db):
    return ReaderFactory(email="marie@example.fr", display_name="Marie L.")


@pytest.fixture
def reader_key(reader) -> str:
    """The key the app holds for `reader` on her phone."""
    return token_create(user=reader, device="Téléphone de Marie")[1]


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}
