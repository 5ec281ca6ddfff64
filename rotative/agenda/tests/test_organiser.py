"""« Mes sorties »: an organiser follows, changes and removes their own events, and nobody
else's (a 404 that says nothing, on every method and on a form sent back with errors)."""

import html
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup

from rotative.accounts.tests.factories import ReaderFactory
from rotative.agenda import services
from rotative.agenda.models import Event
from rotative.agenda.tests.factories import event, paris
from rotative.core.bot_trap import form_stamp
from rotative.geo.tests.factories import commune

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 6, 9, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def online(clock, organiser, moderator):
    made = event(
        organiser=organiser,
        title="Fête de la musique au bourg",
        starts_at=paris(2027, 6, 21, 19, 0),
        is_free=True,
    )
    return services.event_moderate(moderator=moderator, event=made, publish=True)


@pytest.fixture
def stranger(db):
    return ReaderFactory(email="zqxautre@example.fr", display_name="Autre lecteur")


def _edit_form(made: Event, **changes) -> dict:
    """The edit form as the browser sends it back unchanged, then `changes`."""
    data = {
        "title": made.title,
        "category": made.category,
        "description": made.description,
        "venue_name": made.venue.name,
        "venue_address": made.venue.address,
        "commune_text": made.venue.commune.label,
        "day": "2027-06-21",
        "start_time": "19:00",
        "end_time": "",
        "repeat": "",
        "is_free": "on",
        "price": "",
        "status": "programme",
        "rendered": form_stamp(time.time() - 60),
        "website": "",
    }
    data.update(changes)
    return data


def test_mes_sorties_lists_only_ones_own_events_with_their_state(
    clock, client, organiser, moderator, stranger
):
    online = services.event_moderate(
        moderator=moderator,
        event=event(organiser=organiser, title="Zqx en ligne", starts_at=paris(2027, 6, 21, 19)),
        publish=True,
    )
    event(organiser=organiser, title="Zqx en attente", starts_at=paris(2027, 7, 1, 20))
    services.event_moderate(
        moderator=moderator,
        event=event(organiser=organiser, title="Zqx refusée", starts_at=paris(2027, 7, 2, 20)),
        publish=False,
        reason="Hors de notre zone",
    )
    services.event_moderate(
        moderator=moderator,
        event=event(organiser=organiser, title="Zqx passée", starts_at=paris(2027, 5, 1, 20)),
        publish=True,
    )
    event(organiser=stranger, title="Zqx pas à moi", starts_at=paris(2027, 7, 1, 20))
    services.event_update(event=online, by=organiser, status="complet")
    client.force_login(organiser)

    page = BeautifulSoup(client.get("/agenda/mes-sorties/").content, "html.parser")

    rows = {
        row.h2.get_text(strip=True): " ".join(row.get_text(" ", strip=True).split())
        for row in page.select(".agenda-mine__event")
    }
    assert set(rows) == {"Zqx en ligne", "Zqx en attente", "Zqx refusée", "Zqx passée"}
    assert "En ligne Complet" in rows["Zqx en ligne"]
    assert "Prochaine date : lundi 21 juin 2027 à 19h00" in rows["Zqx en ligne"]
    assert "En attente de validation" in rows["Zqx en attente"]
    assert "Refusée" in rows["Zqx refusée"]
    assert "Motif du refus : Hors de notre zone" in rows["Zqx refusée"]
    assert "Passée" in rows["Zqx passée"] and "Aucune date à venir" in rows["Zqx passée"]
    assert page.select_one('.account-nav a[aria-current="page"]').text == "Mes sorties"


def test_mes_sorties_asks_to_log_in(client):
    response = client.get("/agenda/mes-sorties/")
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_the_edit_form_shows_the_event_as_it_stands(client, organiser, moderator, clock):
    made = event(
        organiser=organiser,
        title="Marché du samedi",
        category="marche",
        starts_at=paris(2027, 6, 12, 8, 30),
        duration=timedelta(hours=4),
        recurrence="FREQ=WEEKLY;BYDAY=SA;UNTIL=20270828T235959",
        is_free=True,
    )
    client.force_login(organiser)

    page = BeautifulSoup(
        client.get(f"/agenda/mes-sorties/{made.pk}/modifier/").content, "html.parser"
    )

    def value(name):
        return page.select_one(f'[name="{name}"]').get("value")

    assert value("title") == "Marché du samedi"
    assert (value("day"), value("start_time"), value("end_time")) == (
        "2027-06-12",
        "08:30",
        "12:30",
    )
    assert page.select_one('[name="repeat"] option[selected]')["value"] == "hebdo"
    assert value("repeat_until") == "2027-08-28"
    assert value("venue_name") == "Salle des fêtes"
    assert value("commune_text") == "Carantilly (50570)"
    assert page.select_one('[name="is_free"]').has_attr("checked")
    assert page.select_one('[name="status"] option[selected]')["value"] == "programme"


def test_an_owners_change_goes_back_to_moderation(client, organiser, online):
    client.force_login(organiser)
    page = client.get(f"/agenda/mes-sorties/{online.pk}/modifier/").content.decode()
    assert "Toute modification la retire de l'agenda" in html.unescape(page)

    response = client.post(
        f"/agenda/mes-sorties/{online.pk}/modifier/",
        _edit_form(online, title="Fête de la musique sur la place"),
    )

    assert response.status_code == 302, response.content.decode()[-2000:]
    assert response["Location"] == "/agenda/mes-sorties/"
    online.refresh_from_db()
    assert (online.title, online.moderation) == (
        "Fête de la musique sur la place",
        Event.Moderation.PENDING,
    )
    assert set(online.occurrences.values_list("visible", flat=True)) == {False}
    followed = html.unescape(client.get("/agenda/mes-sorties/").content.decode())
    assert "retirée de l'agenda jusqu'à ce qu'un modérateur les valide" in followed


def test_a_status_change_reaches_readers_at_once(client, organiser, online):
    client.force_login(organiser)

    response = client.post(
        f"/agenda/mes-sorties/{online.pk}/modifier/", _edit_form(online, status="annule")
    )

    assert response.status_code == 302
    online.refresh_from_db()
    assert (online.status, online.moderation) == ("annule", Event.Moderation.PUBLISHED)
    assert "Annulé" in client.get(online.get_absolute_url()).content.decode()


def test_a_postponement_moves_the_date_without_moderation(client, organiser, online):
    client.force_login(organiser)

    response = client.post(
        f"/agenda/mes-sorties/{online.pk}/modifier/",
        _edit_form(online, status="reporte", day="2027-07-03", start_time="18:00"),
    )

    assert response.status_code == 302
    online.refresh_from_db()
    assert online.moderation == Event.Moderation.PUBLISHED
    assert online.starts_at == paris(2027, 7, 3, 18, 0)
    assert online.previous_starts_at == paris(2027, 6, 21, 19, 0)
    assert list(online.occurrences.values_list("start", "visible")) == [
        (paris(2027, 7, 3, 18, 0), True)
    ]
    text = client.get(online.get_absolute_url()).content.decode()
    assert "initialement prévu le 21 juin 2027" in text


def test_a_postponement_that_also_changes_the_title_is_moderated(client, organiser, online):
    client.force_login(organiser)

    client.post(
        f"/agenda/mes-sorties/{online.pk}/modifier/",
        _edit_form(online, status="reporte", day="2027-07-03", title="Autre chose"),
    )

    online.refresh_from_db()
    assert online.moderation == Event.Moderation.PENDING


def test_an_error_keeps_what_was_typed(client, organiser, online):
    client.force_login(organiser)

    response = client.post(
        f"/agenda/mes-sorties/{online.pk}/modifier/",
        _edit_form(online, title="Zqx nouveau titre", commune_text="Nulle-part"),
    )

    text = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "Aucune commune ne correspond." in text and 'value="Zqx nouveau titre"' in text
    online.refresh_from_db()
    assert online.title == "Fête de la musique au bourg"


@pytest.mark.parametrize("action", ["modifier", "supprimer"])
def test_a_stranger_gets_a_404_that_says_nothing(client, online, stranger, action):
    url = f"/agenda/mes-sorties/{online.pk}/{action}/"
    client.force_login(stranger)

    answers = [
        client.get(url),
        client.post(url, _edit_form(online, title="Zqx volé")),
        client.post(url, _edit_form(online, title="Zqx volé", commune_text="Nulle-part")),
    ]

    for response in answers:
        assert response.status_code == 404
        assert "Fête de la musique" not in response.content.decode()
    online.refresh_from_db()
    assert online.title == "Fête de la musique au bourg" and Event.objects.filter(pk=online.pk)
    missing = client.get(f"/agenda/mes-sorties/{online.pk + 1000}/{action}/")
    assert missing.status_code == 404


def test_an_owner_deletes_after_confirming(client, organiser, online):
    client.force_login(organiser)

    page = html.unescape(client.get(f"/agenda/mes-sorties/{online.pk}/supprimer/").content.decode())
    assert "Supprimer « Fête de la musique au bourg » et toutes ses dates ?" in page
    assert Event.objects.filter(pk=online.pk).exists()

    response = client.post(f"/agenda/mes-sorties/{online.pk}/supprimer/")

    assert response.status_code == 302
    assert not Event.objects.filter(pk=online.pk).exists()
    assert client.get(online.get_absolute_url()).status_code == 404


def test_the_confirmation_after_proposing_links_to_mes_sorties(client, organiser, clock):
    commune("carantilly")
    client.force_login(organiser)
    data = {
        "title": "Loto",
        "category": "fete",
        "description": "Gros lots.",
        "venue_name": "Salle des fêtes",
        "commune_text": "Carantilly (50570)",
        "day": "2027-06-21",
        "is_free": "on",
        "rendered": form_stamp(time.time() - 60),
    }

    response = client.post("/agenda/proposer/", data, follow=True)

    page = BeautifulSoup(response.content, "html.parser")
    message = page.select_one(".message--success")
    assert "Merci ! Votre sortie sera publiée" in message.text
    assert message.a["href"] == "/agenda/mes-sorties/"
