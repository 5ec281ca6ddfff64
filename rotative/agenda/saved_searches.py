"""What a saved search of the agenda is, for the alerts engine (rotative.alerts.kinds),
registered in apps.py: « concerts à moins de 20 km de Saint-Lô » mails the new events that
match it, with their next date."""

from datetime import timedelta

from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rotative.agenda.forms import WHEN, ConcertSearchForm, SearchForm, search_criteria
from rotative.agenda.models import Category, Event, EventOccurrence, MusicStyle
from rotative.agenda.selectors import occurrences_between
from rotative.alerts.kinds import ItemFacts, ItemLine, SearchBounds, SearchInvalid, SearchKind
from rotative.geo.selectors import bounding_box

KIND = "agenda"
# Without a window in the search, an alert looks at every date to come (all are materialised
# 18 months ahead): an event announced in March for July is news in March.
ALERT_SPAN = timedelta(days=550)


def _form_class(category: str):
    """A search saved from « Les concerts » is read as that page reads it (by style)."""
    return ConcertSearchForm if category == Category.CONCERT else SearchForm


def describe(category: str, params: QueryDict) -> SearchBounds:
    form, _window, filters = search_criteria(
        params, now=timezone.now(), form_class=_form_class(category)
    )
    if not form.is_valid():
        raise SearchInvalid(
            _("Cette recherche contient un critère invalide : corrigez-la d'abord.")
        )
    data = form.cleaned_data
    commune, km = filters["commune"], filters["radius_km"]
    bounds = {}
    if commune is not None and km and commune.latitude is not None:
        south, north, west, east = bounding_box(commune.latitude, commune.longitude, km)
        bounds.update(south=south, north=north, west=west, east=east)
    elif commune is not None:
        bounds["department"] = commune.department
    return SearchBounds(label=_label(data, filters), category=filters["category"] or "", **bounds)


def _label(data: dict, filters: dict) -> str:
    category, commune, km = filters["category"], filters["commune"], filters["radius_km"]
    parts = [str(Category(category).label) if category else _("Toutes les sorties")]
    if data.get("style"):
        parts[0] += f" ({str(MusicStyle(data['style']).label).lower()})"
    if commune is not None:
        parts.append(commune.label + (f" + {int(km)} km" if km else ""))
    if data.get("du") or data.get("au"):
        first, last = data.get("du"), data.get("au")
        parts.append(
            " – ".join(date_format(day, "j F Y") for day in (first, last) if day is not None)
        )
    elif data.get("quand"):
        parts.append(str(dict(WHEN)[data["quand"]]).lower())
    if data.get("gratuit"):
        parts.append(_("gratuit"))
    if data.get("enfants"):
        parts.append(_("pour les enfants"))
    return ", ".join(parts)


def matching(*, saved, since):
    """The published events first online after `since` with a date the search finds."""
    now = timezone.now()
    params = QueryDict(saved.query)
    form, window, filters = search_criteria(params, now=now, form_class=_form_class(saved.category))
    if not form.is_valid():
        # Valid when saved, not any more (a commune merged since): an invalid search would
        # run without its criteria and mail every new event of the region.
        return Event.objects.none()
    has_window = any(params.get(key) for key in ("quand", "du", "au"))
    start, end = (window.start, window.end) if has_window else (now, now + ALERT_SPAN)
    # The few events first online since the last run, then which of them have a date the
    # search finds (not a subquery: on PostgreSQL the search's SQL names its table).
    new = list(
        Event.objects.published().filter(published_at__gt=since).values_list("pk", flat=True)
    )
    if not new:
        return Event.objects.none()
    dates = occurrences_between(start=max(start, now), end=end, **filters)
    found = set(dates.filter(event_id__in=new).values_list("event_id", flat=True))
    return (
        Event.objects.filter(pk__in=found)
        .select_related("venue__commune")
        .order_by("published_at", "pk")
    )


def facts(pk: int) -> ItemFacts | None:
    event = Event.objects.published().filter(pk=pk).select_related("venue__commune").first()
    if event is None or event.published_at is None:
        return None
    venue = event.venue
    commune = venue.commune if venue else None
    latitude = venue.latitude if venue and venue.latitude is not None else None
    longitude = venue.longitude if venue and venue.longitude is not None else None
    if latitude is None and commune is not None:
        latitude, longitude = commune.latitude, commune.longitude
    return ItemFacts(
        pk=event.pk,
        category=event.category,
        department=commune.department if commune else "",
        latitude=latitude,
        longitude=longitude,
        owner_id=event.organiser_id,
        published_at=event.published_at,
    )


def line(event: Event) -> ItemLine:
    details = []
    first = (
        EventOccurrence.objects.filter(event=event, end__gte=timezone.now())
        .order_by("start")
        .first()
    )
    if first is not None:
        start = timezone.localtime(first.start)
        details.append(
            date_format(start, "l j F") if first.all_day else date_format(start, r"l j F \à H\hi")
        )
    if event.venue is not None:
        details.append(f"{event.venue.name}, {event.venue.commune}")
    return ItemLine(title=event.title, details=", ".join(details), url=event.get_absolute_url())


def search_path(category: str, query: str) -> str:
    # Back to the page it was saved from: « Les concerts » has no category in its query.
    concerts = category == Category.CONCERT and "categorie" not in QueryDict(query)
    path = reverse("agenda:concerts" if concerts else "agenda:listing")
    return f"{path}?{query}" if query else path


AGENDA = SearchKind(
    name=KIND,
    label=gettext_lazy("Agenda des sorties"),
    subject=gettext_lazy("Nouvelles sorties : %(label)s"),
    intro=gettext_lazy("Nouvelles sorties pour votre recherche « %(label)s » :"),
    categories=frozenset(Category.values),
    describe=describe,
    matching=matching,
    facts=facts,
    line=line,
    search_path=search_path,
)
