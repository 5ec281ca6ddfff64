"""An organiser proposes an event: checked at the edge, kept on error, pending until validated."""

import html
import time
from datetime import UTC, datetime

import pytest
import time_machine

from rotative.agenda.models import Event
from rotative.core.bot_trap import form_stamp
from rotative.geo.tests.factories import commune

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 6, 9, 10, 0, tzinfo=UTC)


def _form(**changes):
    data = {
        "title": "Fête de la musique au bourg",
        "category": "concert",
        "description": "Trois groupes du canton sur la place de l'église.",
        "venue_name": "Place de l'église",
        "venue_address": "Place de l'église",
        "commune_text": "Carantilly (50570)",
        "day": "2027-06-21",
        "start_time": "19:00",
        "end_time": "23:30",
        "repeat": "",
        "is_free": "on",
        "rendered": form_stamp(time.time() - 60),
        "website": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def clock():
    # Before the login: a session opened in 2026 would have expired by 2027.
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def logged_in(clock, client, organiser):
    commune("carantilly")
    client.force_login(organiser)
    return client


def test_organiser_event_is_pending_and_shown_to_them(logged_in, organiser):
    response = logged_in.post("/agenda/proposer/", _form(repeat="hebdo", repeat_until="2027-07-12"))

    assert response.status_code == 302, response.content.decode()[-3000:]
    made = Event.objects.get()
    assert response["Location"] == made.get_absolute_url()
    assert (made.organiser, made.moderation) == (organiser, Event.Moderation.PENDING)
    assert made.recurrence == "FREQ=WEEKLY;BYDAY=MO;UNTIL=20270712T235959"
    assert made.occurrences.count() == 4
    page = logged_in.get(made.get_absolute_url())
    assert "Merci ! Votre sortie sera publiée" in page.content.decode()


def test_bad_input_is_refused_in_french_and_kept(logged_in):
    response = logged_in.post(
        "/agenda/proposer/",
        _form(
            day="2027-06-01",
            commune_text="Nulle-part",
            is_free="",
            price="",
            ticket_url="pas une adresse",
        ),
    )

    text = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "Cette date est passée." in text
    assert "Aucune commune ne correspond." in text
    assert "Indiquez les tarifs, ou cochez « Gratuit »." in text
    assert "Saisissez une URL valide." in text
    assert 'value="Fête de la musique au bourg"' in text
    assert "Trois groupes du canton" in text
    assert not Event.objects.exists()


def test_a_bot_is_refused(logged_in):
    response = logged_in.post("/agenda/proposer/", _form(website="http://spam.example"))

    assert response.status_code == 400
    assert not Event.objects.exists()


def test_an_unreadable_image_is_refused_with_its_reason(logged_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("affiche.jpg", b"\xff\xd8\xffpas une image", "image/jpeg")
    response = logged_in.post("/agenda/proposer/", {**_form(), "image": upload})

    text = html.unescape(response.content.decode())
    assert "affiche.jpg : ce fichier n'est pas une image lisible." in text
    assert not Event.objects.exists()


def test_an_image_is_stored_re_encoded(logged_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from rotative.news.tests.factories import jpeg_bytes

    upload = SimpleUploadedFile("affiche.jpg", jpeg_bytes(), "image/jpeg")
    logged_in.post("/agenda/proposer/", {**_form(), "image": upload})

    made = Event.objects.get()
    assert made.image.name.endswith(".webp")
    assert made.image.read()[8:12] == b"WEBP"


def test_anonymous_goes_to_login_and_unconfirmed_is_refused(client):
    from rotative.accounts.tests.factories import ReaderFactory

    assert client.get("/agenda/proposer/").status_code == 302
    client.force_login(ReaderFactory(display_name="Pas confirmé", verified=False))
    response = client.get("/agenda/proposer/")
    assert response.status_code == 403
    assert "Confirmez d'abord votre adresse e-mail" in html.unescape(response.content.decode())


def test_rate_limit(logged_in, settings, monkeypatch):
    from rotative.agenda import views

    monkeypatch.setattr(views, "SUBMISSIONS_PER_DAY", 1)
    assert logged_in.post("/agenda/proposer/", _form()).status_code == 302
    response = logged_in.post("/agenda/proposer/", _form(title="Deuxième"))

    assert response.status_code == 429
    assert "réessayez demain" in response.content.decode()
    assert Event.objects.count() == 1
