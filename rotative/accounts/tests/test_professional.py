"""Professional accounts: a business declares its SIRET, the newsroom checks it, its ads say so."""

import pytest
from django.contrib.auth import get_user_model

from rotative.accounts.tests.conftest import field_errors, html, main_text
from rotative.accounts.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db

SIRET = "44306184100047"  # a real company's number: the checksum holds


@pytest.fixture
def agency(client):
    user = ReaderFactory(email="agence@example.fr", display_name="Agence du Bocage")
    client.force_login(user)
    return user


@pytest.fixture
def moderator():
    return get_user_model().objects.create_superuser("moderation", "moderation@example.fr", "x")


def request_mark(client, siret=SIRET, company_name="Agence du Bocage"):
    return client.post(
        "/compte/professionnel/", {"company_name": company_name, "siret": siret}, follow=True
    )


def review(client, moderator, agency, action, reason=""):
    client.force_login(moderator)
    professional = agency.professional
    response = client.post(
        f"/admin/professionnels/{professional.pk}/",
        {"action": action, "reason": reason},
        follow=True,
    )
    client.force_login(agency)
    return response


def test_a_siret_with_spaces_is_accepted_and_waits_for_the_newsroom(client, agency):
    response = request_mark(client, siret="443 061 841 00047")
    notice = html(response).select_one(".messages").get_text(" ")
    assert "la rédaction vérifie votre numéro SIRET sous 48 heures" in notice
    assert "Votre demande est en cours de vérification." in main_text(response)
    assert agency.professional.siret == SIRET


def test_a_wrong_siret_is_refused_and_the_form_keeps_the_name(client, agency):
    response = request_mark(client, siret="44306184100048")
    assert field_errors(response, "siret") == [
        "Ce numéro SIRET n'existe pas : vérifiez-le sur votre extrait Kbis ou avis INSEE."
    ]
    assert html(response).select_one("[name=company_name]")["value"] == "Agence du Bocage"
    response = request_mark(client, siret="4430618")
    assert field_errors(response, "siret") == [
        "Le numéro SIRET compte 14 chiffres (SIREN puis NIC)."
    ]


def test_one_siret_belongs_to_one_account(client, agency):
    request_mark(client)
    client.force_login(ReaderFactory(email="autre@example.fr", display_name="Autre agence"))
    response = request_mark(client, company_name="Autre agence")
    assert "Ce numéro SIRET est déjà celui d'un autre compte du site." in main_text(response)


def test_ads_carry_the_mark_only_once_the_siret_is_checked(client, agency, moderator):
    from rotative.classifieds.tests.factories import ad_online

    request_mark(client)
    before = ad_online(owner=agency, moderator=moderator, title="Maison avant vérification")
    page = main_text(client.get(before.get_absolute_url()))
    assert "Professionnel" not in page

    response = review(client, moderator, agency, "verify")
    assert "Agence du Bocage (44306184100047) est vérifié." in main_text(response)
    after = ad_online(owner=agency, moderator=moderator, title="Maison après vérification")
    page = main_text(client.get(after.get_absolute_url()))
    assert "Professionnel : Agence du Bocage (SIRET 44306184100047)" in page
    assert "vérifié le" in main_text(client.get("/compte/professionnel/"))


def test_a_refusal_needs_a_reason_that_the_requester_reads(client, agency, moderator):
    request_mark(client)
    response = review(client, moderator, agency, "refuse")
    assert "Indiquez le motif du refus" in response.content.decode()
    review(client, moderator, agency, "refuse", reason="la raison sociale ne correspond pas")
    page = main_text(client.get("/compte/professionnel/"))
    assert "Votre demande a été refusée : la raison sociale ne correspond pas." in page
    # Sending it again puts it back in the queue.
    request_mark(client, company_name="Agence immobilière du Bocage")
    client.force_login(moderator)
    queue = main_text(client.get("/admin/professionnels/"))
    assert "Agence immobilière du Bocage" in queue
    assert "À vérifier (1)" in queue


def test_readers_cannot_open_the_queue(client, agency):
    assert client.get("/admin/professionnels/").status_code in (302, 403)


def test_the_export_holds_the_professional_details(client, agency):
    request_mark(client)
    export = client.get("/compte/donnees/").json()
    assert export["professional"]["siret"] == SIRET
    assert export["professional"]["status"] == "pending"
