"""The reader's search (GET, a shareable URL) and the organiser's event form."""

from datetime import date, datetime, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from rotative.agenda.models import Category, MusicStyle
from rotative.agenda.recurrence import PARIS
from rotative.core.bot_trap import BotTrapMixin
from rotative.core.images_reencode import MAX_BYTES, PhotoError, photo_process
from rotative.geo.forms import commune_from_text

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


class SearchForm(forms.Form):
    """Every criterion is a GET parameter: the page's address is the search, to share."""

    quand = forms.ChoiceField(label=_("Quand"), choices=WHEN, required=False)
    du = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    au = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    commune = forms.CharField(
        label=_("Commune"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": _("Saint-Lô, 50000…")}),
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
    commune_text = forms.CharField(label=_("Commune"), max_length=120)
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Heure de début"),
        required=False,
        help_text=_("Laissez vide pour une journée entière."),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    end_time = forms.TimeField(
        label=_("Heure de fin"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    repeat = forms.ChoiceField(label=_("Répétition"), choices=REPEATS, required=False)
    repeat_until = forms.DateField(
        label=_("Jusqu'au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
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
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        try:
            # Checked and re-encoded now: the form says why a file is refused.
            photo_process(data=upload.file, filename=upload.name)
        except PhotoError as error:
            raise forms.ValidationError(error.message) from None
        upload.seek(0)
        self.image_upload = (upload.name, upload.read(MAX_BYTES + 1))
        return None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if end and not start:
            self.add_error("start_time", _("Indiquez l'heure de début."))
        if cleaned.get("repeat") and not cleaned.get("repeat_until"):
            self.add_error("repeat_until", _("Indiquez jusqu'à quand la sortie se répète."))
        day, until = cleaned.get("day"), cleaned.get("repeat_until")
        if day and until and until < day:
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
