"""A reader's prediction of a match's score, open until kick-off by the server's clock."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rotative.pronostics.models import Match, Prediction
from rotative.pronostics.services.errors import PronosticsError
from rotative.pronostics.services.fixtures import goals_check


@transaction.atomic
def prediction_save(
    *, user, match: Match, home_goals: int, away_goals: int, now=None
) -> Prediction:
    """Create or change the reader's prediction. The match is read again under a lock, so
    neither a stale object nor a client's clock can open a match that has kicked off."""
    goals_check(home_goals, away_goals)
    now = now or timezone.now()
    match = Match.objects.select_for_update().get(pk=match.pk)
    if match.status == Match.Status.CANCELLED:
        raise PronosticsError(_("Ce match est annulé : il ne se pronostique plus."))
    if match.status == Match.Status.POSTPONED:
        raise PronosticsError(
            _(
                "Ce match est reporté : les pronostics rouvriront quand sa nouvelle date "
                "sera connue."
            )
        )
    if match.status != Match.Status.SCHEDULED or now >= match.kickoff:
        raise PronosticsError(
            _("Le coup d'envoi est passé : ce pronostic ne peut plus être modifié.")
        )
    prediction, created = Prediction.objects.select_for_update().get_or_create(
        user=user,
        match=match,
        defaults={
            "home_goals": home_goals,
            "away_goals": away_goals,
            "created_at": now,
            "updated_at": now,
        },
    )
    if not created and (prediction.home_goals, prediction.away_goals) != (home_goals, away_goals):
        prediction.home_goals, prediction.away_goals = home_goals, away_goals
        prediction.updated_at = now
        prediction.save(update_fields=["home_goals", "away_goals", "updated_at"])
    return prediction
