"""Venues and events made through the services, as an organiser or an editor makes them."""

from datetime import datetime

from rotative.agenda import services
from rotative.agenda.models import Venue
from rotative.agenda.recurrence import PARIS
from rotative.geo.tests.factories import commune


def venue(where: str = "carantilly", name: str = "Salle des fêtes") -> Venue:
    found = Venue.objects.filter(name=name, commune__insee=commune(where).insee).first()
    return found or services.venue_create(
        name=name, commune=commune(where), address="1 place de la Mairie"
    )


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def event(*, organiser=None, where: str = "carantilly", **fields):
    """An editor's event (published at once) unless an organiser is given."""
    values = {
        "title": "Concert de printemps",
        "category": "concert",
        "description": "L'harmonie municipale joue Bizet et Offenbach.",
        "venue": venue(where),
        "starts_at": paris(2027, 3, 20, 20, 30),
    }
    values.update(fields)
    return services.event_create(organiser=organiser, **values)
