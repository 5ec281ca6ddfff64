"""Offers expire at their closing date or 60 days after publication; the recurring job
marks them, the employer renews them or says the post is filled."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from rotative.core import scheduling
from rotative.jobs import services
from rotative.jobs.models import JobOffer
from rotative.jobs.tests import factories

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def test_the_expiry_job_is_declared_every_quarter_hour():
    (job,) = [job for job in scheduling.recurring_jobs() if job.name == "jobs.expire"]
    assert job.every == timedelta(minutes=15)


def test_the_job_marks_the_offers_whose_time_is_up():
    with time_machine.travel(NOW, tick=False):
        sixty = factories.offer(title="Sans date")
        closing = factories.offer(title="Avec date", closing_date=date(2027, 3, 10))
    with time_machine.travel(datetime(2027, 3, 10, 22, 59, tzinfo=UTC), tick=False):
        assert services.offers_expire() == 0
    with time_machine.travel(datetime(2027, 3, 10, 23, 0, tzinfo=UTC), tick=False):
        # Midnight in Paris at the end of the closing day.
        from rotative.jobs.tasks import jobs_expire

        jobs_expire.call()
    closing.refresh_from_db()
    sixty.refresh_from_db()
    assert closing.status == JobOffer.Status.EXPIRED
    assert sixty.status == JobOffer.Status.PUBLISHED
    with time_machine.travel(NOW + timedelta(days=60), tick=False):
        assert services.offers_expire() == 1
    sixty.refresh_from_db()
    assert sixty.status == JobOffer.Status.EXPIRED


def test_the_employer_renews_an_expired_offer_for_60_days(client):
    with time_machine.travel(NOW, tick=False):
        boss = factories.employer()
        offer = factories.offer(by=boss, title="Caviste H/F", closing_date=date(2027, 3, 10))
    later = datetime(2027, 4, 2, 9, 0, tzinfo=UTC)
    with time_machine.travel(later, tick=False):
        services.offers_expire()
        client.force_login(boss)
        mine = client.get("/emploi/mes-offres/").content.decode()
        assert "Pourvue ou expirée" in mine and "Renouveler 60 jours" in mine
        response = client.post(f"/emploi/mes-offres/{offer.pk}/renouveler/", follow=True)
        assert "Offre renouvelée : en ligne jusqu&#x27;au 01/06/2027." in response.content.decode()
        offer.refresh_from_db()
        assert offer.status == JobOffer.Status.PUBLISHED
        assert offer.expires_at == later + timedelta(days=60)
        assert offer.closing_date is None  # past: dropped
        assert offer.published_at == NOW  # not new for the alerts
        client.logout()
        assert "Caviste H/F" in client.get("/emploi/").content.decode()


def test_an_offer_never_published_cannot_be_renewed(client):
    boss = factories.employer()
    offer = factories.offer(by=boss, publish=False)
    client.force_login(boss)
    response = client.post(f"/emploi/mes-offres/{offer.pk}/renouveler/", follow=True)
    assert "Seule une offre publiée peut être renouvelée." in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == JobOffer.Status.PENDING


@time_machine.travel(NOW, tick=False)
def test_a_filled_post_says_so_at_once(client):
    boss = factories.employer()
    offer = factories.offer(by=boss, title="Soudeur H/F")
    client.force_login(boss)
    client.post(f"/emploi/mes-offres/{offer.pk}/pourvue/")
    client.logout()
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "Offre pourvue ou expirée" in page
