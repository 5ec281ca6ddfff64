"""Writes of the agenda: venues, events, their moderation, and their materialised dates.

Every write that changes an event's dates, place or visibility rewrites its occurrences in
the same transaction: the search never sees an event whose rows say otherwise.
"""

from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rotative.agenda.models import Category, Event, EventOccurrence, Venue
from rotative.agenda.recurrence import (
    HORIZON,
    occurrences_expand,
    rule_check,
    rule_continues_after,
)
from rotative.core.images_reencode import photo_process
from rotative.core.slugs import slugify_fr

EVENT_FIELDS = {
    "title",
    "category",
    "description",
    "venue",
    "performers",
    "music_style",
    "is_free",
    "price",
    "age",
    "for_children",
    "accessibility",
    "ticket_url",
    "starts_at",
    "duration",
    "all_day",
    "recurrence",
    "extra_dates",
    "status",
    "previous_starts_at",
}


class AgendaError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def venue_create(
    *,
    name: str,
    commune,
    address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
) -> Venue:
    name = " ".join(name.split())
    base = slugify_fr(f"{name} {commune.name}", max_length=120, fallback="lieu")
    slug, n = base, 1
    while Venue.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    if latitude is None or longitude is None:
        latitude, longitude = commune.latitude, commune.longitude
    return Venue.objects.create(
        name=name,
        slug=slug,
        commune=commune,
        address=" ".join(address.split()),
        latitude=latitude,
        longitude=longitude,
    )


@transaction.atomic
def venue_find_or_create(*, name: str, commune, address: str = "") -> Venue:
    """The organiser's venue: the one of that name in that commune, else a new one."""
    name = " ".join(name.split())
    found = Venue.objects.filter(commune=commune, name__iexact=name).order_by("pk").first()
    return found or venue_create(name=name, commune=commune, address=address)


@transaction.atomic
def event_create(*, organiser=None, image: tuple[str, bytes] | None = None, **fields) -> Event:
    """An organiser's event waits for a moderator; an editor's (organiser=None) is published."""
    event = Event(organiser=organiser)
    _apply(event, fields)
    event.moderation = Event.Moderation.PENDING if organiser else Event.Moderation.PUBLISHED
    first_online = _mark_published(event)
    _save_with_dates(event, image=image)
    if first_online:
        _announce(event)
    return event


# What an organiser may change without a moderator: the public must learn at once that an
# event is full, cancelled or postponed (a postponement moves its date, nothing else).
STATUS_FIELDS = {"status", "previous_starts_at"}


@transaction.atomic
def event_update(*, event: Event, by, image: tuple[str, bytes] | None = None, **fields) -> Event:
    """A change by its organiser sends a published event back to moderation, unless only its
    status changed (complet, annulé, reporté with its new date)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    is_moderator = by.has_perm("agenda.change_event")
    if not is_moderator and by.pk != event.organiser_id:
        raise AgendaError(_("Cette sortie n'est pas la vôtre."))
    changed = event_changed_fields(event=event, fields=fields)
    postponed = fields.get("status", event.status) == Event.Status.POSTPONED
    if postponed and "starts_at" in changed and event.previous_starts_at is None:
        # The first date announced, for schema.org's previousStartDate and the event's page.
        fields = {**fields, "previous_starts_at": event.starts_at}
    status_only = not image and changed <= (STATUS_FIELDS | ({"starts_at"} if postponed else set()))
    _apply(event, fields)
    if not is_moderator and not status_only:
        event.moderation = Event.Moderation.PENDING
    _save_with_dates(event, image=image)
    return event


def event_changed_fields(*, event: Event, fields: dict) -> set[str]:
    """The names of `fields` whose value differs from the event's (a venue by its id)."""
    changed = set()
    for name, value in fields.items():
        current = getattr(event, name)
        if name == "venue":
            current, value = event.venue_id, getattr(value, "pk", value)
        elif isinstance(current, str) and isinstance(value, str):
            current, value = " ".join(current.split()), " ".join(value.split())
        if current != value:
            changed.add(name)
    return changed


@transaction.atomic
def event_delete(*, event: Event, by) -> None:
    """Its organiser (or a moderator) removes the event, its dates and its image."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if by.pk != event.organiser_id and not by.has_perm("agenda.delete_event"):
        raise AgendaError(_("Cette sortie n'est pas la vôtre."))
    image = event.image.name if event.image else ""
    storage = event.image.storage
    event.delete()
    if image:
        transaction.on_commit(lambda: storage.delete(image))


@transaction.atomic
def venue_update(
    *,
    venue: Venue,
    name: str,
    commune,
    address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
) -> Venue:
    """A venue corrected in the admin; its events' dates move with it (the search reads the
    position copied on each date)."""
    venue = Venue.objects.select_for_update().get(pk=venue.pk)
    if latitude is None or longitude is None:
        latitude, longitude = commune.latitude, commune.longitude
    venue.name = " ".join(name.split())
    venue.address = " ".join(address.split())
    venue.commune = commune
    venue.latitude, venue.longitude = latitude, longitude
    venue.save()
    EventOccurrence.objects.filter(event__venue=venue).update(
        latitude=latitude, longitude=longitude
    )
    return venue


def _save_with_dates(event: Event, *, image: tuple[str, bytes] | None) -> None:
    """The event, its new image if one came, and its dates made again from its rule."""
    event.save()
    if image:
        _image_store(event, image)
    occurrences_regenerate(event=event)


@transaction.atomic
def event_moderate(*, moderator, event: Event, publish: bool, reason: str = "") -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    first_online = False
    if publish:
        event.moderation = Event.Moderation.PUBLISHED
        event.refusal_reason = ""
        first_online = _mark_published(event)
    else:
        reason = " ".join((reason or "").split())
        if not reason:
            raise AgendaError(_("Indiquez le motif du refus : l'organisateur le recevra."))
        event.moderation = Event.Moderation.REFUSED
        event.refusal_reason = reason[:500]
    event.save(update_fields=["moderation", "refusal_reason", "published_at", "updated_at"])
    event.occurrences.update(visible=event.is_published)
    if first_online:
        _announce(event)
    if event.organiser_id:
        from rotative.agenda.tasks import notify_moderation

        # After the commit, and robust: a mail that fails never undoes the decision.
        transaction.on_commit(lambda: notify_moderation.enqueue(event.pk), robust=True)
    return event


def _mark_published(event: Event) -> bool:
    """True the first time the event goes online."""
    if event.moderation != Event.Moderation.PUBLISHED or event.published_at is not None:
        return False
    event.published_at = timezone.now()
    return True


def _announce(event: Event) -> None:
    """The readers whose saved searches it matches are told, once it is committed."""
    from rotative.agenda.saved_searches import KIND
    from rotative.alerts.tasks import alert_new_item

    pk = event.pk
    transaction.on_commit(lambda: alert_new_item.enqueue(KIND, pk))


@transaction.atomic
def occurrences_regenerate(*, event: Event, now: datetime | None = None) -> int:
    """Rewrite the event's dates from its rule, with the filters copied on each row."""
    found = occurrences_expand(
        starts_at=event.starts_at,
        duration=event.duration,
        all_day=event.all_day,
        recurrence=event.recurrence,
        extra_dates=event.extra_dates,
        now=now or timezone.now(),
    )
    venue = event.venue
    event.occurrences.all().delete()
    EventOccurrence.objects.bulk_create(
        EventOccurrence(
            event=event,
            start=item.start,
            end=item.end,
            all_day=item.all_day,
            visible=event.is_published,
            category=event.category,
            is_free=event.is_free,
            for_children=event.for_children,
            latitude=venue.latitude,
            longitude=venue.longitude,
        )
        for item in found
    )
    return len(found)


def occurrences_extend(*, now: datetime | None = None) -> int:
    """Nightly: the recurring events whose materialised dates end before the horizon while
    their rule goes on get their dates rewritten, so that « every Saturday » never runs out.
    Each event in its own transaction; returns how many were extended."""
    now = now or timezone.now()
    due_before = now + HORIZON - timedelta(days=7)
    events = (
        Event.objects.exclude(recurrence="")
        .exclude(moderation=Event.Moderation.REFUSED)
        .annotate(last=Max("occurrences__start"))
        .filter(Q(last__lt=due_before) | Q(last__isnull=True))
        .select_related("venue")
    )
    extended = 0
    for event in events.iterator(chunk_size=500):
        if event.last is None or rule_continues_after(
            starts_at=event.starts_at, recurrence=event.recurrence, last=event.last
        ):
            occurrences_regenerate(event=event, now=now)
            extended += 1
    return extended


def _apply(event: Event, fields: dict) -> None:
    unknown = set(fields) - EVENT_FIELDS
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(event, name, value)
    event.title = " ".join(event.title.split())
    event.slug = slugify_fr(event.title, max_length=120, fallback="sortie")
    try:
        event.recurrence = rule_check(event.recurrence)
    except ValueError as error:
        raise AgendaError(str(error)) from None
    event.performers = " ".join(event.performers.split())
    if event.category != Category.CONCERT:
        event.music_style = ""  # a style says nothing of a play or a fair
    if event.is_free:
        event.price = ""
    if event.all_day and event.duration is not None and event.duration < timedelta(days=1):
        event.duration = None


def _image_store(event: Event, image: tuple[str, bytes]) -> None:
    filename, data = image
    processed = photo_process(data=data, filename=filename)  # PhotoError: the form says why
    if event.image:
        event.image.delete(save=False)
    event.image.save(f"{event.slug}.webp", ContentFile(processed.gallery), save=False)
    event.save(update_fields=["image"])
