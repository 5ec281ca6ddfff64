"""L'agenda des sorties in the app: the site's search of dates (a recurring event is one line
per date, as on the site), a published event, and an organiser's proposal through the same
service and moderation as the site's form."""

import logging
from datetime import date, datetime
from typing import Literal

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from rotative.agenda import selectors, services
from rotative.agenda.forms import ConcertSearchForm, EventForm, SearchForm, search_criteria
from rotative.agenda.models import Category, Event
from rotative.agenda.recurrence import PARIS
from rotative.agenda.views import SUBMISSIONS_REFUSAL, submission_allowed
from rotative.api.auth import READER, confirmed_reader, reader
from rotative.api.errors import AUTH_ERRORS, COMMON_ERRORS, ApiError, ErrorOut, not_found
from rotative.api.formbridge import form_data, form_invalid
from rotative.api.market import COMMUNE_TEXT, CommuneOut, SizedImageOut, commune_out
from rotative.api.pagination import CursorPagination
from rotative.core.bot_trap import BotTrapMixin
from rotative.core.images_reencode import PhotoError
from rotative.core.seo import absolute

logger = logging.getLogger(__name__)
router = Router(tags=["Agenda des sorties"])

CategoryCode = Literal[
    "concert",
    "spectacle",
    "theatre",
    "exposition",
    "cinema",
    "sport",
    "fete",
    "marche",
    "vide-grenier",
    "conference",
    "famille",
    "autre",
]
StyleCode = Literal[
    "rock-pop",
    "jazz-blues",
    "classique",
    "chanson",
    "electro",
    "rap",
    "monde",
    "metal",
    "folk",
    "autre",
]
StatusCode = Literal["programme", "complet", "annule", "reporte"]
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


class VenueOut(Schema):
    name: str
    address: str
    commune: CommuneOut
    latitude: float | None = Field(None, description="Le lieu lui-même, sinon sa commune.")
    longitude: float | None
    url: str = Field(..., description="La page du lieu et de ses prochaines sorties.")


def _venue_out(venue) -> dict:
    return {
        "name": venue.name,
        "address": venue.address,
        "commune": commune_out(venue.commune),
        "latitude": venue.latitude,
        "longitude": venue.longitude,
        "url": absolute(venue.get_absolute_url()),
    }


class DateOut(Schema):
    start: datetime
    end: datetime = Field(..., description="Égale au début pour une date sans durée.")
    all_day: bool


class OccurrenceOut(DateOut):
    """One date of an event: a weekly market is one line per week, as on the site."""

    event_id: int
    title: str
    category: CategoryCode
    category_label: str
    status: StatusCode
    is_free: bool
    price: str = Field(..., description="Les tarifs, comme l'organisateur les écrit.")
    venue: VenueOut
    url: str = Field(..., description="La page de la sortie sur le site.")

    @staticmethod
    def resolve_title(occurrence) -> str:
        return occurrence.event.title

    @staticmethod
    def resolve_category(occurrence) -> str:
        return occurrence.event.category

    @staticmethod
    def resolve_category_label(occurrence) -> str:
        return str(occurrence.event.get_category_display())

    @staticmethod
    def resolve_status(occurrence) -> str:
        return occurrence.event.status

    @staticmethod
    def resolve_is_free(occurrence) -> bool:
        return occurrence.event.is_free

    @staticmethod
    def resolve_price(occurrence) -> str:
        return occurrence.event.price

    @staticmethod
    def resolve_venue(occurrence) -> dict:
        return _venue_out(occurrence.event.venue)

    @staticmethod
    def resolve_url(occurrence) -> str:
        return absolute(occurrence.event.get_absolute_url())


class EventSearchIn(Schema):
    quand: Literal["aujourdhui", "ce-week-end", "semaine-prochaine"] | None = Field(
        None, description="Sans `quand` ni dates : les 60 prochains jours."
    )
    du: date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY, description="Premier jour.")
    au: date | None = Field(
        None, ge=FIRST_DAY, le=LAST_DAY, description="Dernier jour (un an après `du` au plus)."
    )
    commune: str = Field("", max_length=120, description="« Saint-Lô (50000) », « 50000 ».")
    rayon: int | None = Field(
        None, ge=0, le=50, description="Autour de la commune, en km : 10, 20, 30 ou 50."
    )
    categorie: CategoryCode | None = None
    style: StyleCode | None = Field(None, description="Le style, pour les concerts seulement.")
    gratuit: bool = False
    enfants: bool = Field(False, description="Pour les enfants.")


class OccurrencePagination(CursorPagination):
    """The page's dates alone first, then their events, venues and communes by id: joined
    before the limit, a busy weekend read every date of it (docs/performance.md)."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(
            queryset.select_related(None), pagination, request, **params
        )
        prefetch_related_objects(page["results"], "event__venue__commune")
        return page


@router.get(
    "",
    response={200: list[OccurrenceOut], **COMMON_ERRORS},
    summary="Chercher des sorties",
)
@paginate(OccurrencePagination, ordering=("start", "pk"))
def occurrence_list(request, filters: Query[EventSearchIn]):
    """The published dates of the site's search, soonest first: those that overlap the
    window (today, this weekend, next week, `du`–`au`), within `rayon` km of the commune."""
    values = filters.dict()
    form_class = SearchForm
    if values["style"]:
        if values["categorie"] not in (None, Category.CONCERT):
            raise ApiError(
                422, "invalid_input", _("Le style ne s'applique qu'aux concerts."), errors=[]
            )
        form_class = ConcertSearchForm  # « Les concerts »: the category fixed, by style
        values.pop("categorie")
    else:
        values.pop("style")
    form, window, found = search_criteria(
        form_data(values), now=timezone.now(), form_class=form_class
    )
    if form.is_bound and not form.is_valid():
        raise form_invalid(form)
    return selectors.occurrences_between(start=window.start, end=window.end, **found)


class EventDetailOut(Schema):
    id: int
    title: str
    category: CategoryCode
    category_label: str
    description: str = Field(..., description="Texte brut ; les sauts de ligne comptent.")
    performers: list[str]
    music_style: StyleCode | Literal[""]
    status: StatusCode
    status_label: str
    previous_starts_at: datetime | None = Field(None, description="Pour une sortie reportée.")
    is_free: bool
    price: str
    age: str
    for_children: bool
    accessibility: str
    ticket_url: str
    next_dates: list[DateOut] = Field(..., description="Les dix prochaines dates.")
    venue: VenueOut
    image: SizedImageOut | None
    published: bool = Field(
        ..., description="Faux pour une sortie en attente, que seul son organisateur voit."
    )
    url: str
    ical_url: str = Field(..., description="La sortie en iCalendar, à ajouter à un agenda.")


def _image(event) -> dict | None:
    if not event.image:
        return None
    width = height = None
    try:
        from PIL import Image

        with event.image.open("rb") as handle, Image.open(handle) as picture:
            width, height = picture.size  # the header only
    except Exception:  # noqa: BLE001 (a missing or unreadable file still has its address)
        logger.warning("Event %s: image size unreadable", event.pk, exc_info=True)
    return {"url": absolute(event.image.url), "width": width, "height": height}


@router.get(
    "/{int:event_id}",
    response={200: EventDetailOut, 401: ErrorOut, 404: ErrorOut, **COMMON_ERRORS},
    summary="Une sortie",
)
def event_detail(request, event_id: int):
    """A published event; its organiser also sees it while it waits for a moderator."""
    event = Event.objects.select_related("venue__commune").filter(pk=event_id).first()
    if event is None or not event.visible_to(reader(request)):
        raise not_found(_("Cette sortie n'existe pas ou n'est pas publiée."))
    return _event_out(event)


def _event_out(event: Event) -> dict:
    return {
        "id": event.pk,
        "title": event.title,
        "category": event.category,
        "category_label": str(event.get_category_display()),
        "description": event.description,
        "performers": event.performer_names,
        "music_style": event.music_style,
        "status": event.status,
        "status_label": str(event.get_status_display()),
        "previous_starts_at": event.previous_starts_at,
        "is_free": event.is_free,
        "price": event.price,
        "age": event.age,
        "for_children": event.for_children,
        "accessibility": event.accessibility,
        "ticket_url": event.ticket_url,
        "next_dates": selectors.event_next_dates(event=event, now=timezone.now()),
        "venue": _venue_out(event.venue),
        "image": _image(event),
        "published": event.is_published,
        "url": absolute(event.get_absolute_url()),
        "ical_url": absolute(
            reverse("agenda:event_ics", kwargs={"pk": event.pk, "slug": event.slug})
        ),
    }


# --- proposing an event ---------------------------------------------------------------------


class _NoBotTrap(BotTrapMixin):
    def clean(self):
        # The app's reader signed in with their device's token: no form was shown to time.
        return super(BotTrapMixin, self).clean()


class ApiEventForm(EventForm, _NoBotTrap):
    """The site's proposal form, its robots' trap aside."""


class EventIn(Schema):
    """The site's proposal form, field for field; the image is added on the site for now."""

    title: str = Field(..., min_length=1, max_length=120)
    category: CategoryCode
    description: str = Field(..., min_length=1, max_length=5000)
    performers: str = Field("", max_length=300, description="Séparés par des virgules.")
    music_style: StyleCode | None = Field(None, description="Pour un concert.")
    venue_name: str = Field(..., min_length=1, max_length=120)
    venue_address: str = Field("", max_length=200)
    commune: str = COMMUNE_TEXT
    day: date = Field(..., ge=FIRST_DAY, le=LAST_DAY, description="Dans les 18 mois qui viennent.")
    start_time: str | None = Field(
        None, pattern=r"^\d{2}:\d{2}$", description="« 20:30 » ; sans heure : toute la journée."
    )
    end_time: str | None = Field(None, pattern=r"^\d{2}:\d{2}$")
    repeat: Literal["hebdo", "mensuel"] | None = Field(
        None, description="Chaque semaine, ou chaque mois le même jour de la semaine."
    )
    repeat_until: date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY)
    is_free: bool = False
    price: str = Field("", max_length=120, description="Obligatoire sauf si c'est gratuit.")
    age: str = Field("", max_length=60)
    for_children: bool = False
    accessibility: str = Field("", max_length=200)
    ticket_url: str = Field("", max_length=300)


@router.post(
    "",
    response={201: EventDetailOut, **AUTH_ERRORS},
    auth=READER,
    summary="Proposer une sortie",
)
def event_post(request, payload: EventIn):
    """The organiser's proposal waits for a moderator, as from the site's form (20 a day at
    most); `published` is false until then, and only its organiser sees it."""
    user = request.user
    confirmed_reader(user)
    values = payload.dict()
    values["commune_text"] = values.pop("commune")
    today = timezone.now().astimezone(PARIS).date()
    form = ApiEventForm(form_data(values), today=today)
    if not form.is_valid():
        raise form_invalid(form, names={"commune_text": "commune"})
    if not submission_allowed(request):
        raise ApiError(
            429,
            "daily_limit_reached",
            SUBMISSIONS_REFUSAL,
            headers={"Retry-After": "86400"},
        )
    try:
        with transaction.atomic():
            place = services.venue_find_or_create(
                name=form.cleaned_data["venue_name"],
                address=form.cleaned_data.get("venue_address", ""),
                commune=form.commune,
            )
            made = services.event_create(organiser=user, venue=place, **form.event_fields())
    except (services.AgendaError, PhotoError) as error:
        raise ApiError(422, "event_refused", error.message) from error
    made = Event.objects.select_related("venue__commune").get(pk=made.pk)
    return Status(201, _event_out(made))
