"""A reader predicts until kick-off by the server's clock; others' predictions stay hidden
until then."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from rotative.pronostics import selectors, services
from rotative.pronostics.models import Prediction
from rotative.pronostics.services import PronosticsError
from rotative.pronostics.tests.factories import match, paris

pytestmark = pytest.mark.django_db

KICKOFF = paris(2026, 12, 12, 18, 0)
LOCKED = "Le coup d'envoi est passé : ce pronostic ne peut plus être modifié."


def test_a_reader_predicts_and_changes_their_mind_until_one_second_before_kickoff(readers):
    anne = readers[0]
    game = match(kickoff=KICKOFF)
    with time_machine.travel(KICKOFF - timedelta(days=2), tick=False):
        services.prediction_save(user=anne, match=game, home_goals=1, away_goals=1)
    with time_machine.travel(KICKOFF - timedelta(seconds=1), tick=False):
        services.prediction_save(user=anne, match=game, home_goals=2, away_goals=1)
    prediction = Prediction.objects.get(user=anne, match=game)
    assert (prediction.home_goals, prediction.away_goals) == (2, 1)
    assert prediction.created_at == KICKOFF - timedelta(days=2)
    assert prediction.updated_at == KICKOFF - timedelta(seconds=1)


@pytest.mark.parametrize("after", [timedelta(0), timedelta(minutes=50)])
def test_at_and_after_kickoff_the_server_refuses_whatever_the_client_says(readers, after):
    anne = readers[0]
    game = match(kickoff=KICKOFF)
    with time_machine.travel(KICKOFF - timedelta(hours=1), tick=False):
        services.prediction_save(user=anne, match=game, home_goals=0, away_goals=0)
    with time_machine.travel(KICKOFF + after, tick=False):
        with pytest.raises(PronosticsError) as refused:
            services.prediction_save(user=anne, match=game, home_goals=3, away_goals=0)
        with pytest.raises(PronosticsError):
            services.prediction_save(user=readers[1], match=game, home_goals=1, away_goals=0)
    assert refused.value.message == LOCKED
    assert Prediction.objects.get(user=anne).home_goals == 0
    assert not Prediction.objects.filter(user=readers[1]).exists()


def test_a_stale_match_object_does_not_reopen_a_match_moved_earlier(readers, editor):
    game = match(kickoff=KICKOFF)
    services.match_postpone(by=editor, match=game, new_kickoff=KICKOFF - timedelta(days=1))
    # `game` still says the old kick-off; the service reads the match again.
    with (
        time_machine.travel(KICKOFF - timedelta(hours=12), tick=False),
        pytest.raises(PronosticsError, match="coup d'envoi est passé"),
    ):
        services.prediction_save(user=readers[0], match=game, home_goals=1, away_goals=0)


@pytest.mark.parametrize("goals", [-1, 100, "2", None, True])
def test_a_score_is_a_number_of_goals_from_0_to_99(readers, goals):
    game = match(kickoff=KICKOFF)
    with (
        time_machine.travel(KICKOFF - timedelta(days=1), tick=False),
        pytest.raises(PronosticsError, match="Un score va de 0 à 99 buts."),
    ):
        services.prediction_save(user=readers[0], match=game, home_goals=goals, away_goals=0)


def test_a_postponed_match_waits_for_its_new_date_then_opens_again(readers, editor):
    game = match(kickoff=KICKOFF)
    services.match_postpone(by=editor, match=game, new_kickoff=None)
    with (
        time_machine.travel(KICKOFF - timedelta(days=1), tick=False),
        pytest.raises(PronosticsError, match="Ce match est reporté"),
    ):
        services.prediction_save(user=readers[0], match=game, home_goals=1, away_goals=0)
    new_date = KICKOFF + timedelta(days=10)
    game = services.match_postpone(by=editor, match=game, new_kickoff=new_date)
    assert (game.status, game.kickoff, game.postponed_from) == ("programme", new_date, KICKOFF)
    with time_machine.travel(KICKOFF + timedelta(days=1), tick=False):
        services.prediction_save(user=readers[0], match=game, home_goals=1, away_goals=0)
    assert Prediction.objects.filter(match=game).count() == 1


def test_others_predictions_are_hidden_until_kickoff(readers):
    anne, bruno = readers[:2]
    game = match(kickoff=KICKOFF)
    with time_machine.travel(KICKOFF - timedelta(days=1), tick=False):
        services.prediction_save(user=anne, match=game, home_goals=2, away_goals=0)
        services.prediction_save(user=bruno, match=game, home_goals=0, away_goals=1)

    before = KICKOFF - timedelta(seconds=1)
    seen = selectors.predictions_visible_to(viewer=anne, match=game, now=before)
    assert [p.user for p in seen] == [anne]
    assert not selectors.predictions_visible_to(viewer=AnonymousUser(), match=game, now=before)

    seen = selectors.predictions_visible_to(viewer=AnonymousUser(), match=game, now=KICKOFF)
    assert {p.user for p in seen} == {anne, bruno}
