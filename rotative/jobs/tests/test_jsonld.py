"""Every online offer carries schema.org JobPosting JSON-LD with what Google's job search
requires; an expired offer says it is filled, carries none and is not indexed."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from rotative.jobs.tests import factories

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
# Google's required properties of a JobPosting, and the ones this issue asks for.
REQUIRED = {
    "title",
    "description",
    "datePosted",
    "validThrough",
    "hiringOrganization",
    "jobLocation",
    "employmentType",
    "baseSalary",
}


def jsonld_of(page: str) -> list[dict]:
    found = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
    return [json.loads(block) for block in found]


def job_posting(client, offer) -> dict:
    (data,) = [
        d
        for d in jsonld_of(client.get(offer.get_absolute_url()).content.decode())
        if d.get("@type") == "JobPosting"
    ]
    return data


@time_machine.travel(NOW, tick=False)
def test_an_offer_carries_every_required_property(client):
    offer = factories.offer(
        title="Soudeur <TIG> H/F",
        contract="cdd",
        contract_months=6,
        working_time="partiel",
        salary_min=2200,
        salary_max=2600,
        description="Soudure & lecture de plans.",
    )
    data = job_posting(client, offer)
    assert set(data) >= REQUIRED
    assert data["@context"] == "https://schema.org"
    assert data["title"] == "Soudeur <TIG> H/F"
    assert "Soudure &amp; lecture de plans." in data["description"]
    assert data["datePosted"] == "2027-03-01"
    assert data["validThrough"] == "2027-04-30T09:00:00+00:00"
    assert data["employmentType"] == ["PART_TIME", "TEMPORARY"]
    assert data["hiringOrganization"] == {"@type": "Organization", "name": "Laiterie du Bocage"}
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Carantilly",
        "postalCode": "50570",
        "addressCountry": "FR",
    }
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {
            "@type": "QuantitativeValue",
            "unitText": "MONTH",
            "minValue": 2200,
            "maxValue": 2600,
        },
    }
    assert data["url"].endswith(offer.get_absolute_url())


@time_machine.travel(NOW, tick=False)
def test_a_yearly_salary_a_remote_freelance_and_a_closing_date(client):
    offer = factories.offer(
        contract="freelance",
        remote="total",
        salary_min=40000,
        salary_max=40000,
        salary_period="annee",
        closing_date=datetime(2027, 3, 20).date(),
    )
    data = job_posting(client, offer)
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "unitText": "YEAR",
        "value": 40000,
    }
    assert data["employmentType"] == ["CONTRACTOR"]
    assert data["jobLocationType"] == "TELECOMMUTE"
    # The end of the closing day, in Paris.
    assert data["validThrough"] == "2027-03-20T23:00:00+00:00"


@time_machine.travel(NOW, tick=False)
def test_selon_profil_gives_no_invented_figure(client):
    offer = factories.offer(
        salary_min=None, salary_max=None, salary_period="", salary_on_profile=True
    )
    data = job_posting(client, offer)
    assert "baseSalary" not in data
    assert data["employmentType"] == ["FULL_TIME"]


def test_an_expired_offer_says_it_is_filled_and_is_not_indexed(client):
    with time_machine.travel(NOW, tick=False):
        offer = factories.offer(title="Caviste H/F")
    with time_machine.travel(NOW + timedelta(days=61), tick=False):
        response = client.get(offer.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Offre pourvue ou expirée" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert not [d for d in jsonld_of(page) if d.get("@type") == "JobPosting"]
    assert "Postuler sur le site" not in page


@time_machine.travel(NOW, tick=False)
def test_an_offer_not_yet_online_is_the_same_404_for_strangers(client):
    boss = factories.employer()
    pending = factories.offer(by=boss, publish=False, title="Zqx en attente")
    draft = factories.offer(by=boss, submit=False, title="Zqx brouillon")
    for offer in (pending, draft):
        assert client.get(offer.get_absolute_url()).status_code == 404
    client.force_login(factories.employer("Concurrent SARL"))
    assert client.get(pending.get_absolute_url()).status_code == 404
    client.force_login(boss)
    page = client.get(pending.get_absolute_url()).content.decode()
    assert "En attente de validation" in page and "noindex" in page
    assert not [d for d in jsonld_of(page) if d.get("@type") == "JobPosting"]
    assert client.get("/emploi/999999-nulle-part/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_wrong_slug_redirects_to_the_offer(client):
    offer = factories.offer()
    response = client.get(f"/emploi/{offer.pk}-ancien-titre/")
    assert response.status_code == 301 and response["Location"] == offer.get_absolute_url()
