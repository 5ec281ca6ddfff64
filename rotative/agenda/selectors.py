"""Reads of the agenda: what's on between two moments, where and for whom.

Every search reads `EventOccurrence` rows only (indexed on visibility and start, with the
filters copied on them), then the page's events and venues in one join.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.core.paginator import Page
from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.template.loader import render_to_string

from rotative.agenda.models import Event, EventOccurrence
from rotative.agenda.recurrence import PARIS
from rotative.core.pagination import ids_page
from rotative.core.utils import local_midnight
from rotative.geo.selectors import EARTH_RADIUS_KM, bounding_box, distance_km

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
    music_style: str | None = None,
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
        music_style=music_style,
        free_only=free_only,
        for_children=for_children,
    )
    # The page's ids and the number of dates in one statement, from the dates alone; then
    # only those 20 joined to their event, venue and commune. Joined before the limit, every
    # date of a busy weekend was (1,800 rows for 20: docs/performance.md, « Agenda »).
    found, ids = ids_page(rows, page=page, per_page=per_page, order_by=("start", "pk"))
    found.object_list = list(
        EventOccurrence.objects.filter(pk__in=ids)
        .select_related("event__venue__commune")
        .order_by("start", "pk")
    )
    return found


def occurrences_between(
    *,
    start: datetime,
    end: datetime,
    commune=None,
    radius_km: float | None = None,
    category: str | None = None,
    music_style: str | None = None,
    free_only: bool = False,
    for_children: bool = False,
):
    rows = EventOccurrence.objects.visible().filter(
        Q(start__gte=start) | Q(end__gt=start), start__lt=end
    )
    if category:
        rows = rows.filter(category=category)
    if music_style:
        # The one filter read through the event: concerts are few among the dates, and the
        # category's index has already narrowed them.
        rows = rows.filter(event__music_style=music_style)
    if free_only:
        rows = rows.filter(is_free=True)
    if for_children:
        rows = rows.filter(for_children=True)
    if commune is not None and radius_km and commune.latitude is not None:
        rows = _within(rows, commune=commune, km=radius_km, start=start, end=end)
    else:
        if connection.vendor == "postgresql":
            rows = rows.filter(_postgres_sql(f"{_SPAN} && tstzrange(%s, %s, '[)')", [start, end]))
        if commune is not None:
            rows = rows.filter(event__venue__commune__insee=commune.insee)
    return rows.select_related("event__venue__commune").order_by("start", "pk")


# PostgreSQL: the date's span as the GiST index of migration 0004 holds it. Closed at both
# ends, it overlaps the window whenever the filter on start and end keeps the date (a date of
# no length at the window's start too): a wider test that the index answers, the exact one
# applied to the few rows it returns. On one `start` btree, « before the end of this
# weekend » is also every date of the past month (docs/performance.md, « Agenda »).
_SPAN = """tstzrange(agenda_eventoccurrence.start, agenda_eventoccurrence."end", '[]')"""
_POINT = "point(agenda_eventoccurrence.longitude, agenda_eventoccurrence.latitude)"
# distance_km's haversine, term for term and in the same order, so that the database keeps
# exactly the dates that the same function would keep in Python.
_HAVERSINE = (
    "2 * %s * asin(sqrt("
    "power(sin(radians(agenda_eventoccurrence.latitude - %s) / 2), 2)"
    " + %s * cos(radians(agenda_eventoccurrence.latitude))"
    " * power(sin(radians(agenda_eventoccurrence.longitude - %s) / 2), 2)"
    ")) <= %s"
)


def _postgres_sql(sql: str, params: list) -> RawSQL:
    # Constant SQL (the fragments above): the window, box and distance are parameters.
    return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611


def _within(rows, *, commune, km: float, start: datetime, end: datetime):
    """The bounding box filters in the database; the exact distance on the few ids left."""
    south, north, west, east = bounding_box(commune.latitude, commune.longitude, km)
    if connection.vendor == "postgresql":
        # One lookup of the span-and-place index for the window and the box.
        return rows.filter(
            _postgres_sql(
                f"{_POINT} <@ box(point(%s, %s), point(%s, %s)) "
                f"AND {_SPAN} && tstzrange(%s, %s, '[)')",
                [west, south, east, north, start, end],
            ),
            _postgres_sql(
                _HAVERSINE,
                [
                    EARTH_RADIUS_KM,
                    commune.latitude,
                    math.cos(math.radians(commune.latitude)),
                    commune.longitude,
                    km,
                ],
            ),
        )
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


# --- Across the site: the side column, the home page, under an article ---------------------

SIDE_BLOCK_CACHE_KEY = "agenda:side-block"
HOME_BLOCK_CACHE_KEY = "agenda:home-block"
BLOCK_CACHE_SECONDS = 60
SIDE_BLOCK_SIZE = 5
HOME_BLOCK_SIZE = 6
ARTICLE_BLOCK_SIZE = 5
ARTICLE_BLOCK_DAYS = 7


def _one_per_event(rows, *, limit: int) -> list[EventOccurrence]:
    """The first date of each event: a weekly market is one line, not the whole block."""
    found, seen = [], set()
    for occurrence in rows:
        if occurrence.event_id not in seen:
            seen.add(occurrence.event_id)
            found.append(occurrence)
            if len(found) == limit:
                break
    return found


def next_events(*, now: datetime, limit: int = SIDE_BLOCK_SIZE) -> list[EventOccurrence]:
    """« À venir »: the next published dates to begin, one per event, in one query."""
    rows = (
        EventOccurrence.objects.visible()
        .filter(start__gte=now)
        .select_related("event__venue__commune")
        .order_by("start", "pk")[: limit * 4]
    )
    return _one_per_event(rows, limit=limit)


def side_block_html(*, now: datetime) -> str:
    """The side column's « À venir », kept rendered a minute: it is on every page."""
    html = cache.get(SIDE_BLOCK_CACHE_KEY)
    if html is None:
        html = render_to_string("agenda/side_block.html", {"dates": next_events(now=now)})
        cache.set(SIDE_BLOCK_CACHE_KEY, html, BLOCK_CACHE_SECONDS)
    return html


def home_block_html(*, now: datetime) -> str:
    """The home page's « Sorties »: this weekend's, else what comes next; kept a minute."""
    html = cache.get(HOME_BLOCK_CACHE_KEY)
    if html is None:
        window = weekend_window(now=now)
        # Dates that begin this weekend: a block of one line per event cannot say that a
        # month-long exhibition began on Monday.
        start = max(now, window.start)
        rows = occurrences_between(start=start, end=window.end).filter(start__gte=start)
        dates = _one_per_event(rows[: HOME_BLOCK_SIZE * 4], limit=HOME_BLOCK_SIZE)
        weekend = bool(dates)
        if not weekend:
            dates = next_events(now=now, limit=HOME_BLOCK_SIZE)
        html = render_to_string("agenda/home_block.html", {"dates": dates, "weekend": weekend})
        cache.set(HOME_BLOCK_CACHE_KEY, html, BLOCK_CACHE_SECONDS)
    return html


def in_communes_soon(*, communes, now: datetime) -> list[EventOccurrence]:
    """The published dates of the coming week in these communes, one per event, soonest
    first (under an article that names them)."""
    insees = {commune.insee for commune in communes}
    if not insees:
        return []
    rows = (
        EventOccurrence.objects.visible()
        .filter(
            Q(start__gte=now) | Q(end__gt=now),
            start__lt=now + timedelta(days=ARTICLE_BLOCK_DAYS),
            event__venue__commune__insee__in=insees,
        )
        .select_related("event__venue__commune")
        .order_by("start", "pk")[: ARTICLE_BLOCK_SIZE * 4]
    )
    return _one_per_event(rows, limit=ARTICLE_BLOCK_SIZE)


def article_block_html(*, article_id: int, communes, now: datetime) -> str:
    """What's on this week in the communes an article names, kept rendered a minute per
    article and communes."""
    if not communes:
        return ""
    key = f"agenda:article-block:{article_id}:" + ",".join(sorted(c.insee for c in communes))
    html = cache.get(key)
    if html is None:
        dates = in_communes_soon(communes=communes, now=now)
        html = ""
        if dates:  # nothing announced: no block rather than an empty one
            where = _distinct(occurrence.event.venue.commune for occurrence in dates)
            html = render_to_string(
                "agenda/article_block.html",
                {"dates": dates, "where": where, "names": ", ".join(c.name for c in where)},
            )
        cache.set(key, html, BLOCK_CACHE_SECONDS)
    return html


def _distinct(communes) -> list:
    seen, found = set(), []
    for commune in communes:
        if commune.insee not in seen:
            seen.add(commune.insee)
            found.append(commune)
    return found


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
