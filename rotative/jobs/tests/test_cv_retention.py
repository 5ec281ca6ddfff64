"""How long a CV is kept: six months, or less if its offer or the candidate's account goes
first; the candidate's « Mes données » lists what they sent, not the file."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.files.storage import storages

from rotative.accounts import services as accounts
from rotative.accounts.tests.factories import ReaderFactory
from rotative.jobs import services
from rotative.jobs.models import JobApplication
from rotative.jobs.tasks import jobs_applications_purge
from rotative.jobs.tests import factories
from rotative.jobs.tests.test_applications import PDF

pytestmark = pytest.mark.django_db(transaction=True)
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def applied(offer, candidate=None) -> JobApplication:
    return services.application_submit(
        offer=offer,
        candidate=candidate or ReaderFactory(),
        name="Jeanne Martin",
        message="Dix ans d'affinage.",
        cv=PDF,
    )


def stored(application) -> bool:
    return storages["job_applications"].exists(application.cv.name)


@pytest.fixture
def offer(boss):
    with time_machine.travel(NOW, tick=False):
        return factories.offer(by=boss, title="Fromager H/F", apply_by="site")


def test_applications_and_their_cvs_go_after_six_months(offer, boss):
    with time_machine.travel(NOW, tick=False):
        old = applied(offer)
    with time_machine.travel(NOW + timedelta(days=100), tick=False):
        later = factories.offer(by=boss, title="Affineur H/F", apply_by="site")
        recent = applied(later)
    assert stored(old) and stored(recent)
    with time_machine.travel(NOW + timedelta(days=182), tick=False):
        jobs_applications_purge.enqueue()
    assert JobApplication.objects.count() == 2 and stored(old)
    with time_machine.travel(NOW + timedelta(days=183, hours=1), tick=False):
        jobs_applications_purge.enqueue()
    assert list(JobApplication.objects.all()) == [recent]
    assert not stored(old) and stored(recent)


def test_deleting_the_offer_deletes_its_cvs(offer):
    with time_machine.travel(NOW, tick=False):
        application = applied(offer)
    offer.delete()
    assert not JobApplication.objects.exists()
    assert not stored(application)


def test_deleting_the_candidates_account_deletes_their_cvs(offer, home):
    candidate = ReaderFactory()
    with time_machine.travel(NOW, tick=False):
        application = applied(offer, candidate)
    accounts.account_delete(user=candidate)
    assert not JobApplication.objects.exists()
    assert not stored(application)


def test_a_failed_deletion_keeps_the_cv(offer):
    from django.db import transaction

    with time_machine.travel(NOW, tick=False):
        application = applied(offer)
    with pytest.raises(RuntimeError), transaction.atomic():
        JobApplication.objects.filter(pk=application.pk).delete()
        raise RuntimeError("rolled back")
    assert stored(application)


def test_the_candidates_export_lists_their_applications_not_the_file(offer):
    candidate = ReaderFactory(email="jeanne@example.fr")
    with time_machine.travel(NOW, tick=False):
        applied(offer, candidate)
    export = accounts.account_export(user=candidate)
    (sent,) = export["candidatures"]
    assert sent["offre"] == "Fromager H/F"
    assert sent["message"] == "Dix ans d'affinage."
    assert sent["cv"] == f"PDF, {len(PDF)} octets"
    assert sent["envoyée_le"].startswith("2027-03-01")
    assert sent["supprimée_le"].startswith("2027-08-31")
    assert "%PDF" not in str(export)
