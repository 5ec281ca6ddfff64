"""An employer posts an offer: only verified professional accounts, with the salary said,
no discriminating requirement, then the moderators' decision and « Mes offres »."""

from datetime import UTC, datetime

import pytest
import time_machine

from rotative.accounts.tests.factories import ReaderFactory
from rotative.jobs.models import JobOffer
from rotative.jobs.tests import factories

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def form_data(**overrides):
    data = {
        "title": "Technicien de maintenance H/F",
        "contract": "cdi",
        "working_time": "plein",
        "commune_text": "Carantilly (50570)",
        "remote": "aucun",
        "salary_min": "2300",
        "salary_max": "2800",
        "salary_period": "mois",
        "description": "Maintenance préventive et curative des lignes.",
        "profile": "BTS maintenance, habilitation électrique.",
        "apply_by": "lien",
        "apply_url": "https://laiterie.example.fr/postuler",
        "action": "submit",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def carantilly(db):
    from rotative.geo.tests.factories import commune

    return commune("carantilly")


def test_a_private_reader_is_told_how_to_become_an_employer(client, carantilly):
    client.force_login(ReaderFactory())
    response = client.get("/emploi/deposer/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "compte professionnel est vérifié" in page
    assert 'href="/compte/professionnel/"' in page
    assert client.post("/emploi/deposer/", form_data()).status_code == 403
    assert not JobOffer.objects.exists()


def test_an_employer_waiting_for_the_siret_check_cannot_post_yet(client, carantilly):
    client.force_login(factories.employer(verified=False))
    response = client.get("/emploi/deposer/")
    assert response.status_code == 403
    assert "en cours de vérification" in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get("/emploi/deposer/")
    assert response.status_code == 302 and "/connexion/" in response["Location"]


@time_machine.travel(NOW, tick=False)
def test_a_verified_employer_posts_an_offer_that_waits_for_validation(client, boss, carantilly):
    client.force_login(boss)
    response = client.post("/emploi/deposer/", form_data())
    offer = JobOffer.objects.get()
    assert response.status_code == 302 and response["Location"] == offer.get_absolute_url()
    assert offer.status == JobOffer.Status.PENDING
    assert offer.employer.company_name == "Laiterie du Bocage"
    assert offer.department == "50" and offer.latitude == pytest.approx(49.0661, abs=1e-3)
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "En attente de validation" in page
    assert "2\u202f300 – 2\u202f800 € brut par mois" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"salary_min": None, "salary_max": None, "salary_period": None},
            "Le salaire est obligatoire : indiquez une fourchette",
        ),
        (
            {"salary_on_profile": "on"},
            "Indiquez une fourchette de salaire ou « selon profil », pas les deux.",
        ),
        ({"salary_period": ""}, "Précisez si le salaire est mensuel ou annuel."),
        ({"salary_min": "3000"}, "Le salaire maximum est inférieur au minimum."),
        ({"contract": "cdd"}, "Indiquez la durée du CDD en mois."),
        ({"apply_url": ""}, "Indiquez le lien où postuler."),
        ({"apply_by": "email"}, "Indiquez l&#x27;adresse qui recevra les candidatures."),
    ],
)
def test_the_form_refuses_an_incomplete_offer_and_keeps_what_was_typed(
    client, boss, carantilly, overrides, message
):
    client.force_login(boss)
    response = client.post("/emploi/deposer/", form_data(**overrides))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Technicien de maintenance H/F" in page  # kept
    assert not JobOffer.objects.exists()


def test_selon_profil_is_a_salary(client, boss, carantilly):
    client.force_login(boss)
    data = form_data(salary_min=None, salary_max=None, salary_period=None, salary_on_profile="on")
    assert client.post("/emploi/deposer/", data).status_code == 302
    assert JobOffer.objects.get().salary_label == "Selon profil"


def test_a_discriminating_requirement_is_refused_with_its_reason(client, boss, carantilly):
    client.force_login(boss)
    response = client.post(
        "/emploi/deposer/",
        form_data(profile="Homme uniquement, moins de 30 ans, permis B."),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "« Homme uniquement » : le sexe ne peut pas être un critère de recrutement" in page
    assert "« moins de 30 ans » : l&#x27;âge ne peut pas être un critère" in page
    assert not JobOffer.objects.exists()


def test_the_service_refuses_it_too(boss, carantilly):
    from rotative.jobs import services

    with pytest.raises(services.JobsError, match="nationalité"):
        factories.offer(by=boss, description="Nationalité française exigée.")


def test_a_draft_is_kept_without_being_sent(client, boss, carantilly):
    client.force_login(boss)
    response = client.post("/emploi/deposer/", form_data(action="draft"))
    assert response["Location"] == "/emploi/mes-offres/"
    assert JobOffer.objects.get().status == JobOffer.Status.DRAFT
    page = client.get("/emploi/mes-offres/").content.decode()
    assert "Technicien de maintenance H/F" in page and "Brouillon" in page


@time_machine.travel(NOW, tick=False)
def test_the_moderators_queue_validates_or_refuses_with_a_reason(client, boss, carantilly):
    waiting = factories.offer(by=boss, publish=False, title="Soudeur H/F")
    refused = factories.offer(by=boss, publish=False, title="Peintre H/F")
    client.force_login(factories.moderator())
    queue = client.get("/admin/emploi/").content.decode()
    assert "Soudeur H/F" in queue and "Peintre H/F" in queue and "Laiterie du Bocage" in queue
    client.post(f"/admin/emploi/{waiting.pk}/moderer/", {"action": "publish"})
    client.post(f"/admin/emploi/{refused.pk}/moderer/", {"action": "refuse", "reason": ""})
    assert JobOffer.objects.get(pk=refused.pk).status == JobOffer.Status.PENDING  # no reason
    client.post(f"/admin/emploi/{refused.pk}/moderer/", {"action": "refuse", "reason": "Doublon"})
    waiting.refresh_from_db()
    assert waiting.status == JobOffer.Status.PUBLISHED and waiting.published_at == NOW
    assert waiting.expires_at == datetime(2027, 4, 30, 9, 0, tzinfo=UTC)  # 60 days
    client.force_login(boss)
    mine = client.get("/emploi/mes-offres/").content.decode()
    assert "Refusée" in mine and "Doublon" in mine and "en ligne jusqu'au 30 avril 2027" in mine


def test_the_queue_shows_why_an_offer_changed_since_is_suspect(client, boss, carantilly):
    waiting = factories.offer(by=boss, publish=False)
    # Changed behind the form's back (the admin, an import): the queue says what it finds.
    JobOffer.objects.filter(pk=waiting.pk).update(profile="Célibataire de préférence.")
    client.force_login(factories.moderator())
    queue = client.get("/admin/emploi/").content.decode()
    assert "Discrimination" in queue and "la situation de famille" in queue


def test_a_reader_without_the_permission_has_no_queue(client, carantilly):
    client.force_login(ReaderFactory())
    assert client.get("/admin/emploi/").status_code in (302, 403)


@time_machine.travel(NOW, tick=False)
def test_views_are_counted_for_visitors_not_for_the_employer(client, boss, carantilly):
    offer = factories.offer(by=boss)
    client.get(offer.get_absolute_url())
    client.get(offer.get_absolute_url())
    client.force_login(boss)
    client.get(offer.get_absolute_url())
    offer.refresh_from_db()
    assert offer.views == 2
    page = client.get("/emploi/mes-offres/").content.decode()
    assert "Vues : </span>2</td>" in page


@time_machine.travel(NOW, tick=False)
def test_a_change_to_an_offer_online_goes_back_to_the_moderators(client, boss, carantilly):
    offer = factories.offer(by=boss)
    client.force_login(boss)
    assert client.get(f"/emploi/mes-offres/{offer.pk}/modifier/").status_code == 200
    client.post(f"/emploi/mes-offres/{offer.pk}/modifier/", form_data(title="Électricien H/F"))
    offer.refresh_from_db()
    assert offer.title == "Électricien H/F" and offer.status == JobOffer.Status.PENDING


def test_another_employer_cannot_edit_renew_or_close_an_offer(client, boss, carantilly):
    offer = factories.offer(by=boss)
    client.force_login(factories.employer("Chantier naval"))
    assert client.get(f"/emploi/mes-offres/{offer.pk}/modifier/").status_code == 404
    assert client.post(f"/emploi/mes-offres/{offer.pk}/renouveler/").status_code == 404
    assert client.post(f"/emploi/mes-offres/{offer.pk}/pourvue/").status_code == 404
    offer.refresh_from_db()
    assert offer.status == JobOffer.Status.PUBLISHED


def test_the_email_relay_address_is_never_shown(client, boss, carantilly):
    offer = factories.offer(by=boss, apply_by="email", apply_email="secret-rh@laiterie.example.fr")
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "secret-rh" not in page
    assert "passe par le journal" in page
