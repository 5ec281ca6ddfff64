"""The demo's job board: 30 offers from invented, verified employers of the demo's
communes, most of them online, none with a forbidden requirement."""

from datetime import UTC, datetime

import pytest

from rotative.core.demo.registry import DemoRun, demo_parts
from rotative.jobs import discrimination
from rotative.jobs.demo_offers import OFFERS
from rotative.jobs.models import JobOffer

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def test_the_demo_offers_pass_the_discrimination_check():
    assert len(OFFERS) == 30
    for row in OFFERS:
        title, description, profile = row[2], row[8], row[9]
        assert discrimination.findings(title=title, description=description, profile=profile) == []


def test_the_demo_loads_offers_in_the_manche_and_the_calvados():
    run = DemoRun(now=NOW)
    parts = {part.name: part for part in demo_parts()}
    assert parts["emploi"].order == 78
    parts["classifieds"].load(run)  # the demo's communes
    parts["emploi"].load(run)
    assert "30 offres d'emploi" in run.counts
    offers = JobOffer.objects.all()
    assert offers.count() == 30
    assert {o.department for o in offers} == {"50", "14"}
    assert offers.filter(status="published").count() == 28
    assert offers.filter(status="expired").count() == 1
    assert offers.filter(status="pending").count() == 1
    assert all(o.employer.is_verified for o in offers.select_related("employer"))
    assert parts["emploi"].loaded()
