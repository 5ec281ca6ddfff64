"""A result scores every prediction of its match once; a correction scores them all again,
once; a cancelled match scores nothing and keeps the predictions."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.test import TestCase
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rotative.accounts.tests.factories import ReaderFactory
from rotative.pronostics import selectors, services
from rotative.pronostics.models import Match, Prediction
from rotative.pronostics.scoring import Rules, points_for
from rotative.pronostics.services import PronosticsError
from rotative.pronostics.tasks import pronostics_scores_catch_up
from rotative.pronostics.tests.factories import (
    cancel,
    match,
    match_day,
    paris,
    result_set,
    season,
)

pytestmark = pytest.mark.django_db

KICKOFF = paris(2026, 12, 12, 18, 0)
AFTER = KICKOFF + timedelta(hours=2)


def predict(game, *scores, readers):
    with time_machine.travel(game.kickoff - timedelta(hours=1), tick=False):
        for reader, (home, away) in zip(readers, scores, strict=True):
            services.prediction_save(user=reader, match=game, home_goals=home, away_goals=away)


def points(game) -> dict[str, int | None]:
    return {
        p.user.profile.display_name: p.points
        for p in Prediction.objects.filter(match=game).select_related("user__profile")
    }


def test_a_result_scores_every_prediction_four_three_two_nothing(readers, editor):
    game = match(kickoff=KICKOFF)
    predict(game, (2, 1), (3, 2), (3, 0), (0, 0), (0, 3), readers=readers)
    assert set(points(game).values()) == {None}
    result_set(by=editor, match=game, home_score=2, away_score=1, now=AFTER)
    assert points(game) == {"Anne": 4, "Bruno": 3, "Chloé": 2, "David": 0, "Emma": 0}
    game.refresh_from_db()
    assert (game.status, game.result, game.result_by, game.result_version) == (
        "joue",
        (2, 1),
        editor,
        1,
    )


def test_scoring_twice_changes_nothing_and_a_correction_rescores_everyone_once(
    readers, editor, django_assert_num_queries
):
    game = match(kickoff=KICKOFF)
    predict(game, (2, 1), (1, 1), readers=readers[:2])
    result_set(by=editor, match=game, home_score=2, away_score=1, now=AFTER)
    assert services.match_score(match=game) == 0  # the task run again: nothing behind
    assert points(game) == {"Anne": 4, "Bruno": 0}

    result_set(by=editor, match=game, home_score=1, away_score=1, now=AFTER)
    assert points(game) == {"Anne": 0, "Bruno": 4}
    assert set(Prediction.objects.values_list("scored_version", flat=True)) == {2}
    assert services.match_score(match=game) == 0
    # The same result entered again (a re-imported file) is not a new version.
    result_set(by=editor, match=game, home_score=1, away_score=1, now=AFTER)
    game.refresh_from_db()
    assert game.result_version == 2


def test_a_result_whose_task_was_lost_is_scored_once_by_the_catch_up_job(readers, editor):
    """As if the worker died between recording the result and scoring it: the recurring job
    catches up, and its next run finds nothing to do."""
    game = match(kickoff=KICKOFF)
    predict(game, (2, 1), (1, 1), readers=readers[:2])
    with TestCase.captureOnCommitCallbacks(execute=False) as queued:  # the task never runs
        services.match_result_set(by=editor, match=game, home_score=2, away_score=1, now=AFTER)
    assert len(queued) == 1
    assert points(game) == {"Anne": None, "Bruno": None}
    assert selectors.leaderboard_season(season=game.match_day.season).object_list == []

    pronostics_scores_catch_up.enqueue()  # the test settings' backend runs it at once
    assert points(game) == {"Anne": 4, "Bruno": 0}
    assert [row.points for row in selectors.leaderboard_season(season=game.match_day.season)] == [
        4,
        0,
    ]
    assert services.scores_catch_up() == 0
    assert services.match_score(match=game) == 0


def test_the_bonus_match_counts_double_and_follows_the_competitions_rules(readers, editor):
    day = match_day(
        1,
        of=season(
            competition="Coupe de la Manche",
            points_exact=5,
            points_difference=3,
            points_outcome=1,
            bonus_multiplier=3,
        ),
    )
    bonus = match(day=day, kickoff=KICKOFF)
    other = match("AS Cherbourg", "Stade Briochin", day=day, kickoff=KICKOFF)
    services.match_day_bonus_set(
        by=editor, match_day=day, match=bonus, now=KICKOFF - timedelta(days=1)
    )
    predict(bonus, (2, 1), (3, 0), readers=readers[:2])
    predict(other, (2, 1), (3, 0), readers=readers[:2])
    for game in (bonus, other):
        result_set(by=editor, match=game, home_score=2, away_score=1, now=AFTER)
    assert points(bonus) == {"Anne": 15, "Bruno": 3}
    assert points(other) == {"Anne": 5, "Bruno": 1}


def test_a_competitions_points_go_down_from_the_exact_score():
    with pytest.raises(PronosticsError, match="Le score exact rapporte au moins autant"):
        season(competition="Coupe mal réglée", points_exact=1, points_outcome=2)


def test_the_bonus_match_is_chosen_before_the_day_starts(editor):
    day = match_day(1)
    game = match(day=day, kickoff=KICKOFF)
    with pytest.raises(PronosticsError, match="La journée a commencé"):
        services.match_day_bonus_set(by=editor, match_day=day, match=game, now=KICKOFF)


def test_a_cancelled_match_keeps_its_predictions_and_scores_nothing(readers, editor):
    game = match(kickoff=KICKOFF)
    predict(game, (2, 1), (0, 0), readers=readers[:2])
    result_set(by=editor, match=game, home_score=2, away_score=1, now=AFTER)
    cancel(by=editor, match=game)
    assert points(game) == {"Anne": 0, "Bruno": 0}
    with pytest.raises(PronosticsError, match="Ce match est annulé"):
        result_set(by=editor, match=game, home_score=2, away_score=1, now=AFTER)
    with pytest.raises(PronosticsError, match="Ce match est annulé"):
        services.prediction_save(
            user=readers[2], match=game, home_goals=1, away_goals=0, now=KICKOFF - timedelta(days=1)
        )
    with pytest.raises(PronosticsError, match="ne peut pas être reporté"):
        services.match_postpone(by=editor, match=game, new_kickoff=AFTER + timedelta(days=7))


def test_no_result_before_kickoff_and_only_the_newsroom_enters_one(editor):
    game = match(kickoff=KICKOFF)
    with pytest.raises(PronosticsError, match="pas encore commencé"):
        result_set(
            by=editor, match=game, home_score=1, away_score=0, now=KICKOFF - timedelta(minutes=1)
        )
    with pytest.raises(PronosticsError, match="Seule la rédaction"):
        result_set(by=ReaderFactory(), match=game, home_score=1, away_score=0, now=AFTER)
    with pytest.raises(PronosticsError, match="Un score va de 0 à 99"):
        result_set(by=editor, match=game, home_score=-1, away_score=0, now=AFTER)
    assert Match.objects.get().status == "programme"


def test_a_club_plays_once_per_match_day_and_never_against_itself():
    day = match_day(1)
    match(day=day)
    with pytest.raises(PronosticsError, match="joue déjà lors de cette journée"):
        match("US Granville", "AS Cherbourg", day=day)
    with pytest.raises(PronosticsError, match="contre lui-même"):
        match("AS Cherbourg", "as cherbourg", day=day)


@pytest.mark.django_db(transaction=True)
def test_two_workers_scoring_the_same_match_at_once_apply_the_result_once(readers, editor):
    import threading

    from django.conf import settings
    from django.db import connection

    if not settings.DATABASE_IS_POSTGRES:
        pytest.skip("SQLite lets one writer at a time in: the race needs PostgreSQL")
    game = match(kickoff=KICKOFF)
    predict(game, (2, 1), (1, 1), readers=readers[:2])
    # As if the result had just been recorded and two workers took its scoring at once.
    Match.objects.filter(pk=game.pk).update(
        status=Match.Status.PLAYED, home_score=2, away_score=1, result_version=1
    )
    start, scored = threading.Barrier(2), []

    def worker():
        try:
            start.wait()
            scored.append(services.match_score(match=game))
        finally:
            connection.close()

    workers = [threading.Thread(target=worker) for _ in range(2)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    assert sorted(scored) == [0, 2]
    assert points(game) == {"Anne": 4, "Bruno": 0}
    # The leaderboards counted it once too.
    board = selectors.leaderboard_season(season=game.match_day.season)
    assert [(row.display_name, row.points, row.exact) for row in board] == [
        ("Anne", 4, 1),
        ("Bruno", 0, 0),
    ]
    day = selectors.leaderboard_match_day(match_day=game.match_day)
    assert [(row.display_name, row.points) for row in day] == [("Anne", 4), ("Bruno", 0)]


class _Rollback(Exception):
    pass


goals = st.integers(min_value=0, max_value=6)
scores = st.tuples(goals, goals)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    predicted=st.lists(scores, min_size=1, max_size=5),
    results=st.lists(scores, min_size=1, max_size=4),
)
def test_any_run_of_corrections_leaves_each_prediction_scored_against_the_last_result(
    readers, editor, predicted, results
):
    """Whatever the results entered and corrected, each prediction ends scored by the pure
    function against the last one, and scoring again finds nothing to do."""
    rules = Rules()
    try:
        with transaction.atomic():  # each example starts from the same database
            game = match(kickoff=KICKOFF)
            predict(game, *predicted, readers=readers[: len(predicted)])
            for home, away in results:
                result_set(by=editor, match=game, home_score=home, away_score=away, now=AFTER)
                assert services.match_score(match=game) == 0
            expected = {
                (p.home_goals, p.away_goals): points_for(
                    predicted=(p.home_goals, p.away_goals),
                    result=results[-1],
                    rules=rules,
                    bonus=False,
                )
                for p in Prediction.objects.filter(match=game)
            }
            for prediction in Prediction.objects.filter(match=game):
                assert prediction.points == expected[(prediction.home_goals, prediction.away_goals)]
            raise _Rollback
    except _Rollback:
        pass
