"""The reader's search (GET, a shareable URL) and the organiser's event form."""

from datetime import date, datetime, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from rotative.agenda.models import Category, MusicStyle
from rotative.agenda.recurrence import PARIS
from rotative.core.bot_trap import BotTrapMixin
from rotative.core.images_reencode import MAX_BYTES, PhotoError, photo_process
from rotative.geo.forms import CommuneInput, commune_from_text

WHEN = [
    ("", _("Prochainement")),
    ("aujourdhui", _("Aujourd'hui")),
    ("ce-week-end", _("Ce week-end")),
    ("semaine-prochaine", _("La semaine prochaine")),
]
RADII = [
    ("", _("Dans la commune")),
    ("10", "10 km"),
    ("20", "20 km"),
    ("30", "30 km"),
    ("50", "50 km"),
]
MAX_SPAN = timedelta(days=366)
DEFAULT_SPAN = timedelta(days=60)  # « Prochainement »


# The browser's date and time pickers take ISO values only: a French « 12/06/2027 » would
# leave them empty when the form shows a saved event.
def DAY_INPUT():  # noqa: N802
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def TIME_INPUT():  # noqa: N802
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SearchForm(forms.Form):
    """Every criterion is a GET parameter: the page's address is the search, to share."""

    quand = forms.ChoiceField(label=_("Quand"), choices=WHEN, required=False)
    du = forms.DateField(label=_("Du"), required=False, widget=DAY_INPUT())
    au = forms.DateField(label=_("Au"), required=False, widget=DAY_INPUT())
    commune = forms.CharField(
        label=_("Commune"),
        required=False,
        max_length=120,
        widget=CommuneInput(attrs={"placeholder": _("Saint-Lô, 50000…")}),
    )
    rayon = forms.ChoiceField(label=_("Autour"), choices=RADII, required=False)
    categorie = forms.ChoiceField(
        label=_("Catégorie"), choices=[("", _("Toutes"))] + list(Category.choices), required=False
    )
    gratuit = forms.BooleanField(label=_("Gratuit"), required=False)
    enfants = forms.BooleanField(label=_("Pour les enfants"), required=False)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("du"), cleaned.get("au")
        if first and last and last < first:
            self.add_error("au", _("La date de fin précède la date de début."))
        elif first and last and last - first > MAX_SPAN:
            self.add_error("au", _("Choisissez une période d'un an au plus."))
        self.commune = None
        text = cleaned.get("commune")
        if text:
            try:
                self.commune = commune_from_text(text)
            except forms.ValidationError as error:
                self.add_error("commune", error)
        return cleaned

    def search_filters(self) -> dict:
        """The criteria as `selectors.occurrences_between` takes them; those the reader got
        wrong are left out (the page says which)."""
        data = getattr(self, "cleaned_data", {})
        return {
            "commune": getattr(self, "commune", None),
            "radius_km": float(data["rayon"]) if data.get("rayon") else None,
            "category": data.get("categorie") or None,
            "free_only": bool(data.get("gratuit")),
            "for_children": bool(data.get("enfants")),
        }


class ConcertSearchForm(SearchForm):
    """« Les concerts »: the agenda's search, its category fixed, by music style."""

    style = forms.ChoiceField(
        label=_("Style"), choices=[("", _("Tous"))] + list(MusicStyle.choices), required=False
    )
    field_order = ["style", "quand", "du", "au", "commune", "rayon", "gratuit", "enfants"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["categorie"]

    def search_filters(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        return {
            **super().search_filters(),
            "category": Category.CONCERT,
            "music_style": data.get("style") or None,
        }


def search_criteria(params, *, now: datetime, form_class=SearchForm):
    """The search's form, window and filters from its GET parameters (None: no search).
    The criteria that are right still apply; the form says which ones are not."""
    from rotative.agenda import selectors

    form = form_class(params)
    data = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
    when = data.get("quand") or ""
    if data.get("du") or data.get("au"):
        first = data.get("du") or now.astimezone(PARIS).date()
        last = data.get("au") or first + timedelta(days=30)
        window = selectors.dates_window(first=first, last=last)
    elif when == "aujourdhui":
        window = selectors.today_window(now=now)
    elif when == "ce-week-end":
        window = selectors.weekend_window(now=now)
    elif when == "semaine-prochaine":
        window = selectors.next_week_window(now=now)
    else:
        window = selectors.Window(now, now + DEFAULT_SPAN)
    return form, window, form.search_filters()


def image_upload_checked(upload) -> tuple[str, bytes] | None:
    """(name, bytes) of an uploaded image the services will re-encode, or the form's error.
    Checked and re-encoded now: the form says why a file is refused."""
    if not upload:
        return None
    try:
        photo_process(data=upload.file, filename=upload.name)
    except PhotoError as error:
        raise forms.ValidationError(error.message) from None
    upload.seek(0)
    return (upload.name, upload.read(MAX_BYTES + 1))


class RepeatChoice:
    NONE = ""
    WEEKLY = "hebdo"
    MONTHLY = "mensuel"


REPEATS = [
    (RepeatChoice.NONE, _("Une seule fois")),
    (RepeatChoice.WEEKLY, _("Chaque semaine, le même jour")),
    (RepeatChoice.MONTHLY, _("Chaque mois, le même jour de la semaine (1er dimanche…)")),
]
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class EventForm(BotTrapMixin, forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=120)
    category = forms.ChoiceField(label=_("Catégorie"), choices=Category.choices)
    description = forms.CharField(label=_("Description"), max_length=5000, widget=forms.Textarea)
    performers = forms.CharField(
        label=_("Artistes"),
        max_length=300,
        required=False,
        help_text=_("Groupes, musiciens ou compagnie, séparés par des virgules."),
    )
    music_style = forms.ChoiceField(
        label=_("Style (pour un concert)"),
        choices=[("", "—")] + list(MusicStyle.choices),
        required=False,
        # Not required: a fête de la musique mixes styles, and an organiser who does not
        # know is not stopped; « Les concerts » lists it under « Tous » only.
        help_text=_(
            "Les lecteurs cherchent les concerts par style. Ignoré pour les autres sorties."
        ),
    )
    venue_name = forms.CharField(label=_("Lieu"), max_length=120)
    venue_address = forms.CharField(label=_("Adresse"), max_length=200, required=False)
    commune_text = forms.CharField(
        label=_("Commune"),
        max_length=120,
        widget=CommuneInput(),
        help_text=_("Par exemple : Carantilly (50570), ou 50570."),
    )
    day = forms.DateField(label=_("Date"), widget=DAY_INPUT())
    start_time = forms.TimeField(
        label=_("Heure de début"),
        required=False,
        help_text=_("Laissez vide pour une journée entière."),
        widget=TIME_INPUT(),
    )
    end_time = forms.TimeField(label=_("Heure de fin"), required=False, widget=TIME_INPUT())
    repeat = forms.ChoiceField(label=_("Répétition"), choices=REPEATS, required=False)
    repeat_until = forms.DateField(label=_("Jusqu'au"), required=False, widget=DAY_INPUT())
    is_free = forms.BooleanField(label=_("Gratuit"), required=False)
    price = forms.CharField(label=_("Tarifs"), max_length=120, required=False)
    age = forms.CharField(label=_("Âge conseillé"), max_length=60, required=False)
    for_children = forms.BooleanField(label=_("Pour les enfants"), required=False)
    accessibility = forms.CharField(label=_("Accessibilité"), max_length=200, required=False)
    ticket_url = forms.URLField(
        label=_("Billetterie (adresse web)"), max_length=300, required=False, assume_scheme="https"
    )
    image = forms.FileField(label=_("Image (JPEG, PNG ou WebP)"), required=False)

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.commune = None
        self.image_upload = None

    def clean_commune_text(self):
        self.commune = commune_from_text(self.cleaned_data["commune_text"])
        return self.commune.label

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day < self.today:
            raise forms.ValidationError(_("Cette date est passée."))
        if day > self.today + timedelta(days=548):
            raise forms.ValidationError(_("L'agenda annonce les sorties des 18 prochains mois."))
        return day

    def clean_image(self):
        self.image_upload = image_upload_checked(self.cleaned_data.get("image"))
        return None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if end and not start:
            self.add_error("start_time", _("Indiquez l'heure de début."))
        repeats = cleaned.get("repeat") in (RepeatChoice.WEEKLY, RepeatChoice.MONTHLY)
        if repeats and not cleaned.get("repeat_until"):
            self.add_error("repeat_until", _("Indiquez jusqu'à quand la sortie se répète."))
        day, until = cleaned.get("day"), cleaned.get("repeat_until")
        if repeats and day and until and until < day:
            self.add_error("repeat_until", _("Cette date précède la première."))
        if not cleaned.get("is_free") and not cleaned.get("price"):
            self.add_error("price", _("Indiquez les tarifs, ou cochez « Gratuit »."))
        return cleaned

    def event_fields(self) -> dict:
        """What the services take, from the cleaned form."""
        data = self.cleaned_data
        day, start, end = data["day"], data.get("start_time"), data.get("end_time")
        all_day = start is None
        starts_at = datetime.combine(day, start or datetime.min.time()).replace(tzinfo=PARIS)
        duration = None
        if start and end:
            minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
            duration = timedelta(minutes=minutes if minutes > 0 else minutes + 24 * 60)
        return {
            "title": data["title"],
            "category": data["category"],
            "description": data["description"],
            "performers": data.get("performers", ""),
            "music_style": data.get("music_style", ""),
            "starts_at": starts_at,
            "duration": duration,
            "all_day": all_day,
            "recurrence": self._rule(day),
            "is_free": data.get("is_free", False),
            "price": data.get("price", ""),
            "age": data.get("age", ""),
            "for_children": data.get("for_children", False),
            "accessibility": data.get("accessibility", ""),
            "ticket_url": data.get("ticket_url", ""),
        }

    def _rule(self, day: date) -> str:
        repeat, until = self.cleaned_data.get("repeat"), self.cleaned_data.get("repeat_until")
        if not repeat or not until:
            return ""
        weekday = WEEKDAYS[day.weekday()]
        end = f"UNTIL={until:%Y%m%d}T235959"
        if repeat == RepeatChoice.WEEKLY:
            return f"FREQ=WEEKLY;BYDAY={weekday};{end}"
        nth = (day.day - 1) // 7 + 1  # the 1st, 2nd… of its weekday in the month
        return f"FREQ=MONTHLY;BYDAY={nth}{weekday};{end}"


# --- the organiser's changes (« Mes sorties ») ---------------------------------------------

KEEP_RULE = "garder"
STATUS_CHOICES = [
    ("programme", _("Programmé")),
    ("complet", _("Complet")),
    ("annule", _("Annulé")),
    ("reporte", _("Reporté (indiquez la nouvelle date ci-dessus)")),
]


class EventEditForm(EventForm):
    """The proposal form, filled with the event as it stands, plus its status: complet,
    annulé and reporté reach readers at once, any other change goes back to moderation."""

    status = forms.ChoiceField(
        label=_("Statut"),
        choices=STATUS_CHOICES,
        help_text=_("Complet, annulé ou reporté : affiché aussitôt, sans nouvelle validation."),
    )
    field_order = ["status"]  # first: the change that cannot wait

    def __init__(self, *args, event, **kwargs):
        kwargs.setdefault("initial", event_initial(event))
        super().__init__(*args, **kwargs)
        self.event = event
        self.first_day = event.starts_at.astimezone(PARIS).date()
        repeat, _until = _rule_parts(event.recurrence)
        if repeat == KEEP_RULE:
            # A rule the moderators wrote: kept as it is unless the organiser picks another.
            self.fields["repeat"].choices = [
                (KEEP_RULE, _("Comme aujourd'hui (règle de la rédaction)")),
                *REPEATS,
            ]

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day == self.first_day:
            return day  # a recurring event begun last month keeps its first date
        return super().clean_day()

    def event_fields(self) -> dict:
        fields = super().event_fields()
        fields["status"] = self.cleaned_data["status"]
        return fields

    def _rule(self, day: date) -> str:
        if self.cleaned_data.get("repeat") == KEEP_RULE:
            return self.event.recurrence
        return super()._rule(day)


def event_initial(event) -> dict:
    """What the form shows of a saved event: its date and times in Paris, its rule as the
    form's « Répétition », its venue by name."""
    start = event.starts_at.astimezone(PARIS)
    repeat, until = _rule_parts(event.recurrence)
    end_time = None
    if not event.all_day and event.duration:
        end_time = (start + event.duration).time().replace(second=0, microsecond=0)
    return {
        "title": event.title,
        "category": event.category,
        "description": event.description,
        "venue_name": event.venue.name,
        "venue_address": event.venue.address,
        "commune_text": event.venue.commune.label,
        "day": start.date(),
        "start_time": None if event.all_day else start.time().replace(second=0, microsecond=0),
        "end_time": end_time,
        "repeat": repeat,
        "repeat_until": until,
        "is_free": event.is_free,
        "price": event.price,
        "age": event.age,
        "for_children": event.for_children,
        "accessibility": event.accessibility,
        "ticket_url": event.ticket_url,
        "status": event.status,
    }


def _rule_parts(rule: str) -> tuple[str, date | None]:
    """(« hebdo » or « mensuel », its last day) for the rules this form writes; KEEP_RULE for
    any other; ("", None) without a rule."""
    import re

    if not rule:
        return RepeatChoice.NONE, None
    found = re.fullmatch(
        r"FREQ=(WEEKLY|MONTHLY);BYDAY=(\d?)(MO|TU|WE|TH|FR|SA|SU);UNTIL=(\d{8})T235959", rule
    )
    if not found or (found[1] == "WEEKLY") == bool(found[2]):
        return KEEP_RULE, None
    until = datetime.strptime(found[4], "%Y%m%d").date()
    return (RepeatChoice.WEEKLY if found[1] == "WEEKLY" else RepeatChoice.MONTHLY), until
