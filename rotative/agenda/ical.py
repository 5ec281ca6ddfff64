"""iCalendar (RFC 5545) for an event and for a search, through the `icalendar` library.

Times are written in Europe/Paris (TZID, with its VTIMEZONE), never in UTC, and an event's
rule is kept as its RRULE: a calendar application then repeats « every Saturday at 20:30 »
itself and keeps 20:30 across the clock changes, as the site does.
"""

from datetime import datetime

import icalendar
from django.utils.translation import gettext as _

from rotative.agenda.models import Event
from rotative.agenda.recurrence import PARIS

PRODID = "-//Le Phare normand//Agenda des sorties//FR"
STATUS = {  # RFC 5545 STATUS of a VEVENT
    Event.Status.CANCELLED: "CANCELLED",
}


def calendar_new(*, name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    return calendar


def event_component(
    *,
    event: Event,
    url: str,
    start: datetime | None = None,
    end: datetime | None = None,
    keep_rule: bool = True,
    stamp: datetime,
) -> icalendar.Event:
    """The event as a VEVENT: its first date and its rule, or (`start` given, for a search's
    export) one of its dates alone."""
    component = icalendar.Event()
    first = start is None
    start = (start or event.starts_at).astimezone(PARIS)
    uid = f"sortie-{event.pk}@agenda"
    if not first:
        uid = f"sortie-{event.pk}-{start:%Y%m%dT%H%M}@agenda"
    component.add("uid", uid)
    component.add("dtstamp", stamp)
    component.add("summary", event.title)
    if event.all_day:
        component.add("dtstart", start.date())
        if end is None and event.duration:
            end = start + event.duration
        if end is not None:
            component.add("dtend", end.astimezone(PARIS).date())
    else:
        component.add("dtstart", start)
        if end is None and event.duration:
            end = start + event.duration
        if end is not None and end > start:
            component.add("dtend", end.astimezone(PARIS))
    if first and keep_rule and event.recurrence:
        component.add("rrule", icalendar.vRecur.from_ical(event.recurrence))
        for text in event.extra_dates or ():
            moment = datetime.fromisoformat(text)
            moment = moment if moment.tzinfo else moment.replace(tzinfo=PARIS)
            component.add("rdate", moment.date() if event.all_day else moment)
    venue = event.venue
    component.add(
        "location",
        ", ".join(part for part in (venue.name, venue.address, str(venue.commune)) if part),
    )
    if venue.latitude is not None:
        component.add("geo", (venue.latitude, venue.longitude))
    description = event.description
    if event.performers:
        description = _("Avec %(names)s.") % {"names": event.performers} + "\n\n" + description
    component.add("description", description)
    component.add("url", url)
    component.add("categories", [event.get_category_display()])
    component.add("status", STATUS.get(event.status, "CONFIRMED"))
    return component


def calendar_bytes(calendar: icalendar.Calendar) -> bytes:
    """The calendar with the VTIMEZONE of every TZID it uses."""
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_ics(*, event: Event, url: str, stamp: datetime) -> bytes:
    calendar = calendar_new(name=event.title)
    calendar.add_component(event_component(event=event, url=url, stamp=stamp))
    return calendar_bytes(calendar)


def occurrences_ics(*, name: str, occurrences, url_of, stamp: datetime) -> bytes:
    """A search's dates, each one its own VEVENT (the search cut the rule to its window)."""
    calendar = calendar_new(name=name)
    for occurrence in occurrences:
        calendar.add_component(
            event_component(
                event=occurrence.event,
                url=url_of(occurrence.event),
                start=occurrence.start,
                end=occurrence.end,
                stamp=stamp,
            )
        )
    return calendar_bytes(calendar)


def rule_of(component) -> str:
    """The RRULE of a parsed VEVENT as text (for tests and imports)."""
    rule = component.get("rrule")
    return rule.to_ical().decode() if rule else ""
