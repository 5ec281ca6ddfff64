"""The readers' forms of les pronostics: a match day's scores, a private league's name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rotative.pronostics.models import MAX_GOALS, League

GOALS_ERRORS = {
    "invalid": _("Un score s'écrit en chiffres."),
    "min_value": _("Un score va de 0 à %(max)s buts.") % {"max": MAX_GOALS},
    "max_value": _("Un score va de 0 à %(max)s buts.") % {"max": MAX_GOALS},
}


def _goals_field(label):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_GOALS,
        required=False,
        error_messages=GOALS_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "prono-goals"}),
    )


class PredictionForm(forms.Form):
    """One match's score, in the match day's one form (its fields prefixed `m<match id>`).
    Both boxes empty: no prediction for this match, nothing is changed."""

    home_goals = _goals_field(_("Buts à domicile"))
    away_goals = _goals_field(_("Buts à l'extérieur"))

    def __init__(self, *args, match, **kwargs):
        self.match = match
        super().__init__(*args, prefix=f"m{match.pk}", **kwargs)
        self.fields["home_goals"].label = _("Buts de %(club)s") % {"club": match.home}
        self.fields["away_goals"].label = _("Buts de %(club)s") % {"club": match.away}

    def clean(self):
        data = super().clean()
        home, away = data.get("home_goals"), data.get("away_goals")
        if self.errors:
            return data
        if (home is None) != (away is None):
            raise forms.ValidationError(_("Indiquez le score des deux équipes."))
        return data

    @property
    def is_empty(self) -> bool:
        """Nothing typed in either box (the match is left as it was)."""
        return not any((self.data.get(self.add_prefix(name)) or "").strip() for name in self.fields)

    def score(self) -> tuple[int, int] | None:
        home, away = self.cleaned_data.get("home_goals"), self.cleaned_data.get("away_goals")
        return None if home is None else (home, away)


class LeagueForm(forms.Form):
    name = forms.CharField(
        label=_("Nom de la ligue"),
        max_length=League._meta.get_field("name").max_length,
        error_messages={
            "required": _("Donnez un nom à votre ligue."),
            "max_length": _("Le nom d'une ligue tient en %(limit_value)d caractères."),
        },
        help_text=_("Vos amis le verront en recevant le lien d'invitation."),
    )
