"""Editors create and change events in the admin, with a venue chosen in the venue chooser:
published at once, their dates made through the services; venues have their own screens."""

import html
import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission

from rotative.agenda.models import Event, Venue
from rotative.agenda.tests.factories import event, paris, venue
from rotative.geo.tests.factories import commune

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def editor(db):
    from django.contrib.auth import get_user_model

    group = Group.objects.create(name="Rédaction agenda")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="agenda",
            codename__in=[
                "add_event",
                "change_event",
                "delete_event",
                "view_event",
                "add_venue",
                "change_venue",
                "view_venue",
                "delete_venue",
            ],
        ),
    )
    user = get_user_model().objects.create_user("redaction", "redaction@example.fr", "x")
    user.groups.add(group)
    return user


def _event_form(place: Venue, **changes) -> dict:
    data = {
        "title": "Feu d'artifice du 14 juillet",
        "category": "fete",
        "description": "Tiré depuis le stade, à la nuit tombée.",
        "venue": str(place.pk),
        "starts_at": "14/07/2027 23:00",
        "duration": "0:30:00",
        "recurrence": "",
        "extra_dates_text": "",
        "status": "programme",
        "previous_starts_at": "",
        "is_free": "on",
        "price": "",
        "age": "",
        "accessibility": "Accès fauteuil par l'entrée sud",
        "ticket_url": "",
    }
    data.update(changes)
    return data


def test_editor_creates_an_event_online_at_once_with_its_dates(clock, client, editor):
    place = venue("carantilly", name="Stade municipal")
    client.force_login(editor)

    form = client.get("/admin/agenda/sorties/new/")
    assert form.status_code == 200
    assert 'data-controller="w-chooser"' in form.content.decode() or "chooser" in (
        form.content.decode()
    )
    response = client.post(
        "/admin/agenda/sorties/new/",
        _event_form(place, recurrence="FREQ=YEARLY;COUNT=2", extra_dates_text="15/08/2027 23:00"),
    )

    assert response.status_code == 302, html.unescape(response.content.decode())[-3000:]
    made = Event.objects.get()
    assert (made.moderation, made.organiser, made.venue) == (
        Event.Moderation.PUBLISHED,
        None,
        place,
    )
    assert made.starts_at == paris(2027, 7, 14, 23, 0)
    assert list(made.occurrences.values_list("start", "visible")) == [
        (paris(2027, 7, 14, 23, 0), True),
        (paris(2027, 8, 15, 23, 0), True),
        (paris(2028, 7, 14, 23, 0), True),
    ]
    assert "Feu d'artifice du 14 juillet" in html.unescape(client.get("/agenda/").content.decode())


def test_editor_change_remakes_the_dates_and_keeps_it_online(clock, client, editor):
    made = event(title="Concert de printemps", starts_at=paris(2027, 3, 20, 20, 30))
    client.force_login(editor)

    page = client.get(f"/admin/agenda/sorties/edit/{made.pk}/").content.decode()
    assert 'value="20/03/2027 20:30"' in page  # French, never the literal d/m/Y H:i
    response = client.post(
        f"/admin/agenda/sorties/edit/{made.pk}/",
        _event_form(
            made.venue,
            title="Concert de printemps",
            category="concert",
            starts_at="21/03/2027 18:00",
            recurrence="FREQ=WEEKLY;COUNT=2",
        ),
    )

    assert response.status_code == 302, html.unescape(response.content.decode())[-3000:]
    made.refresh_from_db()
    assert made.moderation == Event.Moderation.PUBLISHED
    assert list(made.occurrences.values_list("start", flat=True)) == [
        paris(2027, 3, 21, 18, 0),
        paris(2027, 3, 28, 18, 0),
    ]


def test_bad_rule_and_missing_price_are_refused_in_french(clock, client, editor):
    client.force_login(editor)

    response = client.post(
        "/admin/agenda/sorties/new/",
        _event_form(venue(), recurrence="TOUS LES JOURS", is_free="", extra_dates_text="demain"),
    )

    text = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "La règle de récurrence n'est pas lisible." in text
    assert "Indiquez les tarifs, ou cochez « Gratuit »." in text
    assert "« demain » n'est pas une date" in text
    assert not Event.objects.exists()


def test_the_venue_chooser_finds_and_creates_venues(clock, client, editor):
    venue("carantilly", name="Salle des fêtes")
    venue("carantilly", name="Stade municipal")
    commune("coutances")
    client.force_login(editor)

    found = client.get("/admin/agenda/choisir-lieu/results/", {"q": "stade"}).content.decode()
    assert "Stade municipal" in found and "Salle des fêtes" not in found

    response = client.post(
        "/admin/agenda/choisir-lieu/create/",
        {"name": "Le Normandy", "address": "1 rue Tancrède", "commune_text": "Coutances"},
    )

    data = json.loads(response.content)
    assert data["step"] == "chosen"
    made = Venue.objects.get(name="Le Normandy")
    assert made.commune.name == "Coutances" and made.slug == "le-normandy-coutances"
    assert made.latitude == made.commune.latitude


def test_a_venue_moved_in_the_admin_moves_its_events_dates(clock, client, editor):
    made = event()
    place = made.venue
    client.force_login(editor)

    response = client.post(
        f"/admin/agenda/lieux/edit/{place.pk}/",
        {
            "name": place.name,
            "address": place.address,
            "commune": str(place.commune_id),
            "latitude": "49.1",
            "longitude": "-1.2",
        },
    )

    assert response.status_code == 302, html.unescape(response.content.decode())[-2000:]
    assert set(made.occurrences.values_list("latitude", "longitude")) == {(49.1, -1.2)}


def test_admin_screens_need_the_permissions(clock, client, organiser):
    from django.contrib.auth import get_user_model

    made = event()
    staff = get_user_model().objects.create_user("stagiaire", "stagiaire@example.fr", "x")
    staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(staff)

    for url in (
        "/admin/agenda/sorties/",
        "/admin/agenda/sorties/new/",
        f"/admin/agenda/sorties/edit/{made.pk}/",
        "/admin/agenda/lieux/new/",
        f"/admin/agenda/lieux/edit/{made.venue.pk}/",
    ):
        assert client.get(url).status_code in (302, 403), url
    assert client.post("/admin/agenda/sorties/new/", _event_form(made.venue)).status_code in (
        302,
        403,
    )
    assert Event.objects.count() == 1


def test_a_venue_with_events_is_not_deleted(clock, client, editor):
    made = event()
    client.force_login(editor)

    response = client.post(f"/admin/agenda/lieux/delete/{made.venue.pk}/", follow=True)

    assert response.status_code == 200
    assert "Ce lieu accueille 1 sortie" in html.unescape(response.content.decode())
    assert Venue.objects.filter(pk=made.venue.pk).exists()


def test_the_venue_chooser_answers_bad_ids_without_an_error(clock, client, editor):
    place = venue()
    client.force_login(editor)

    assert client.get("/admin/agenda/choisir-lieu/chosen/x/").status_code == 404
    listed = client.get("/admin/agenda/choisir-lieu/chosen-multiple/", {"id": ["²", place.pk]})
    assert [item["title"] for item in listed.json()["result"]] == ["Salle des fêtes (Carantilly)"]
