"""L'agenda in the app: the site's search of dates, published events only, an organiser's
proposal into moderation within the site's daily limit."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from rotative.agenda import services
from rotative.agenda.models import Event
from rotative.agenda.recurrence import PARIS
from rotative.agenda.tests.factories import event, paris
from rotative.api.tests.conftest import bearer
from rotative.geo.tests.factories import commune

pytestmark = pytest.mark.django_db

URL = "/api/v1/evenements"
NOW = datetime(2027, 6, 9, 10, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def moderator(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("moderation", "moderation@example.fr", "x")


def when(text: str) -> datetime:
    """An ISO 8601 date of the API (UTC, with its offset), in Paris time."""
    return datetime.fromisoformat(text).astimezone(PARIS)


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["results"]]


def test_this_weekend_lists_its_dates_in_order(client):
    event(title="Vendredi soir", starts_at=paris(2027, 6, 11, 23, 30))
    event(title="Dimanche midi", starts_at=paris(2027, 6, 13, 12, 0))
    event(title="Samedi matin", starts_at=paris(2027, 6, 12, 0, 0))
    assert titles(client.get(URL, {"quand": "ce-week-end"})) == ["Samedi matin", "Dimanche midi"]
    assert titles(client.get(URL, {"quand": "aujourdhui"})) == []
    assert titles(client.get(URL)) == ["Vendredi soir", "Samedi matin", "Dimanche midi"]


def test_a_recurring_event_is_one_line_per_date(client):
    event(title="Marché du samedi", category="marche", recurrence="FREQ=WEEKLY;BYDAY=SA")
    response = client.get(URL, {"du": "2027-06-01", "au": "2027-06-30"})
    assert titles(response) == ["Marché du samedi"] * 4
    starts = [when(item["start"]).date().isoformat() for item in response.json()["results"]]
    assert starts == ["2027-06-05", "2027-06-12", "2027-06-19", "2027-06-26"]


def test_the_filters_are_the_sites(client):
    event(title="À Carantilly", where="carantilly", starts_at=paris(2027, 6, 12, 15, 0))
    event(
        title="Expo à Coutances",
        where="coutances",
        category="exposition",
        is_free=True,
        starts_at=paris(2027, 6, 12, 16, 0),
    )
    event(title="À Cherbourg", where="cherbourg", starts_at=paris(2027, 6, 12, 17, 0))
    event(
        title="Jazz à Saint-Pair",
        where="saint-pair",
        music_style="jazz-blues",
        starts_at=paris(2027, 6, 12, 21, 0),
    )
    around = client.get(URL, {"commune": "Carantilly (50570)", "rayon": 20})
    assert titles(around) == ["À Carantilly", "Expo à Coutances"]
    assert titles(client.get(URL, {"categorie": "exposition"})) == ["Expo à Coutances"]
    assert titles(client.get(URL, {"gratuit": "true"})) == ["Expo à Coutances"]
    assert titles(client.get(URL, {"style": "jazz-blues"})) == ["Jazz à Saint-Pair"]
    assert titles(client.get(URL, {"commune": "50100"})) == ["À Cherbourg"]


def test_bad_search_input_is_a_422(client):
    assert client.get(URL, {"du": "2027-06-10", "au": "2027-06-01"}).status_code == 422
    assert client.get(URL, {"du": "9999-12-31"}).status_code == 422
    assert client.get(URL, {"commune": "Nulle-Part"}).json()["errors"][0]["field"] == "commune"
    assert client.get(URL, {"quand": "demain"}).status_code == 422
    assert client.get(URL, {"style": "jazz-blues", "categorie": "sport"}).status_code == 422


def test_an_event_reads_as_on_its_page(client, settings):
    made = event(
        title="Concert de printemps",
        starts_at=paris(2027, 6, 12, 20, 30),
        duration=timedelta(hours=2),
        price="10 €, gratuit pour les enfants",
        performers="Harmonie de Carantilly, Chœur du bocage",
    )
    body = client.get(f"{URL}/{made.pk}").json()
    assert body["title"] == "Concert de printemps"
    assert body["performers"] == ["Harmonie de Carantilly", "Chœur du bocage"]
    assert when(body["next_dates"][0]["start"]) == paris(2027, 6, 12, 20, 30)
    assert when(body["next_dates"][0]["end"]) == paris(2027, 6, 12, 22, 30)
    assert body["venue"]["name"] == "Salle des fêtes"
    assert body["venue"]["address"] == "1 place de la Mairie"
    assert body["venue"]["commune"]["label"] == "Carantilly (50570)"
    assert body["venue"]["latitude"] == pytest.approx(49.0661156491)
    assert body["price"] == "10 €, gratuit pour les enfants"
    assert body["url"] == settings.SITE_URL + made.get_absolute_url()
    assert body["ical_url"].endswith(".ics")
    assert client.get(body["ical_url"].removeprefix(settings.SITE_URL)).status_code == 200
    assert body["image"] is None


def test_an_events_image_comes_with_its_size(client, settings):
    import io

    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (1200, 800), "orange").save(picture, "PNG")
    made = event(image=("affiche.png", picture.getvalue()))
    image = client.get(f"{URL}/{made.pk}").json()["image"]
    assert image["url"].startswith(settings.SITE_URL) and image["url"].endswith(".webp")
    assert (image["width"], image["height"]) == (1200, 800)


def test_a_pending_or_refused_event_is_a_404_but_for_its_organiser(
    client, reader, reader_key, moderator
):
    from rotative.accounts.tests.factories import ReaderFactory

    organiser = ReaderFactory()
    pending = event(organiser=organiser, title="En attente")
    refused = event(organiser=organiser, title="Refusé")
    services.event_moderate(moderator=moderator, event=refused, publish=False, reason="Doublon")
    own = event(organiser=reader, title="La mienne")
    for made in (pending, refused):
        for headers in ({}, bearer(reader_key)):
            response = client.get(f"{URL}/{made.pk}", **headers)
            assert response.status_code == 404
            assert response.json()["code"] == "not_found"
    assert client.get(f"{URL}/{own.pk}").status_code == 404
    mine = client.get(f"{URL}/{own.pk}", **bearer(reader_key)).json()
    assert mine["published"] is False
    assert titles(client.get(URL)) == []


def test_the_list_reads_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for day in range(15):
        event(title=f"Sortie {day}", starts_at=paris(2027, 6, 10 + day, 20, 0))
    with django_assert_max_num_queries(4):  # dates, events, venues, communes
        first = client.get(URL, {"page_size": 10}).json()
    second = client.get(first["next"]).json()
    seen = [item["title"] for item in first["results"] + second["results"]]
    assert seen == [f"Sortie {day}" for day in range(15)]


# --- proposing ------------------------------------------------------------------------------


def proposal(**overrides) -> dict:
    return {
        "title": "Fête de la musique",
        "category": "concert",
        "description": "Scène ouverte sur la place, de 18 h à minuit.",
        "venue_name": "Place de l'église",
        "commune": "Carantilly (50570)",
        "day": "2027-06-21",
        "start_time": "18:00",
        "end_time": "23:59",
        "is_free": True,
        **overrides,
    }


def test_proposing_without_a_token_is_refused(client):
    response = client.post(URL, proposal(), content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_required"


def test_a_proposal_waits_for_a_moderator_like_on_the_site(client, reader, reader_key, moderator):
    commune("carantilly")
    response = client.post(URL, proposal(), content_type="application/json", **bearer(reader_key))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["published"] is False
    made = Event.objects.get(pk=body["id"])
    assert made.moderation == Event.Moderation.PENDING and made.organiser == reader
    assert made.venue.name == "Place de l'église"
    assert when(body["next_dates"][0]["start"]) == paris(2027, 6, 21, 18, 0)
    assert titles(client.get(URL)) == []
    assert client.get(f"{URL}/{made.pk}").status_code == 404
    services.event_moderate(moderator=moderator, event=made, publish=True)
    assert titles(client.get(URL)) == ["Fête de la musique"]


def test_a_weekly_proposal_is_listed_on_each_date(client, reader_key, moderator):
    commune("carantilly")
    response = client.post(
        URL,
        proposal(day="2027-06-12", repeat="hebdo", repeat_until="2027-06-26"),
        content_type="application/json",
        **bearer(reader_key),
    )
    assert response.status_code == 201, response.content
    made = Event.objects.get(pk=response.json()["id"])
    services.event_moderate(moderator=moderator, event=made, publish=True)
    assert titles(client.get(URL)) == ["Fête de la musique"] * 3


def test_a_proposal_says_what_the_sites_form_says(client, reader_key):
    commune("carantilly")
    response = client.post(
        URL,
        proposal(is_free=False, day="2027-06-01"),
        content_type="application/json",
        **bearer(reader_key),
    )
    assert response.status_code == 422
    fields = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert fields["day"] == "Cette date est passée."
    assert fields["price"] == "Indiquez les tarifs, ou cochez « Gratuit »."
    assert not Event.objects.exists()
    nul = client.post(
        URL,
        proposal(title="Fête\x00 de la musique"),
        content_type="application/json",
        **bearer(reader_key),
    )
    assert nul.status_code == 201
    assert Event.objects.get().title == "Fête de la musique"


def test_the_daily_limit_is_the_sites(client, reader_key, monkeypatch):
    from rotative.agenda import views  # the rule, counted for the site's form and the app

    commune("carantilly")
    monkeypatch.setattr(views, "SUBMISSIONS_PER_DAY", 1)
    first = client.post(URL, proposal(), content_type="application/json", **bearer(reader_key))
    assert first.status_code == 201
    refused = client.post(URL, proposal(), content_type="application/json", **bearer(reader_key))
    assert refused.status_code == 429
    assert refused.json()["code"] == "daily_limit_reached"
    assert refused.json()["message"] == (
        "Vous avez proposé beaucoup de sorties aujourd'hui : réessayez demain."
    )
    assert Event.objects.count() == 1
