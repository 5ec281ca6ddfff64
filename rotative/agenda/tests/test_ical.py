"""iCalendar export, read back through the icalendar library: same rule, same local times."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import time_machine
from dateutil.rrule import rrulestr

from rotative.agenda import ical, selectors
from rotative.agenda.models import Event
from rotative.agenda.recurrence import PARIS
from rotative.agenda.tests.factories import event, paris

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_event_round_trip_keeps_rule_and_paris_times_across_the_clock_change():
    concert = event(
        starts_at=paris(2027, 3, 20, 20, 30),
        duration=timedelta(hours=2),
        recurrence="FREQ=WEEKLY;BYDAY=SA;UNTIL=20270410T235959",
    )

    data = ical.event_ics(event=concert, url="https://example.fr/x", stamp=NOW)
    calendar = icalendar.Calendar.from_ical(data)
    (vevent,) = calendar.walk("VEVENT")
    (vtimezone,) = calendar.walk("VTIMEZONE")

    assert vtimezone["TZID"] == "Europe/Paris"
    assert b"DTSTART;TZID=Europe/Paris:20270320T203000" in data
    assert ical.rule_of(vevent) == "FREQ=WEEKLY;UNTIL=20270410T235959;BYDAY=SA"
    assert str(vevent["SUMMARY"]) == "Concert de printemps"
    start = vevent.decoded("DTSTART")
    assert start.tzinfo is not None and str(start.tzinfo) in ("Europe/Paris",)
    # A calendar application expanding the rule finds 20:30 on both sides of 28 March.
    rule = rrulestr(ical.rule_of(vevent), dtstart=start.replace(tzinfo=None))
    local = [moment.replace(tzinfo=PARIS) for moment in rule]
    assert [m.strftime("%d/%m %H:%M") for m in local] == [
        "20/03 20:30",
        "27/03 20:30",
        "03/04 20:30",
        "10/04 20:30",
    ]
    assert [m.astimezone(UTC).hour for m in local] == [19, 19, 18, 18]
    assert vevent.decoded("DTEND") - start == timedelta(hours=2)


@time_machine.travel(NOW, tick=False)
def test_cancelled_event_says_so():
    cancelled = event(status=Event.Status.CANCELLED)

    (vevent,) = icalendar.Calendar.from_ical(
        ical.event_ics(event=cancelled, url="https://example.fr/x", stamp=NOW)
    ).walk("VEVENT")

    assert vevent["STATUS"] == "CANCELLED"


@time_machine.travel(NOW, tick=False)
def test_search_export_lists_each_date_in_its_window():
    event(
        title="Marché",
        category="marche",
        starts_at=paris(2027, 3, 6, 8, 0),
        recurrence="FREQ=WEEKLY;BYDAY=SA",
    )
    window = selectors.dates_window(first=paris(2027, 3, 20).date(), last=paris(2027, 4, 3).date())
    rows = selectors.occurrences_between(start=window.start, end=window.end)

    data = ical.occurrences_ics(
        name="Agenda", occurrences=rows, url_of=lambda e: "https://x", stamp=NOW
    )
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")

    assert [e.decoded("DTSTART").strftime("%d/%m %H:%M") for e in events] == [
        "20/03 08:00",
        "27/03 08:00",
        "03/04 08:00",
    ]
    assert len({str(e["UID"]) for e in events}) == 3
    assert all("RRULE" not in e for e in events)
