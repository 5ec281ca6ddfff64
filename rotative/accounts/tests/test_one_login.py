"""One login for everyone: the admin's and Wagtail's own login pages lead to the readers'
one, with its lockout and confirmed addresses; none of them authenticates anything itself."""

import pytest
from django.contrib.auth import get_user_model

from rotative.accounts.tests.conftest import log_in, main_text
from rotative.accounts.tests.factories import PASSWORD, ReaderFactory
from rotative.accounts.tests.test_login import LOCKED_OUT, WRONG

pytestmark = pytest.mark.django_db

SIDE_DOORS = ["/admin/login/", "/_util/login/"]


@pytest.fixture
def editor(db):
    from rotative.accounts.services import account_email_confirm

    user = get_user_model().objects.create_superuser("redaction", "redaction@example.fr", PASSWORD)
    account_email_confirm(user=user)
    return user


@pytest.mark.parametrize("path", SIDE_DOORS)
def test_a_readers_credentials_posted_to_wagtails_login_give_no_session(client, reader, path):
    response = client.post(path, {"username": "marie@example.fr", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/?next=")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", SIDE_DOORS)
def test_an_editors_username_posted_to_wagtails_login_gives_no_session(client, editor, path):
    response = client.post(path, {"username": "redaction", "password": PASSWORD})

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_admin_sends_to_the_one_login_and_back(client, editor, home):
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/?next=/admin/pages/"
    assert client.get("/admin/login/?next=/admin/pages/")["Location"] == (
        "/compte/connexion/?next=%2Fadmin%2Fpages%2F"
    )

    response = log_in(client, "redaction@example.fr", next="/admin/pages/")

    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_locks_an_editor_out_like_a_reader(client, editor):
    for _ in range(5):
        assert WRONG in main_text(log_in(client, "redaction@example.fr", "devine", next="/admin/"))

    response = log_in(client, "redaction@example.fr", PASSWORD, next="/admin/")

    assert LOCKED_OUT in main_text(response)
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith("/compte/connexion/")


def test_wagtails_password_reset_leads_to_the_readers_one(client, editor, mailoutbox):
    response = client.post("/admin/password_reset/", {"email": "redaction@example.fr"})

    assert response.status_code == 302
    assert response["Location"] == "/compte/mot-de-passe/oubli/"
    assert mailoutbox == []


@pytest.mark.parametrize(
    "path, fields",
    [
        ("/compte/connexion/", {"login": "pressee@example.fr"}),
        ("/accounts/login/", {"login": "pressee@example.fr"}),
        ("/admin/login/", {"username": "pressee@example.fr"}),
        ("/_util/login/", {"username": "pressee@example.fr"}),
    ],
)
def test_an_unconfirmed_account_gets_no_session_through_any_login(client, home, path, fields):
    ReaderFactory(email="pressee@example.fr", verified=False)

    client.post(path, {**fields, "password": PASSWORD})

    assert "_auth_user_id" not in client.session


def test_an_account_made_with_createsuperuser_confirms_its_address_at_first_login(
    client, home, mailoutbox
):
    get_user_model().objects.create_superuser("chef", "chef@example.fr", PASSWORD)

    response = log_in(client, "chef@example.fr", next="/admin/")

    assert response["Location"] == "/compte/confirmation/"
    assert "_auth_user_id" not in client.session
    [mail] = mailoutbox
    link = next(word for word in mail.body.split() if "/compte/confirm-email/" in word)
    path = link[link.index("/compte/") :]
    client.post(path)
    assert client.get("/admin/").status_code == 200
