"""Saved searches of l'emploi: « CDI, Carantilly + 20 km » mails the new offers that match
once a moderator validates them; the daily alert lists those published since the last one."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from rotative.accounts.tests.factories import ReaderFactory
from rotative.alerts import services as alerts
from rotative.alerts.models import SavedSearch
from rotative.geo.tests.factories import commune
from rotative.jobs import services
from rotative.jobs.tests import factories

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
NEAR_CDI = "q=&contrat=cdi&commune=Carantilly+%2850570%29&rayon=20&salaire=2000"


@pytest.fixture
def candidate(db):
    return ReaderFactory(email="candidate@example.fr", display_name="Jeanne C.")


def save(client, reader, query, frequency="instant", category=""):
    client.force_login(reader)
    data = {"kind": "emploi", "category": category, "query": query, "frequency": frequency}
    client.post("/alertes/", data)
    return SavedSearch.objects.get(user=reader)


@time_machine.travel(NOW, tick=True)
def test_a_new_offer_nearby_is_mailed_once_validated(
    client, candidate, smtp_server, django_capture_on_commit_callbacks
):
    commune("carantilly")
    saved = save(client, candidate, NEAR_CDI, category="cdi")
    assert saved.label == "CDI, Carantilly (50570) + 20 km, 2000 € par mois au moins"
    boss = factories.employer()
    with django_capture_on_commit_callbacks(execute=True):
        factories.offer(by=boss, title="Vendeur H/F", contract="cdd", contract_months=3)
        factories.offer(by=boss, title="Caviste H/F", commune="caumont")  # 41 km
        factories.offer(by=boss, title="Manutentionnaire H/F", salary_min=1800, salary_max=1900)
        waiting = factories.offer(by=boss, title="Technicien de maintenance H/F", publish=False)
    assert smtp_server.messages == []

    with django_capture_on_commit_callbacks(execute=True):
        services.offer_moderate(moderator=factories.moderator(), offer=waiting, publish=True)

    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "candidate@example.fr"
    subject = str(mail["Subject"]).strip()
    assert subject == (
        "Nouvelles offres d'emploi : CDI, Carantilly (50570) + 20 km, 2000 € par mois au moins"
    )
    body = smtp_server.text(mail)
    assert "Technicien de maintenance H/F" in body
    assert "Laiterie du Bocage, CDI, Carantilly (50570)" in body
    assert smtp_server.first_link(waiting.get_absolute_url(), mail)


@time_machine.travel(NOW, tick=True)
def test_the_daily_alert_lists_what_went_online_since_the_last_one(client, candidate, smtp_server):
    saved = save(client, candidate, "q=soudeur", frequency="daily")
    assert saved.label == "« soudeur », Toutes les offres"
    SavedSearch.objects.filter(pk=saved.pk).update(
        checked_until=timezone.now() - timedelta(hours=1)
    )
    factories.offer(title="Soudeur TIG H/F")
    factories.offer(title="Comptable H/F")
    assert alerts.alerts_daily() == 1
    text = smtp_server.text(smtp_server.wait_for(1)[0])
    assert "Soudeur TIG H/F" in text and "Comptable H/F" not in text
    assert alerts.alerts_daily() == 0


def test_the_search_page_offers_the_alert_to_a_logged_in_reader_only(client, candidate):
    assert "Créer l'alerte" not in client.get("/emploi/?contrat=cdi").content.decode()
    client.force_login(candidate)
    page = client.get("/emploi/?contrat=cdi").content.decode()
    assert 'name="kind" value="emploi"' in page and "Créer l'alerte" in page
    assert 'name="category" value="cdi"' in page


def test_an_invalid_search_is_refused_with_its_reason(client, candidate):
    client.force_login(candidate)
    response = client.post(
        "/alertes/",
        {"kind": "emploi", "query": "commune=Trifouilly-les-Oies", "frequency": "daily"},
        follow=True,
    )
    assert "Cette recherche contient un critère invalide" in response.content.decode()
    assert not SavedSearch.objects.exists()
