"""/moi: the app shows who is signed in, and learns nothing else of the account."""

import pytest

from rotative.accounts.tests.factories import ReaderFactory
from rotative.api.services import token_create
from rotative.api.tests.conftest import bearer

pytestmark = pytest.mark.django_db


def test_the_app_reads_who_is_signed_in_and_nothing_more(client, reader, reader_key):
    response = client.get("/api/v1/moi", **bearer(reader_key))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id", "display_name", "email", "email_confirmed", "date_joined"}
    assert body["id"] == reader.pk
    assert body["display_name"] == "Marie L."
    assert body["email"] == "marie@example.fr"
    assert body["email_confirmed"] is True
    assert body["date_joined"].startswith(str(reader.date_joined.year))
    assert response["Cache-Control"].startswith("private")  # never kept by a shared cache


def test_an_address_still_to_confirm_is_said_so(client):
    newcomer = ReaderFactory(email="paul@example.fr", verified=False)
    key = token_create(user=newcomer, device="Téléphone de Paul")[1]

    assert client.get("/api/v1/moi", **bearer(key)).json()["email_confirmed"] is False


def test_without_a_key_the_app_is_asked_to_sign_in(client):
    response = client.get("/api/v1/moi")

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_required"


def test_a_revoked_key_is_refused(client, reader):
    token, key = token_create(user=reader, device="Ancien téléphone")
    client.delete("/api/v1/jetons/courant", **bearer(key))

    response = client.get("/api/v1/moi", **bearer(key))

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"
