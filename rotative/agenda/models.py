"""L'agenda des sorties: venues, events and their dated occurrences.

Plain models, because organisers submit events in volume. An event says when it happens once
(`starts_at`, in Paris time) and how it repeats (an RFC 5545 RRULE, plus extra dates); its
`EventOccurrence` rows are those dates materialised by `recurrence.occurrences_expand`, so
that « ce week-end à moins de 30 km » is one indexed range query, never a rule expanded per
request. The occurrences copy what the reader filters on (category, free, children,
position, visibility): the search reads no join to filter.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    CONCERT = "concert", _("Concert")
    SPECTACLE = "spectacle", _("Spectacle")
    THEATRE = "theatre", _("Théâtre")
    EXPOSITION = "exposition", _("Exposition")
    CINEMA = "cinema", _("Cinéma")
    SPORT = "sport", _("Sport")
    FETE = "fete", _("Fête et foire")
    MARCHE = "marche", _("Marché")
    VIDE_GRENIER = "vide-grenier", _("Vide-grenier")
    CONFERENCE = "conference", _("Conférence")
    FAMILLE = "famille", _("Famille")
    AUTRE = "autre", _("Autre sortie")


class MusicStyle(models.TextChoices):
    """A concert's style, for « Les concerts » (meaningless for other categories)."""

    ROCK_POP = "rock-pop", _("Rock, pop")
    JAZZ_BLUES = "jazz-blues", _("Jazz, blues")
    CLASSIQUE = "classique", _("Classique, lyrique")
    CHANSON = "chanson", _("Chanson française")
    ELECTRO = "electro", _("Musiques électroniques")
    RAP = "rap", _("Rap, hip-hop")
    MONDE = "monde", _("Musiques du monde")
    METAL = "metal", _("Métal")
    FOLK = "folk", _("Folk, musiques traditionnelles")
    AUTRE = "autre", _("Autre style")


class Venue(models.Model):
    """A place shared by every event held there, so that its page lists what's next."""

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    commune = models.ForeignKey(
        "geo.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    # The place's own position when known, else the commune's (copied on save).
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.commune.name})"

    def get_absolute_url(self) -> str:
        return reverse("agenda:venue", kwargs={"slug": self.slug})

    def map_url(self) -> str:
        if self.latitude is None:
            return ""
        return f"https://www.openstreetmap.org/?mlat={self.latitude:.5f}&mlon={self.longitude:.5f}#map=16/{self.latitude:.5f}/{self.longitude:.5f}"


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(moderation=Event.Moderation.PUBLISHED)


class Event(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "programme", _("Programmé")
        SOLD_OUT = "complet", _("Complet")
        CANCELLED = "annule", _("Annulé")
        POSTPONED = "reporte", _("Reporté")

    class Moderation(models.TextChoices):
        PENDING = "pending", _("En attente de validation")
        PUBLISHED = "published", _("Publié")
        REFUSED = "refused", _("Refusé")

    title = models.CharField(_("titre"), max_length=120)
    slug = models.SlugField(max_length=140)
    category = models.CharField(_("catégorie"), max_length=16, choices=Category.choices)
    # Plain text: shown escaped, line breaks kept; never HTML from the organiser.
    description = models.TextField(_("description"), max_length=5000)
    venue = models.ForeignKey(
        Venue, verbose_name=_("lieu"), on_delete=models.PROTECT, related_name="events"
    )
    # Who is on stage, as the organiser writes it; names separated by commas
    # (Event.performer_names: the JSON-LD's performers, one per name).
    performers = models.CharField(_("artistes"), max_length=300, blank=True)
    # Concerts only (services clear it for any other category).
    music_style = models.CharField(
        _("style"), max_length=12, choices=MusicStyle.choices, blank=True
    )
    is_free = models.BooleanField(_("gratuit"), default=False)
    price = models.CharField(_("tarifs"), max_length=120, blank=True)
    age = models.CharField(_("âge"), max_length=60, blank=True)  # « dès 6 ans »
    for_children = models.BooleanField(_("pour les enfants"), default=False)
    accessibility = models.CharField(_("accessibilité"), max_length=200, blank=True)
    ticket_url = models.URLField(_("billetterie"), max_length=300, blank=True)
    # Re-encoded WebP (core.images_reencode): nothing of the upload is served as is.
    image = models.FileField(_("image"), upload_to="agenda/%Y/%m/", blank=True)

    # When: the first date in Paris time, how long, and how it repeats.
    starts_at = models.DateTimeField(_("début"))
    duration = models.DurationField(_("durée"), null=True, blank=True)
    all_day = models.BooleanField(_("toute la journée"), default=False)
    # RFC 5545 RRULE without its « RRULE: » prefix (« FREQ=WEEKLY;BYDAY=SA;UNTIL=20270630 »).
    recurrence = models.CharField(_("récurrence"), max_length=300, blank=True)
    # More single dates (local ISO datetimes), for an event on a few scattered days.
    extra_dates = models.JSONField(default=list, blank=True)

    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    # A postponed event with its new date keeps the first one announced (schema.org's
    # previousStartDate): « reporté » with a date is « rescheduled », without one « postponed ».
    previous_starts_at = models.DateTimeField(_("date initialement prévue"), null=True, blank=True)

    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisateur"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="agenda_events",
    )
    moderation = models.CharField(
        _("modération"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )
    refusal_reason = models.CharField(_("motif du refus"), max_length=500, blank=True)
    # First put online (by an editor, or a moderator's validation): what is new for the
    # readers' saved searches. A later change sent back to moderation keeps it.
    published_at = models.DateTimeField(_("en ligne depuis"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sortie")
        verbose_name_plural = _("sorties")
        indexes = [models.Index(fields=["moderation", "created_at"], name="agenda_event_queue")]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agenda:event", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def performer_names(self) -> list[str]:
        """« Les Vagues, Marée Basse ; DJ Galet » → the three names."""
        names = self.performers.replace(";", ",").split(",")
        return [" ".join(name.split()) for name in names if name.strip()]

    @property
    def is_published(self) -> bool:
        return self.moderation == self.Moderation.PUBLISHED

    def visible_to(self, user) -> bool:
        """Published events to everyone; the others to their organiser and moderators only."""
        if self.is_published:
            return True
        if not user.is_authenticated:
            return False
        return user.pk == self.organiser_id or user.has_perm("agenda.change_event")


class OccurrenceQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(visible=True)


class EventOccurrence(models.Model):
    """One date of an event, materialised from its dates and rule (recurrence.py)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occurrences")
    start = models.DateTimeField()
    end = models.DateTimeField()  # an occurrence without a duration ends when it starts
    all_day = models.BooleanField(default=False)
    # Copied from the event and its venue on every save (services), for the search's filters.
    visible = models.BooleanField(default=False)
    category = models.CharField(max_length=16)
    is_free = models.BooleanField(default=False)
    for_children = models.BooleanField(default=False)
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["visible", "start"], name="agenda_occ_start"),
            models.Index(fields=["visible", "category", "start"], name="agenda_occ_category"),
            models.Index(fields=["visible", "latitude", "start"], name="agenda_occ_position"),
            models.Index(fields=["event", "start"], name="agenda_occ_event"),
        ]

    def __str__(self):
        return f"{self.event_id} @ {self.start.isoformat()}"
