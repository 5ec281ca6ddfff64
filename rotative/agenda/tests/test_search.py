"""What's on: today, this weekend, next week, by commune and radius, category, free, children."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from rotative.agenda import selectors
from rotative.agenda.recurrence import PARIS
from rotative.agenda.tests.factories import event, paris
from rotative.geo.tests.factories import commune

pytestmark = pytest.mark.django_db

# A Wednesday.
NOW = datetime(2027, 6, 9, 10, 0, tzinfo=UTC)


def _titles(window, **filters):
    page = selectors.events_between(start=window.start, end=window.end, **filters)
    return [occurrence.event.title for occurrence in page]


@pytest.mark.parametrize(
    ("now", "first", "last"),
    [
        (datetime(2027, 6, 9, 10, 0, tzinfo=PARIS), "2027-06-12T00:00", "2027-06-14T00:00"),
        (datetime(2027, 6, 12, 23, 0, tzinfo=PARIS), "2027-06-12T00:00", "2027-06-14T00:00"),
        # On a Sunday, this Sunday, not the next weekend.
        (datetime(2027, 6, 13, 22, 0, tzinfo=PARIS), "2027-06-13T00:00", "2027-06-14T00:00"),
        # Sunday 23:30 in Paris is still Sunday, though it is Sunday 21:30 in UTC.
        (datetime(2027, 6, 13, 23, 30, tzinfo=PARIS), "2027-06-13T00:00", "2027-06-14T00:00"),
        # The weekend of the October clock change is 49 hours long.
        (datetime(2027, 10, 27, 12, 0, tzinfo=PARIS), "2027-10-30T00:00", "2027-11-01T00:00"),
    ],
)
def test_weekend_bounds_in_paris_time(now, first, last):
    window = selectors.weekend_window(now=now)

    assert window.start.astimezone(PARIS).strftime("%Y-%m-%dT%H:%M") == first
    assert window.end.astimezone(PARIS).strftime("%Y-%m-%dT%H:%M") == last
    assert window.start.tzinfo is not None


def test_weekend_of_october_change_lasts_49_hours():
    window = selectors.weekend_window(now=datetime(2027, 10, 27, tzinfo=PARIS))

    # Python subtracts two times of one zone on the wall clock: compare instants.
    assert window.end.astimezone(UTC) - window.start.astimezone(UTC) == timedelta(hours=49)


def test_today_and_next_week():
    now = datetime(2027, 6, 9, 23, 30, tzinfo=PARIS)  # 21:30 UTC: still the 9th in Paris

    today = selectors.today_window(now=now)
    week = selectors.next_week_window(now=now)

    assert today.start.astimezone(PARIS).date() == date(2027, 6, 9)
    assert week.start.astimezone(PARIS).date() == date(2027, 6, 14)  # Monday
    assert week.end.astimezone(PARIS).date() == date(2027, 6, 21)


@time_machine.travel(NOW, tick=False)
def test_this_weekend_lists_saturday_and_sunday_only_in_order():
    event(title="Vendredi soir", starts_at=paris(2027, 6, 11, 23, 30))
    event(title="Dimanche midi", starts_at=paris(2027, 6, 13, 12, 0))
    event(title="Samedi matin", starts_at=paris(2027, 6, 12, 0, 0))
    event(title="Lundi", starts_at=paris(2027, 6, 14, 0, 0))

    assert _titles(selectors.weekend_window(now=NOW)) == ["Samedi matin", "Dimanche midi"]


@time_machine.travel(NOW, tick=False)
def test_a_long_exhibition_shows_on_every_day_it_is_open():
    event(
        title="Peintres du bocage",
        category="exposition",
        starts_at=paris(2027, 6, 1, 0, 0),
        all_day=True,
        duration=timedelta(days=30),
    )

    assert _titles(selectors.weekend_window(now=NOW)) == ["Peintres du bocage"]


@time_machine.travel(NOW, tick=False)
def test_recurring_event_appears_each_weekend_once():
    event(title="Marché du samedi", category="marche", recurrence="FREQ=WEEKLY;BYDAY=SA")

    window = selectors.dates_window(first=date(2027, 6, 1), last=date(2027, 6, 30))

    assert _titles(window) == ["Marché du samedi"] * 4


@time_machine.travel(NOW, tick=False)
def test_radius_and_commune():
    event(title="À Carantilly", where="carantilly", starts_at=paris(2027, 6, 12, 15, 0))
    event(title="À Coutances", where="coutances", starts_at=paris(2027, 6, 12, 16, 0))
    event(title="À Cherbourg", where="cherbourg", starts_at=paris(2027, 6, 12, 17, 0))
    window = selectors.weekend_window(now=NOW)

    # Coutances is about 14 km from Carantilly, Cherbourg about 65.
    assert _titles(window, commune=commune("carantilly"), radius_km=20) == [
        "À Carantilly",
        "À Coutances",
    ]
    assert _titles(window, commune=commune("carantilly"), radius_km=5) == ["À Carantilly"]
    assert _titles(window, commune=commune("coutances")) == ["À Coutances"]
    assert _titles(window, commune=commune("carantilly"), radius_km=100) == [
        "À Carantilly",
        "À Coutances",
        "À Cherbourg",
    ]


@time_machine.travel(NOW, tick=False)
def test_radius_keeps_exactly_the_places_distance_km_keeps():
    """Venues a few metres either side of the circle and in the box's corners: the search
    (in SQL on PostgreSQL, in Python on SQLite) keeps those that geo's distance_km keeps."""
    from rotative.agenda.services import venue_create
    from rotative.geo.selectors import bounding_box, distance_km

    centre = commune("carantilly")
    south, north, west, east = bounding_box(centre.latitude, centre.longitude, 30)
    places = {
        "north, inside": (north - 0.0001, centre.longitude),
        "north, outside": (north + 0.0001, centre.longitude),
        "east, inside": (centre.latitude, east - 0.0002),
        "east, outside": (centre.latitude, east + 0.0002),
        "corner": (north - 0.0001, east - 0.0001),  # in the box, out of the circle
        "diagonal, inside": (centre.latitude + 0.19, centre.longitude + 0.29),
        "diagonal, outside": (centre.latitude + 0.20, centre.longitude + 0.30),
    }
    for name, (lat, lon) in places.items():
        place = venue_create(name=name, commune=centre, latitude=lat, longitude=lon)
        event(title=name, venue=place, starts_at=paris(2027, 6, 12, 15, 0))
    expected = sorted(
        name
        for name, (lat, lon) in places.items()
        if distance_km(centre.latitude, centre.longitude, lat, lon) <= 30
    )

    found = _titles(selectors.weekend_window(now=NOW), commune=centre, radius_km=30)

    assert sorted(found) == expected
    assert {"north, inside", "east, inside", "diagonal, inside"} <= set(found)
    assert "corner" not in found


@time_machine.travel(NOW, tick=False)
def test_category_free_and_children_filters():
    event(title="Concert payant", price="12 €", starts_at=paris(2027, 6, 12, 20, 0))
    event(title="Concert gratuit", is_free=True, starts_at=paris(2027, 6, 12, 21, 0))
    event(
        title="Contes pour enfants",
        category="famille",
        for_children=True,
        is_free=True,
        starts_at=paris(2027, 6, 13, 10, 0),
    )
    window = selectors.weekend_window(now=NOW)

    assert _titles(window, category="concert") == ["Concert payant", "Concert gratuit"]
    assert _titles(window, free_only=True) == ["Concert gratuit", "Contes pour enfants"]
    assert _titles(window, for_children=True) == ["Contes pour enfants"]


@time_machine.travel(NOW, tick=False)
def test_pending_and_refused_events_are_not_listed(organiser, moderator):
    from rotative.agenda import services

    pending = event(organiser=organiser, title="En attente", starts_at=paris(2027, 6, 12, 9, 0))
    refused = event(organiser=organiser, title="Refusé", starts_at=paris(2027, 6, 12, 9, 0))
    services.event_moderate(moderator=moderator, event=refused, publish=False, reason="Doublon")
    window = selectors.weekend_window(now=NOW)

    assert _titles(window) == []

    services.event_moderate(moderator=moderator, event=pending, publish=True)

    assert _titles(window) == ["En attente"]
