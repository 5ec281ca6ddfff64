"""A professional account that loses its mark (details changed, or « Retirer la mention » in
the admin) takes its offers offline, kept: out of the search and the sitemap, their page
gone for readers, back in the moderators' queue. Verifying the account again republishes
nothing by itself: a moderator does, after reading them."""

from datetime import UTC, datetime

import pytest
import time_machine

from rotative.accounts import services as accounts
from rotative.jobs import selectors, services
from rotative.jobs.models import JobOffer
from rotative.jobs.tests import factories

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def online(boss):
    with time_machine.travel(NOW, tick=False):
        return factories.offer(by=boss, title="Conducteur de ligne H/F")


def withdraw_mark(client, boss):
    """The moderator's « Retirer la mention » in the admin's Comptes professionnels."""
    with time_machine.travel(NOW, tick=False):
        client.force_login(factories.moderator())  # a session of that day
        response = client.post(
            f"/admin/professionnels/{boss.professional.pk}/",
            {"action": "refuse", "reason": "SIRET radié de l'annuaire des entreprises."},
        )
    assert response.status_code == 302 and response.url == "/admin/professionnels/", response.url
    client.logout()


def found_by_readers(client, offer) -> dict:
    with time_machine.travel(NOW, tick=False):
        return {
            "search": "Conducteur de ligne" in client.get("/emploi/?q=conducteur").content.decode(),
            "sitemap": offer.slug in client.get("/sitemap-emploi.xml").content.decode(),
            "page": client.get(offer.get_absolute_url()).status_code,
        }


def test_withdrawing_the_mark_takes_the_offers_offline_not_away(client, boss, online):
    assert found_by_readers(client, online) == {"search": True, "sitemap": True, "page": 200}

    withdraw_mark(client, boss)

    online.refresh_from_db()
    assert online.status == JobOffer.Status.PENDING
    assert online.published_at is not None  # kept, with its history
    assert "n'est plus vérifié" in online.refusal_reason
    assert found_by_readers(client, online) == {"search": False, "sitemap": False, "page": 404}
    # The employer still sees it, with the reason, in « Mes offres ».
    client.force_login(boss)
    mine = client.get("/emploi/mes-offres/").content.decode()
    assert "Conducteur de ligne H/F" in mine and "votre compte professionnel" in mine
    # Nothing puts it back while the account is not verified: not the employer…
    with pytest.raises(services.JobsError):
        services.offer_renew(by=boss, offer=online)
    # …nor a moderator, who sees why in the queue.
    assert online in selectors.moderation_queue()
    with pytest.raises(services.JobsError, match="n'est plus vérifié"):
        services.offer_moderate(moderator=factories.moderator(), offer=online, publish=True)


def test_verifying_again_republishes_nothing_until_a_moderator_does(
    client, boss, online, smtp_server, django_capture_on_commit_callbacks
):
    withdraw_mark(client, boss)
    accounts.professional_verify(moderator=None, professional=boss.professional)

    online.refresh_from_db()
    assert online.status == JobOffer.Status.PENDING
    assert found_by_readers(client, online)["search"] is False

    with (
        time_machine.travel(NOW, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.offer_moderate(moderator=factories.moderator(), offer=online, publish=True)
    online.refresh_from_db()
    assert online.refusal_reason == ""
    assert found_by_readers(client, online) == {"search": True, "sitemap": True, "page": 200}
    assert smtp_server.messages == []  # not news again for saved searches


def test_changing_the_company_details_takes_the_offers_offline_until_checked(boss, online):
    other = factories.offer(by=boss, title="Caviste H/F", publish=False)  # waiting already
    accounts.professional_request(
        user=boss, company_name="Laiterie du Bocage SAS", siret=boss.professional.siret
    )
    online.refresh_from_db()
    other.refresh_from_db()
    assert online.status == JobOffer.Status.PENDING
    assert other.status == JobOffer.Status.PENDING and other.refusal_reason == ""
    assert not JobOffer.objects.online().exists()


def test_other_employers_offers_stay_online(client, boss, online):
    with time_machine.travel(NOW, tick=False):
        elsewhere = factories.offer(title="Comptable H/F")
    withdraw_mark(client, boss)
    elsewhere.refresh_from_db()
    assert elsewhere.is_online(now=NOW)
