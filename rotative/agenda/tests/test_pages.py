"""The reader's pages: the listing and its shareable filters, an event, a venue, the exports;
each shows an event only to whom its state allows."""

import json
import re
from datetime import UTC, datetime

import icalendar
import pytest
import time_machine

from rotative.agenda.models import Event
from rotative.agenda.tests.factories import event, paris

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 6, 9, 10, 0, tzinfo=UTC)  # a Wednesday


def _jsonld(response) -> dict:
    found = re.search(
        rb'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', response.content, re.S
    )
    return json.loads(found.group(1))


@time_machine.travel(NOW, tick=False)
def test_listing_filters_are_get_parameters(client):
    event(title="Fest-noz", is_free=True, starts_at=paris(2027, 6, 12, 21, 0))
    event(
        title="Théâtre payant", category="theatre", price="8 €", starts_at=paris(2027, 6, 12, 20, 0)
    )
    event(title="Lundi", starts_at=paris(2027, 6, 14, 20, 0))

    response = client.get("/agenda/", {"quand": "ce-week-end", "gratuit": "on"})

    assert response.status_code == 200
    text = response.content.decode()
    assert "Fest-noz" in text
    assert "Théâtre payant" not in text and "Lundi" not in text
    # The iCalendar link repeats the search.
    assert "/agenda/agenda.ics?quand=ce-week-end&amp;gratuit=on" in text


@time_machine.travel(NOW, tick=False)
def test_listing_by_commune_and_radius_and_dates(client):
    from rotative.geo.tests.factories import commune

    commune("carantilly")
    event(title="À Coutances", where="coutances", starts_at=paris(2027, 6, 20, 15, 0))
    event(title="À Cherbourg", where="cherbourg", starts_at=paris(2027, 6, 20, 15, 0))

    response = client.get(
        "/agenda/",
        {"du": "2027-06-20", "au": "2027-06-20", "commune": "Carantilly (50570)", "rayon": "20"},
    )

    text = response.content.decode()
    assert "À Coutances" in text and "À Cherbourg" not in text


@time_machine.travel(NOW, tick=False)
def test_listing_says_what_is_wrong_in_french(client):
    response = client.get("/agenda/", {"du": "2027-06-20", "au": "2027-06-01", "commune": "zzzz"})

    text = response.content.decode()
    assert response.status_code == 200
    assert "La date de fin précède la date de début." in text
    assert "Aucune commune ne correspond." in text


@time_machine.travel(NOW, tick=False)
def test_event_page_dates_map_calendar_link_and_jsonld(client):
    made = event(
        title="Concert au kiosque",
        starts_at=paris(2027, 6, 12, 20, 30),
        recurrence="FREQ=WEEKLY;BYDAY=SA;COUNT=3",
        is_free=True,
    )

    response = client.get(made.get_absolute_url())

    text = response.content.decode()
    assert response.status_code == 200
    assert "samedi 12 juin 2027 à 20h30" in text
    assert "samedi 26 juin 2027 à 20h30" in text
    assert "https://www.openstreetmap.org/?mlat=49.06612&amp;mlon=-1.24968" in text
    assert f"/agenda/sortie/{made.pk}-concert-au-kiosque.ics" in text
    data = _jsonld(response)
    assert data["@type"] == "MusicEvent"
    assert data["name"] == "Concert au kiosque"
    assert data["startDate"] == "2027-06-12T20:30:00+02:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["address"]["addressLocality"] == "Carantilly"
    assert data["location"]["address"]["postalCode"] == "50570"
    assert data["offers"]["price"] == "0"


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"status": Event.Status.CANCELLED}, "EventCancelled"),
        ({"status": Event.Status.POSTPONED}, "EventPostponed"),
        (
            {"status": Event.Status.POSTPONED, "previous_starts_at": paris(2027, 5, 1, 20, 0)},
            "EventRescheduled",
        ),
    ],
)
def test_jsonld_event_status(client, fields, status):
    made = event(**fields)

    data = _jsonld(client.get(made.get_absolute_url()))

    assert data["eventStatus"] == f"https://schema.org/{status}"
    assert ("previousStartDate" in data) == (status == "EventRescheduled")


@time_machine.travel(NOW, tick=False)
def test_description_is_plain_text(client):
    made = event(description="<script>alert(1)</script>\nDeuxième ligne")

    text = client.get(made.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Deuxième ligne" in text


@time_machine.travel(NOW, tick=False)
def test_pending_event_is_404_to_others_and_visible_to_its_organiser(client, organiser):
    from rotative.accounts.tests.factories import ReaderFactory

    pending = event(organiser=organiser, title="Zqx en attente")
    urls = [pending.get_absolute_url(), f"/agenda/sortie/{pending.pk}-{pending.slug}.ics"]

    assert [client.get(url).status_code for url in urls] == [404, 404]
    client.force_login(ReaderFactory(email="autre@example.fr", display_name="Autre"))
    assert [client.get(url).status_code for url in urls] == [404, 404]
    client.force_login(organiser)
    response = client.get(urls[0])
    assert response.status_code == 200
    assert "En attente de validation" in response.content.decode()
    assert "noindex" in response.content.decode()
    # Nor is it in the listing or the venue's page.
    client.logout()
    assert "Zqx en attente" not in client.get("/agenda/").content.decode()
    assert "Zqx en attente" not in client.get(pending.venue.get_absolute_url()).content.decode()


@time_machine.travel(NOW, tick=False)
def test_wrong_slug_redirects_and_unknown_id_is_404(client):
    made = event()

    assert client.get(f"/agenda/sortie/{made.pk}-autre-chose/").status_code == 301
    assert client.get(f"/agenda/sortie/{made.pk + 99}-x/").status_code == 404
    assert client.post(made.get_absolute_url()).status_code == 405


@time_machine.travel(NOW, tick=False)
def test_venue_page_lists_what_is_next_there(client):
    made = event(title="Bal du samedi", starts_at=paris(2027, 6, 12, 21, 0))
    event(title="Passé", starts_at=paris(2027, 6, 1, 21, 0))

    text = client.get(made.venue.get_absolute_url()).content.decode()

    assert "Bal du samedi" in text and "Passé" not in text


@time_machine.travel(NOW, tick=False)
def test_calendar_downloads(client):
    made = event(recurrence="FREQ=WEEKLY;BYDAY=SA;COUNT=2", starts_at=paris(2027, 6, 12, 20, 30))

    one = client.get(f"/agenda/sortie/{made.pk}-{made.slug}.ics")
    search = client.get("/agenda/agenda.ics", {"quand": "ce-week-end"})

    assert one["Content-Type"] == "text/calendar; charset=utf-8"
    (vevent,) = icalendar.Calendar.from_ical(one.content).walk("VEVENT")
    assert vevent["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=2;BYDAY=SA"
    events = icalendar.Calendar.from_ical(search.content).walk("VEVENT")
    assert [e.decoded("DTSTART").strftime("%d/%m %H:%M") for e in events] == ["12/06 20:30"]


def test_every_page_links_to_the_agenda_in_its_footer(client):
    text = client.get("/agenda/").content.decode()

    footer = text[text.index('<footer class="site-footer">') :]
    assert '<a href="/agenda/">Agenda des sorties</a>' in footer
