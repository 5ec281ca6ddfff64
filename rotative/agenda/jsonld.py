"""schema.org Event for an event page: what Google's event rich results require (name,
startDate, location with its address) and the eventStatus of a cancelled or moved event."""

from rotative.agenda.models import Event
from rotative.agenda.recurrence import PARIS

SCHEMA = "https://schema.org/"


def event_status(event: Event) -> str:
    if event.status == Event.Status.CANCELLED:
        return SCHEMA + "EventCancelled"
    if event.status == Event.Status.POSTPONED:
        # With its new date known it is « rescheduled »; without, only « postponed ».
        return SCHEMA + ("EventRescheduled" if event.previous_starts_at else "EventPostponed")
    return SCHEMA + "EventScheduled"


def _iso(moment, *, all_day: bool) -> str:
    local = moment.astimezone(PARIS)
    return local.date().isoformat() if all_day else local.isoformat()


def event_jsonld(*, event: Event, occurrence, url: str, image_url: str = "") -> dict:
    """`occurrence` is the date the page puts first (the next one), or None: the first date."""
    venue = event.venue
    start = occurrence.start if occurrence else event.starts_at
    end = occurrence.end if occurrence else None
    data = {
        "@context": "https://schema.org",
        "@type": "MusicEvent" if event.category == "concert" else "Event",
        "name": event.title,
        "startDate": _iso(start, all_day=event.all_day),
        "eventStatus": event_status(event),
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "description": event.description[:500],
        "url": url,
        "location": {
            "@type": "Place",
            "name": venue.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": venue.address,
                "addressLocality": venue.commune.name,
                "postalCode": venue.commune.postal_code,
                "addressCountry": "FR",
            },
        },
    }
    if end and end > start:
        data["endDate"] = _iso(end, all_day=False)
    if venue.latitude is not None:
        data["location"]["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": round(venue.latitude, 5),
            "longitude": round(venue.longitude, 5),
        }
    if event.previous_starts_at and event.status == Event.Status.POSTPONED:
        data["previousStartDate"] = _iso(event.previous_starts_at, all_day=event.all_day)
    if image_url:
        data["image"] = [image_url]
    names = event.performer_names
    if names:
        # schema.org's performer: a band or musicians at a concert, a company otherwise.
        kind = "MusicGroup" if event.category == "concert" else "PerformingGroup"
        data["performer"] = [{"@type": kind, "name": name} for name in names]
    if event.is_free or event.ticket_url:
        offer = {"@type": "Offer", "priceCurrency": "EUR", "url": event.ticket_url or url}
        if event.is_free:
            offer["price"] = "0"
        offer["availability"] = SCHEMA + (
            "SoldOut" if event.status == Event.Status.SOLD_OUT else "InStock"
        )
        data["offers"] = offer
    return data
