"""« Mes données »: the export as a JSON download, and the deletion of the account."""

import json
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from rotative.accounts import data, services
from rotative.accounts.models import Profile
from rotative.accounts.tests.conftest import field_errors, html, log_in, main_text
from rotative.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """A clean registry for the test; apps' own registrations come back afterwards."""
    fresh = data.Registry()
    monkeypatch.setattr(data, "registry", fresh)
    monkeypatch.setattr(services, "registry", fresh)
    return fresh


def test_reader_downloads_everything_the_site_holds_about_them(client, reader, registry):
    data.register_exporter(
        "comments", lambda user: [{"article": "Le marché de Coutances", "text": "Enfin !"}]
    )
    client.force_login(reader)

    response = client.get("/compte/donnees/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="mes-donnees-{timezone.localdate():%Y-%m-%d}.json"'
    )
    assert "no-store" in response["Cache-Control"]
    export = json.loads(response.content)
    assert export["user"]["email"] == "marie@example.fr"
    assert date.fromisoformat(export["user"]["date_joined"][:10]) == timezone.localdate()
    assert export["user"]["last_login"] is not None
    assert export["email_addresses"] == [
        {"email": "marie@example.fr", "verified": True, "primary": True}
    ]
    assert export["profile"]["display_name"] == "Marie L."
    assert export["profile"]["notify_replies"] is True
    assert export["comments"] == [{"article": "Le marché de Coutances", "text": "Enfin !"}]
    assert "password" not in json.dumps(export)


def test_the_download_needs_a_login(client, db):
    response = client.get("/compte/donnees/")
    assert response["Location"] == "/compte/connexion/?next=/compte/donnees/"


def test_export_names_are_checked(registry):
    def exporter(user):
        return []

    data.register_exporter("comments", exporter)
    data.register_exporter("comments", exporter)  # the same again (ready() twice): fine
    with pytest.raises(ValueError):
        data.register_exporter("comments", lambda user: [])
    with pytest.raises(ValueError):
        data.register_exporter("profile", exporter)


def test_deletion_asks_for_the_password_and_a_clear_yes(client, reader, registry):
    erased = []
    data.register_eraser(erased.append)
    log_in(client, "marie@example.fr")

    page = client.get("/compte/supprimer/")
    assert html(page).select_one("input[name=password][type=password]")
    assert "La suppression est définitive" in main_text(page)

    wrong = client.post("/compte/supprimer/", {"password": "devine", "confirm": "on"})
    assert field_errors(wrong, "password") == ["Mot de passe incorrect."]
    unconfirmed = client.post("/compte/supprimer/", {"password": PASSWORD})
    assert field_errors(unconfirmed, "confirm") == [
        "Cochez cette case pour confirmer la suppression."
    ]
    assert get_user_model().objects.filter(pk=reader.pk).exists()
    assert erased == []


def test_deleting_the_account_runs_the_erasers_then_removes_the_reader(
    client, reader, registry, home
):
    seen = []

    def eraser(user):
        # Erasers run first, while the reader and their rows still exist.
        seen.append((user.pk, Profile.objects.filter(user=user).exists()))

    data.register_eraser(eraser)
    log_in(client, "marie@example.fr")
    client.get("/compte/supprimer/")

    response = client.post(
        "/compte/supprimer/", {"password": PASSWORD, "confirm": "on"}, follow=True
    )

    assert response.redirect_chain == [("/", 302)]
    assert seen == [(reader.pk, True)]
    assert not get_user_model().objects.filter(pk=reader.pk).exists()
    assert not Profile.objects.exists()
    assert "_auth_user_id" not in client.session
    message = html(response).select_one(".messages").get_text(" ", strip=True)
    assert message == (
        "Confirmation : Votre compte et les données qui s'y rattachent ont été supprimés. "
        "Au revoir !"
    )
    assert "private" in response["Cache-Control"]


def test_a_failing_eraser_leaves_the_account_as_it_was(reader, registry):
    def broken(user):
        Profile.objects.filter(user=user).delete()
        raise RuntimeError("comments unavailable")

    data.register_eraser(broken)
    with pytest.raises(RuntimeError):
        services.account_delete(user=reader)
    assert Profile.objects.filter(user=reader).exists()
    assert get_user_model().objects.filter(pk=reader.pk).exists()


def test_newsroom_accounts_are_not_deleted_from_the_reader_pages(client, django_user_model):
    editor = django_user_model.objects.create_user("plume", "plume@example.fr", "x", is_staff=True)
    client.force_login(editor)
    page = client.get("/compte/supprimer/")
    assert "se suppriment depuis l'administration" in main_text(page)
    assert not html(page).select_one("main form")
    with pytest.raises(services.AccountDeletionRefused):
        services.account_delete(user=editor)
    assert django_user_model.objects.filter(pk=editor.pk).exists()
