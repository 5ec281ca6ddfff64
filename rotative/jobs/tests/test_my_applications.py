"""« Mes candidatures »: a candidate finds what they sent through the site, and only that."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from rotative.accounts.tests.factories import ReaderFactory
from rotative.jobs import services
from rotative.jobs.tests import factories
from rotative.jobs.tests.test_applications import PDF

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def sent(boss):
    """Jeanne applied to two offers, Paul to one of them."""
    with time_machine.travel(NOW, tick=False):
        cheese = factories.offer(by=boss, title="Fromager H/F", apply_by="site")
        dairy = factories.offer(by=boss, title="Agent de collecte de lait H/F", apply_by="site")
        jeanne = ReaderFactory(email="jeanne@example.fr", display_name="Jeanne")
        paul = ReaderFactory(email="paul@example.fr", display_name="Paul")
        for offer in (cheese, dairy):
            services.application_submit(
                offer=offer, candidate=jeanne, name="Jeanne Martin", message="Lettre", cv=PDF
            )
        services.application_submit(
            offer=cheese, candidate=paul, name="Paul Leroy", message="Lettre de Paul", cv=PDF
        )
    return {"cheese": cheese, "dairy": dairy, "jeanne": jeanne, "paul": paul}


def test_a_candidate_sees_the_offers_they_applied_to_and_no_one_elses(client, sent):
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        client.force_login(sent["paul"])
        response = client.get("/emploi/mes-candidatures/")
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Fromager H/F" in page and "Envoyée le 1 mars 2027" in page and "offre en ligne" in page
    assert "Agent de collecte de lait" not in page  # Jeanne's, not his
    assert "Jeanne" not in page and "Lettre de Paul" not in page  # no letter shown


def test_an_offer_gone_offline_is_named_without_its_link(client, sent):
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        services.offers_suspend(employer_id=sent["cheese"].employer_id)
        client.force_login(sent["jeanne"])
        page = client.get("/emploi/mes-candidatures/").content.decode()
    assert "offre hors ligne" in page
    assert f'href="{sent["cheese"].get_absolute_url()}"' not in page


def test_an_expired_offer_keeps_its_page_and_says_so(client, sent):
    with time_machine.travel(NOW + timedelta(days=90), tick=False):
        services.offers_expire()
        client.force_login(sent["paul"])
        page = client.get("/emploi/mes-candidatures/").content.decode()
    assert "offre pourvue ou expirée" in page
    assert f'href="{sent["cheese"].get_absolute_url()}"' in page


def test_anonymous_readers_are_sent_to_log_in(client):
    response = client.get("/emploi/mes-candidatures/")
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_the_offer_page_and_the_search_lead_there(client, sent):
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        client.force_login(sent["paul"])
        offer_page = client.get(sent["cheese"].get_absolute_url()).content.decode()
        search_page = client.get("/emploi/").content.decode()
    assert 'href="/emploi/mes-candidatures/"' in offer_page
    assert 'href="/emploi/mes-candidatures/"' in search_page
