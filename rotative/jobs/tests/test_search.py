"""A candidate searches the online offers by words (accents ignored), contract, commune and
radius, remote work and minimum salary; drafts, pending, refused and expired offers never
show."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from rotative.jobs import services
from rotative.jobs.models import JobOffer
from rotative.jobs.tests import factories

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def titles(client, query=""):
    response = client.get(f"/emploi/?{query}")
    assert response.status_code == 200
    return [offer.title for offer in response.context["page"].object_list]


@pytest.fixture
def offers(db):
    boss = factories.employer()
    with time_machine.travel(NOW - timedelta(days=3), tick=False):
        factories.offer(
            by=boss,
            title="Développeur web H/F",
            remote="partiel",
            salary_min=36000,
            salary_max=44000,
            salary_period="annee",
        )
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        factories.offer(
            by=boss,
            title="Soudeur aluminium H/F",
            commune="saint-pair",
            contract="cdd",
            contract_months=6,
            salary_min=2200,
            salary_max=2600,
        )
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        factories.offer(
            by=boss,
            title="Graphiste H/F",
            remote="total",
            commune="lyon-1",
            salary_min=None,
            salary_max=None,
            salary_period="",
            salary_on_profile=True,
        )
        factories.offer(
            by=boss, title="Caviste H/F", commune="caumont", salary_min=1850, salary_max=1950
        )
        factories.offer(by=boss, title="Chef de rayon (en attente) H/F", publish=False)
        factories.offer(by=boss, title="Brouillon H/F", submit=False)
    return boss


@time_machine.travel(NOW, tick=False)
def test_the_newest_online_offers_come_first_and_no_other(client, offers):
    assert titles(client) == [
        "Caviste H/F",
        "Graphiste H/F",
        "Soudeur aluminium H/F",
        "Développeur web H/F",
    ]
    assert "4 offres" in client.get("/emploi/").content.decode()
    # A page past the end shows the last one, its count said.
    assert len(titles(client, "page=3")) == 4
    assert "4 offres" in client.get("/emploi/?page=3").content.decode()
    assert len(titles(client, "page=9223372036854775807")) == 4


@time_machine.travel(NOW, tick=False)
def test_words_ignore_accents_and_case(client, offers):
    assert titles(client, "q=DEVELOPPEUR") == ["Développeur web H/F"]
    assert titles(client, "q=soudeur+aluminium") == ["Soudeur aluminium H/F"]
    assert titles(client, "q=conditionnement+soudeur") == ["Soudeur aluminium H/F"]
    assert titles(client, "q=boulanger") == []


@time_machine.travel(NOW, tick=False)
def test_any_part_of_a_word_matches_and_every_word_must(client, offers):
    # PostgreSQL answers through its trigram index (migration 0002), SQLite by reading the
    # column: the same offers either way.
    assert titles(client, "q=develop") == ["Développeur web H/F"]
    assert titles(client, "q=aluminium+veloppeu") == []
    assert titles(client, "q=H%2FF") == titles(client)
    assert titles(client, "q=web+h") == ["Développeur web H/F"]
    # The reader's % and _ are letters, not wildcards.
    assert titles(client, "q=soud%25") == []
    assert titles(client, "q=soud_ur") == []


@time_machine.travel(NOW, tick=False)
def test_by_contract(client, offers):
    assert titles(client, "contrat=cdd") == ["Soudeur aluminium H/F"]


@time_machine.travel(NOW, tick=False)
def test_around_a_commune_and_fully_remote_offers_from_anywhere(client, offers):
    # Carantilly: the web developer is there; Caumont is 41 km away, Saint-Pair 30 km.
    found = titles(client, "commune=Carantilly+%2850570%29&rayon=20")
    assert found == ["Graphiste H/F", "Développeur web H/F"]
    found = titles(client, "commune=Carantilly+%2850570%29&rayon=50")
    assert found == ["Caviste H/F", "Graphiste H/F", "Soudeur aluminium H/F", "Développeur web H/F"]
    assert titles(client, "commune=Caumont-sur-Aure") == ["Caviste H/F", "Graphiste H/F"]


@time_machine.travel(NOW, tick=False)
def test_remote_work(client, offers):
    assert titles(client, "teletravail=oui") == ["Graphiste H/F", "Développeur web H/F"]
    assert titles(client, "teletravail=total") == ["Graphiste H/F"]


@time_machine.travel(NOW, tick=False)
def test_minimum_salary_per_month_counts_yearly_salaries_by_the_month(client, offers):
    # 44 000 € a year is 3 666 € a month; « selon profil » says no figure and is left out.
    assert titles(client, "salaire=2500") == ["Soudeur aluminium H/F", "Développeur web H/F"]
    assert titles(client, "salaire=3000") == ["Développeur web H/F"]


@time_machine.travel(NOW, tick=False)
def test_a_wrong_criterion_is_said_and_the_others_still_apply(client, offers):
    response = client.get("/emploi/?commune=Nullepart&contrat=cdd")
    page = response.content.decode()
    assert "Aucune commune ne correspond." in page
    assert [o.title for o in response.context["page"].object_list] == ["Soudeur aluminium H/F"]


def test_an_expired_offer_leaves_the_search(client, offers):
    # Published 3, 2 and 1 days before NOW: online 60 days each.
    with time_machine.travel(NOW + timedelta(days=56), tick=False):
        assert len(titles(client)) == 4
    with time_machine.travel(NOW + timedelta(days=58), tick=False):
        assert titles(client) == ["Caviste H/F", "Graphiste H/F"]


@time_machine.travel(NOW, tick=False)
def test_a_closed_offer_leaves_the_search(client, offers):
    caviste = JobOffer.objects.get(title="Caviste H/F")
    services.offer_close(by=offers, offer=caviste)
    assert "Caviste H/F" not in titles(client)
