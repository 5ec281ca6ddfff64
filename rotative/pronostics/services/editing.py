"""The editors' changes to what they created in the admin: a competition's name and points,
a match's clubs, kick-off and venue, a match day's name. Each refuses what would make the
predictions already made or scored say something else than what readers saw."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rotative.pronostics.models import Club, Competition, Match, MatchDay, Prediction
from rotative.pronostics.scoring import Rules
from rotative.pronostics.services.errors import PronosticsError

POINTS = ("points_exact", "points_difference", "points_outcome", "bonus_multiplier")


def _check_perm(by, permission: str) -> None:
    if by is not None and not by.has_perm(permission):
        raise PronosticsError(_("Seule la rédaction peut modifier les pronostics."))


def points_check(**rules: int) -> None:
    """The French sentence for scoring.Rules' refusal (the model's check constraint)."""
    try:
        Rules(
            exact=rules["points_exact"],
            difference=rules["points_difference"],
            outcome=rules["points_outcome"],
            bonus_multiplier=rules["bonus_multiplier"],
        )
    except ValueError:
        raise PronosticsError(
            _(
                "Le score exact rapporte au moins autant que le bon écart, le bon écart au "
                "moins autant que le bon résultat, et le match bonus multiplie par 1 au moins."
            )
        ) from None


@transaction.atomic
def competition_update(*, by, competition: Competition, name: str, **rules: int) -> Competition:
    """Points change only while no prediction of the competition is scored: a table would
    otherwise add points counted by two different rules."""
    _check_perm(by, "pronostics.change_competition")
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    points_check(**rules)
    changed = any(getattr(competition, key) != rules[key] for key in POINTS)
    if (
        changed
        and Prediction.objects.filter(
            match__match_day__season__competition=competition, points__isnull=False
        ).exists()
    ):
        raise PronosticsError(
            _(
                "Des pronostics de cette compétition ont déjà été comptés : ses points ne "
                "peuvent plus changer (créez une nouvelle compétition pour la saison prochaine)."
            )
        )
    competition.name = " ".join(name.split())
    for key in POINTS:
        setattr(competition, key, rules[key])
    competition.save()
    return competition


@transaction.atomic
def match_update(
    *, by, match: Match, home: Club, away: Club, kickoff: datetime, venue: str, now=None
) -> Match:
    """A typo corrected before kick-off. Once the match has started (or is postponed or
    cancelled), its date moves only through « Reporter », and its clubs never change once a
    reader has predicted it."""
    _check_perm(by, "pronostics.change_match")
    if timezone.is_naive(kickoff):
        raise ValueError("Kick-offs are aware datetimes (Europe/Paris when entered).")
    now = now or timezone.now()
    match = Match.objects.select_for_update().get(pk=match.pk)
    if home.pk == away.pk:
        raise PronosticsError(_("Un club ne peut pas jouer contre lui-même."))
    if (home.pk, away.pk) != (match.home_id, match.away_id):
        if match.predictions.exists():
            raise PronosticsError(
                _("Des lecteurs ont déjà pronostiqué ce match : ses clubs ne peuvent plus changer.")
            )
        busy = Match.objects.filter(match_day=match.match_day_id).exclude(pk=match.pk).filter(
            home__in=[home, away]
        ) | Match.objects.filter(match_day=match.match_day_id).exclude(pk=match.pk).filter(
            away__in=[home, away]
        )
        if busy.exists():
            raise PronosticsError(_("Un de ces clubs joue déjà lors de cette journée."))
    if kickoff != match.kickoff:
        if match.status != Match.Status.SCHEDULED or match.has_started(now):
            raise PronosticsError(
                _(
                    "Ce match a commencé, ou il est reporté ou annulé : changez sa date avec "
                    "« Reporter »."
                )
            )
        if kickoff <= now:
            raise PronosticsError(
                _(
                    "Le nouveau coup d'envoi est passé : les lecteurs n'auraient pas pu "
                    "pronostiquer."
                )
            )
    match.home, match.away = home, away
    match.kickoff, match.venue = kickoff, " ".join(venue.split())
    match.save()
    return match


@transaction.atomic
def match_day_update(*, by, match_day: MatchDay, label: str) -> MatchDay:
    _check_perm(by, "pronostics.change_matchday")
    match_day.label = " ".join(label.split()) or _("%(number)se journée") % {
        "number": match_day.number
    }
    match_day.save(update_fields=["label"])
    return match_day
