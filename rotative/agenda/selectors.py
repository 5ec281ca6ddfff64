"""Reads of the agenda: what's on between two moments, where and for whom.

Every search reads `EventOccurrence` rows only (indexed on visibility and start, with the
filters copied on them), then the page's events and venues in one join.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Q

from rotative.agenda.models import Event, EventOccurrence
from rotative.agenda.recurrence import PARIS, local_midnight
from rotative.geo.selectors import bounding_box, distance_km

PER_PAGE = 20


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime  # excluded


def today_window(*, now: datetime) -> Window:
    day = now.astimezone(PARIS).date()
    return Window(local_midnight(day), local_midnight(day + timedelta(days=1)))


def weekend_window(*, now: datetime) -> Window:
    """Saturday 00:00 to Monday 00:00 in Paris; on a Sunday, this Sunday (from its 00:00)."""
    day = now.astimezone(PARIS).date()
    weekday = day.weekday()  # Monday 0 … Sunday 6
    first = day if weekday == 6 else day + timedelta(days=5 - weekday)
    monday = first + timedelta(days=7 - first.weekday())
    return Window(local_midnight(first), local_midnight(monday))


def next_week_window(*, now: datetime) -> Window:
    """The next calendar week, Monday 00:00 to the Monday after."""
    day = now.astimezone(PARIS).date()
    monday = day + timedelta(days=7 - day.weekday())
    return Window(local_midnight(monday), local_midnight(monday + timedelta(days=7)))


def dates_window(*, first: date, last: date) -> Window:
    return Window(local_midnight(first), local_midnight(last + timedelta(days=1)))


def events_between(
    *,
    start: datetime,
    end: datetime,
    commune=None,
    radius_km: float | None = None,
    category: str | None = None,
    free_only: bool = False,
    for_children: bool = False,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Page:
    """The published dates that overlap [start, end), soonest first, with their event and
    venue: a page of occurrences. A commune with a radius keeps the venues within it."""
    rows = occurrences_between(
        start=start,
        end=end,
        commune=commune,
        radius_km=radius_km,
        category=category,
        free_only=free_only,
        for_children=for_children,
    )
    return Paginator(rows, per_page).get_page(page)


def occurrences_between(
    *,
    start: datetime,
    end: datetime,
    commune=None,
    radius_km: float | None = None,
    category: str | None = None,
    free_only: bool = False,
    for_children: bool = False,
):
    rows = EventOccurrence.objects.visible().filter(
        Q(start__gte=start) | Q(end__gt=start), start__lt=end
    )
    if category:
        rows = rows.filter(category=category)
    if free_only:
        rows = rows.filter(is_free=True)
    if for_children:
        rows = rows.filter(for_children=True)
    if commune is not None:
        if radius_km and commune.latitude is not None:
            rows = _within(rows, commune=commune, km=radius_km)
        else:
            rows = rows.filter(event__venue__commune__insee=commune.insee)
    return rows.select_related("event__venue__commune").order_by("start", "pk")


def _within(rows, *, commune, km: float):
    """The bounding box filters in the database; the exact distance on the few ids left."""
    south, north, west, east = bounding_box(commune.latitude, commune.longitude, km)
    boxed = rows.filter(latitude__range=(south, north), longitude__range=(west, east))
    positions = boxed.values_list("latitude", "longitude").distinct()
    inside = [
        (lat, lon)
        for lat, lon in positions
        if distance_km(commune.latitude, commune.longitude, lat, lon) <= km
    ]
    if not inside:
        return rows.none()
    near = Q()
    for lat, lon in inside:
        near |= Q(latitude=lat, longitude=lon)
    return boxed.filter(near)


def event_next_dates(*, event: Event, now: datetime, limit: int = 10) -> list[EventOccurrence]:
    return list(event.occurrences.filter(end__gte=now).order_by("start")[:limit])


def venue_next(*, venue, now: datetime, limit: int = 30) -> list[EventOccurrence]:
    return list(
        EventOccurrence.objects.visible()
        .filter(event__venue=venue, end__gte=now)
        .select_related("event__venue__commune")
        .order_by("start", "pk")[:limit]
    )


def moderation_queue():
    return (
        Event.objects.filter(moderation=Event.Moderation.PENDING)
        .select_related("venue__commune", "organiser")
        .order_by("created_at")
    )


def events_of_organiser(*, user, now: datetime):
    """« Mes sorties »: the organiser's own events, newest first, each with its next date
    (`next_start`, None once every date has passed)."""
    from django.db.models import Min

    return (
        Event.objects.filter(organiser=user)
        .select_related("venue__commune")
        .annotate(next_start=Min("occurrences__start", filter=Q(occurrences__end__gte=now)))
        .order_by("-created_at", "-pk")
    )
