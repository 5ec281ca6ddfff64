"""French wording of the game's pages: kick-offs, places, grades."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rotative.pronostics.models import PARIS
from rotative.pronostics.scoring import Grade

register = template.Library()

GRADES = {
    Grade.EXACT: gettext_lazy("Score exact"),
    Grade.DIFFERENCE: gettext_lazy("Bon écart"),
    Grade.OUTCOME: gettext_lazy("Bon résultat"),
    Grade.MISS: gettext_lazy("Raté"),
}


@register.filter
def kickoff_fr(value):
    """« samedi 12 décembre à 18h00 », Paris time (the season says the year)."""
    if not value:
        return ""
    value = timezone.localtime(value, PARIS)
    day = "1er" if value.day == 1 else str(value.day)
    return f"{date_format(value, 'l')} {day} {date_format(value, 'F')} à {value:%H}h{value:%M}"


@register.filter
def number_fr(value):
    """« 40 000 »: thousands apart by a narrow no-break space, as French prints them."""
    try:
        return f"{int(value):,}".replace(",", "\u202f")
    except (TypeError, ValueError):
        return ""


@register.filter
def rank_fr(value):
    """« 1er », « 1 234e »."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return ""
    return "1er" if number == 1 else f"{number_fr(number)}e"


@register.filter
def grade_fr(value):
    if value is None:
        return ""
    return GRADES.get(Grade(value), "")


@register.filter
def player_name(value):
    """A player's display name; never their e-mail, even when they chose no name."""
    return value or _("Un joueur")
