"""L'emploi in the app: the site's search, online offers only, posting for verified
professionals into moderation within the site's daily limit, « Mes candidatures »."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from rotative.api.services import token_create
from rotative.api.tests.conftest import bearer
from rotative.jobs import services
from rotative.jobs.models import JobApplication, JobOffer
from rotative.jobs.tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/emplois"
NOW = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def boss(db):
    return factories.employer(email="rh@laiterie.example.fr")


def published(*, by, days_ago=0, **fields):
    with time_machine.travel(NOW - timedelta(days=days_ago), tick=False):
        return factories.offer(by=by, **fields)


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["results"]]


def test_the_list_shows_online_offers_newest_first(client, boss):
    published(by=boss, days_ago=2, title="Fromager H/F")
    published(by=boss, days_ago=1, title="Conducteur de ligne H/F")
    published(by=boss, days_ago=61, title="Offre expirée")
    factories.offer(by=boss, publish=False, title="Offre en attente")
    factories.offer(by=boss, submit=False, title="Brouillon")
    assert titles(client.get(URL)) == ["Conducteur de ligne H/F", "Fromager H/F"]


def test_an_offer_reads_as_on_its_page(client, boss):
    offer = published(by=boss)
    body = client.get(f"{URL}/{offer.pk}").json()
    assert body["title"] == "Conducteur de ligne H/F"
    assert body["employer"] == "Laiterie du Bocage"
    assert body["commune"]["label"] == "Carantilly (50570)"
    assert body["salary_label"] == "2\u202f000 – 2\u202f400 € brut par mois"
    assert body["contract_label"] == "CDI"
    assert body["apply_by"] == "lien"
    assert body["apply_url"] == "https://laiterie.example.fr/postuler"
    assert body["url"].endswith(offer.get_absolute_url()) and body["url"].startswith("http")
    assert "apply_email" not in body
    offer.refresh_from_db()
    assert offer.views == 1  # counted as on the site


@pytest.mark.parametrize("state", ["pending", "draft", "refused", "expired", "past"])
def test_an_offer_not_online_is_a_404(client, boss, reader_key, state):
    if state == "pending":
        offer = factories.offer(by=boss, publish=False)
    elif state == "draft":
        offer = factories.offer(by=boss, submit=False)
    elif state == "past":
        offer = published(by=boss, days_ago=61)
    else:
        offer = published(by=boss)
        JobOffer.objects.filter(pk=offer.pk).update(status=state)
    for headers in ({}, bearer(reader_key)):
        response = client.get(f"{URL}/{offer.pk}", **headers)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_the_filters_are_the_sites(client, boss):
    published(by=boss, days_ago=4, title="Comptable", contract="cdd", contract_months=6)
    published(by=boss, days_ago=3, title="Vendeur", commune="cherbourg")
    published(by=boss, days_ago=2, title="Développeur", remote="total", commune="lyon-1")
    published(by=boss, days_ago=1, title="Chef de rayon", commune="coutances", salary_max=3000)
    assert titles(client.get(URL, {"contrat": "cdd"})) == ["Comptable"]
    assert titles(client.get(URL, {"q": "developpeur"})) == ["Développeur"]
    # Within 20 km of Carantilly, and the fully remote offer wherever it is.
    assert titles(client.get(URL, {"commune": "Carantilly (50570)", "rayon": 20})) == [
        "Chef de rayon",
        "Développeur",
        "Comptable",
    ]
    assert titles(client.get(URL, {"commune": "50100"})) == ["Développeur", "Vendeur"]
    assert titles(client.get(URL, {"salaire": 2900})) == ["Chef de rayon"]
    assert titles(client.get(URL, {"teletravail": "total"})) == ["Développeur"]


def test_bad_search_input_is_a_422(client):
    assert client.get(URL, {"commune": "Nulle-Part"}).json()["errors"][0]["field"] == "commune"
    assert client.get(URL, {"contrat": "cdi-interimaire"}).status_code == 422
    assert client.get(URL, {"rayon": 15, "commune": "50570"}).status_code == 422
    assert client.get(URL, {"salaire": 10**9}).status_code == 422


def test_the_cursor_pages_without_repeats_in_bounded_queries(
    client, boss, django_assert_max_num_queries
):
    for day in range(7):
        published(by=boss, days_ago=day, title=f"Offre {day}")
    with django_assert_max_num_queries(3):
        first = client.get(URL, {"page_size": 4}).json()
    second = client.get(first["next"]).json()
    assert [o["title"] for o in first["results"] + second["results"]] == [
        f"Offre {day}" for day in range(7)
    ]
    assert second["next"] is None


# --- posting --------------------------------------------------------------------------------


def body(**overrides) -> dict:
    values = {
        **factories.fields(),
        "commune": "Carantilly (50570)",
        "apply_email": None,
        **overrides,
    }
    values.pop("closing_date")
    return values


def test_posting_without_a_token_is_refused(client):
    response = client.post(URL, body(), content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_required"


def test_a_private_reader_cannot_post_an_offer_as_on_the_site(client, reader_key):
    response = client.post(URL, body(), content_type="application/json", **bearer(reader_key))
    assert response.status_code == 403
    assert response.json()["code"] == "professional_required"
    assert "compte professionnel vérifié" in response.json()["message"]
    assert not JobOffer.objects.exists()


def test_a_professionals_offer_waits_for_a_moderator(client, boss):
    key = token_create(user=boss, device="Téléphone")[1]
    response = client.post(URL, body(), content_type="application/json", **bearer(key))
    assert response.status_code == 201, response.content
    offer = JobOffer.objects.get(pk=response.json()["id"])
    assert offer.status == JobOffer.Status.PENDING
    assert titles(client.get(URL)) == []
    assert client.get(f"{URL}/{offer.pk}").status_code == 404


def test_posting_says_what_the_sites_form_says(client, boss):
    key = token_create(user=boss, device="Téléphone")[1]
    response = client.post(
        URL,
        body(salary_min=None, salary_max=None),
        content_type="application/json",
        **bearer(key),
    )
    assert response.status_code == 422
    assert response.json()["message"].startswith("Le salaire est obligatoire")
    assert response.json()["errors"][0]["field"] == "salary_min"
    old = client.post(
        URL, body(profile="Moins de 30 ans."), content_type="application/json", **bearer(key)
    )
    assert old.status_code == 422
    assert old.json()["errors"][0]["field"] == "profile"
    assert not JobOffer.objects.exists()


def test_the_daily_limit_is_the_sites(client, boss, monkeypatch):
    from rotative.jobs import views  # the rule, counted for the site's form and the app

    monkeypatch.setattr(views, "OFFERS_PER_DAY", 2)
    key = token_create(user=boss, device="Téléphone")[1]
    for _ in range(2):
        assert (
            client.post(URL, body(), content_type="application/json", **bearer(key)).status_code
            == 201
        )
    refused = client.post(URL, body(), content_type="application/json", **bearer(key))
    assert refused.status_code == 429
    assert refused.json()["code"] == "daily_limit_reached"
    assert refused.json()["message"] == (
        "Vous avez déposé beaucoup d'offres aujourd'hui : réessayez demain."
    )
    assert JobOffer.objects.count() == 2


# --- « Mes candidatures » -------------------------------------------------------------------


def test_my_applications_are_mine_only(client, boss, reader, reader_key):
    from rotative.accounts.tests.factories import ReaderFactory

    online = published(by=boss, title="Fromager H/F", apply_by="email", apply_email="rh@x.fr")
    closed = published(by=boss, title="Caviste H/F", apply_by="email", apply_email="rh@x.fr")
    other = ReaderFactory()
    for offer, candidate in ((online, reader), (closed, reader), (online, other)):
        JobApplication.objects.create(
            offer=offer, candidate=candidate, name="Marie L.", email="m@x.fr", message="Bonjour"
        )
    services.offer_close(by=boss, offer=closed)
    response = client.get("/api/v1/moi/candidatures", **bearer(reader_key))
    assert response.status_code == 200
    rows = {row["offer"]["title"]: row["offer"] for row in response.json()["results"]}
    assert set(rows) == {"Fromager H/F", "Caviste H/F"}
    assert rows["Fromager H/F"]["state"] == "online"
    assert rows["Caviste H/F"]["state"] == "closed"
    assert client.get("/api/v1/moi/candidatures").status_code == 401
