"""The editors' forms of les pronostics. Every save goes through the services, whose refusals
(PronosticsError) the views show as form errors; the model's check constraints are checked
here first, so that an editor reads a French sentence, never a database error."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateTimeInput

from rotative.core.slugs import slugify_fr
from rotative.geo.choosers import commune_chooser_viewset
from rotative.pronostics import services
from rotative.pronostics.models import MAX_GOALS, PARIS, Club, Competition, Match, MatchDay, Season
from rotative.pronostics.services.editing import POINTS


class ParisDateTimeField(forms.DateTimeField):
    """Kick-offs are typed and shown in Paris time, whatever time zone an editor chose in
    their admin profile (Wagtail activates it on every admin page)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", AdminDateTimeInput())
        kwargs.setdefault(
            "help_text", gettext_lazy("Heure de Paris, par exemple 12/12/2026 18:00.")
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, datetime) and timezone.is_aware(value):
            value = timezone.localtime(value, PARIS).replace(tzinfo=None)
        return super().prepare_value(value)

    def to_python(self, value):
        with timezone.override(PARIS):
            return super().to_python(value)


class CompetitionForm(WagtailAdminModelForm):
    class Meta(WagtailAdminModelForm.Meta):
        model = Competition
        fields = ["name", "points_exact", "points_difference", "points_outcome", "bonus_multiplier"]
        help_texts = {
            "points_exact": gettext_lazy("Par défaut 4."),
            "points_difference": gettext_lazy("Par défaut 3 (2-1 pronostiqué pour 3-2)."),
            "points_outcome": gettext_lazy("Par défaut 2 (le bon vainqueur, ou un nul)."),
            "bonus_multiplier": gettext_lazy(
                "Les points du match bonus de chaque journée sont multipliés par ce nombre "
                "(1 : pas de bonus)."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        # An error on a field leaves it out of the model's check constraints, whose message
        # would otherwise name the constraint.
        if cleaned.get("bonus_multiplier") == 0:
            self.add_error(
                "bonus_multiplier", _("Le match bonus multiplie les points par 1 au moins.")
            )
        exact, difference, outcome = (
            cleaned.get(key) for key in ("points_exact", "points_difference", "points_outcome")
        )
        if None not in (exact, difference, outcome) and not exact >= difference >= outcome:
            self.add_error(
                "points_difference",
                _(
                    "Le score exact rapporte au moins autant que le bon écart, et le bon écart "
                    "au moins autant que le bon résultat."
                ),
            )
        return cleaned

    def save(self, commit=True):
        rules = {key: self.cleaned_data[key] for key in POINTS}
        if self.instance.pk is None:
            self.instance = services.competition_create(name=self.cleaned_data["name"], **rules)
        else:
            self.instance = services.competition_update(
                by=self.for_user,
                competition=self.instance,
                name=self.cleaned_data["name"],
                **rules,
            )
        return self.instance


class SeasonForm(WagtailAdminModelForm):
    class Meta(WagtailAdminModelForm.Meta):
        model = Season
        fields = ["competition", "label"]
        help_texts = {"label": gettext_lazy("Par exemple 2026-2027.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Its match days and predictions belong to that competition.
            self.fields["competition"].disabled = True

    def clean(self):
        cleaned = super().clean()
        competition, label = cleaned.get("competition"), cleaned.get("label")
        if competition and label:
            slug = slugify_fr(" ".join(label.split()), max_length=40, fallback="saison")
            taken = Season.objects.filter(competition=competition, slug=slug)
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error("label", _("Cette compétition a déjà cette saison."))
        return cleaned

    def save(self, commit=True):
        if self.instance.pk is None:
            self.instance = services.season_create(
                competition=self.cleaned_data["competition"], label=self.cleaned_data["label"]
            )
        else:
            self.instance.label = " ".join(self.cleaned_data["label"].split())
            self.instance.save(update_fields=["label"])
        return self.instance


class ClubForm(WagtailAdminModelForm):
    class Meta(WagtailAdminModelForm.Meta):
        model = Club
        fields = ["name", "short_name", "commune"]
        widgets = {"commune": commune_chooser_viewset.widget_class}
        help_texts = {
            "short_name": gettext_lazy(
                "Le nom que le fichier CSV de la ligue emploie, s'il diffère (par exemple "
                "« Granville »)."
            )
        }


class MatchDayChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.season} · {obj}"


def match_days():
    return MatchDay.objects.select_related("season__competition").order_by(
        "season__competition__name", "-season__label", "number"
    )


class MatchDayForm(WagtailAdminModelForm):
    class Meta(WagtailAdminModelForm.Meta):
        model = MatchDay
        fields = ["season", "number", "label", "bonus_match"]
        help_texts = {
            "label": gettext_lazy("Vide : « 12e journée »."),
            "bonus_match": gettext_lazy(
                "Ses points sont multipliés (voir la compétition). Il se choisit avant le "
                "premier coup d'envoi de la journée et ne change plus ensuite."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The form's cleaning copies its values onto the instance: what is saved is known now.
        self.bonus_before = self.instance.bonus_match_id
        if self.instance.pk:
            for name in ("season", "number"):
                self.fields[name].disabled = True
            self.fields["bonus_match"].queryset = self.instance.matches.select_related(
                "home", "away"
            )
        else:
            del self.fields["bonus_match"]  # no match yet

    def clean(self):
        cleaned = super().clean()
        season, number = cleaned.get("season"), cleaned.get("number")
        if self.instance.pk is None and season and number is not None:
            if number < 1:
                self.add_error("number", _("Les journées se numérotent à partir de 1."))
            elif MatchDay.objects.filter(season=season, number=number).exists():
                self.add_error("number", _("Cette saison a déjà une journée de ce numéro."))
        return cleaned

    def save(self, commit=True):
        data = self.cleaned_data
        if self.instance.pk is None:
            self.instance = services.match_day_get_or_create(
                season=data["season"], number=data["number"], label=data.get("label") or ""
            )
            return self.instance
        day = services.match_day_update(
            by=self.for_user, match_day=self.instance, label=data.get("label") or ""
        )
        chosen = data.get("bonus_match")
        if (chosen.pk if chosen else None) != self.bonus_before:
            day = services.match_day_bonus_set(by=self.for_user, match_day=day, match=chosen)
        self.instance = day
        return day


class MatchForm(WagtailAdminModelForm):
    match_day = MatchDayChoiceField(queryset=match_days(), label=gettext_lazy("Journée"))
    kickoff = ParisDateTimeField(label=gettext_lazy("Coup d'envoi"))

    class Meta(WagtailAdminModelForm.Meta):
        model = Match
        fields = ["match_day", "home", "away", "kickoff", "venue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["match_day"].queryset = match_days()
        if self.instance.pk:
            self.fields["match_day"].disabled = True

    def clean(self):
        cleaned = super().clean()
        home, away = cleaned.get("home"), cleaned.get("away")
        if home and away and home == away:
            self.add_error("away", _("Un club ne peut pas jouer contre lui-même."))
        return cleaned

    def save(self, commit=True):
        data = self.cleaned_data
        values = {
            "home": data["home"],
            "away": data["away"],
            "kickoff": data["kickoff"],
            "venue": data.get("venue") or "",
        }
        if self.instance.pk is None:
            self.instance = services.match_create(match_day=data["match_day"], **values)
        else:
            self.instance = services.match_update(by=self.for_user, match=self.instance, **values)
        return self.instance


class ResultForm(forms.Form):
    home_score = forms.IntegerField(
        label=gettext_lazy("Buts à domicile"), min_value=0, max_value=MAX_GOALS
    )
    away_score = forms.IntegerField(
        label=gettext_lazy("Buts à l'extérieur"), min_value=0, max_value=MAX_GOALS
    )


class PostponeForm(forms.Form):
    new_kickoff = ParisDateTimeField(
        label=gettext_lazy("Nouveau coup d'envoi"),
        required=False,
        help_text=gettext_lazy(
            "Heure de Paris. Vide : le match est « reporté » sans date, les pronostics "
            "attendent la nouvelle."
        ),
    )

    def clean_new_kickoff(self):
        moment = self.cleaned_data.get("new_kickoff")
        if moment and moment <= timezone.now():
            raise forms.ValidationError(
                _("Le nouveau coup d'envoi doit être à venir : les lecteurs pronostiquent avant.")
            )
        return moment


CSV_MAX_BYTES = 1_000_000  # a season of a big league is 380 lines of ~80 bytes


class ImportForm(forms.Form):
    season = forms.ModelChoiceField(
        queryset=Season.objects.select_related("competition"), label=gettext_lazy("Saison")
    )
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV"),
        help_text=gettext_lazy("Encodé en UTF-8, 1 Mo au plus."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > CSV_MAX_BYTES:
            raise forms.ValidationError(
                _("Ce fichier est trop gros (1 Mo au plus) : coupez-le en plusieurs.")
            )
        data = upload.read(CSV_MAX_BYTES + 1)
        try:
            # utf-8-sig: a spreadsheet's « CSV UTF-8 » starts with a byte order mark.
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _(
                    "Ce fichier n'est pas en UTF-8 : dans le tableur, enregistrez-le au format "
                    "« CSV UTF-8 »."
                )
            ) from None
        if not text.strip():
            raise forms.ValidationError(_("Ce fichier est vide."))
        return text
