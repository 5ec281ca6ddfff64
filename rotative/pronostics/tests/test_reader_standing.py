"""« Votre place » on the season's leaderboard: the reader's own line, the same rank as the
table gives them, ties broken by the documented rule."""

from datetime import timedelta

import pytest
import time_machine

from rotative.accounts.tests.factories import ReaderFactory
from rotative.pronostics import selectors, services
from rotative.pronostics.tests.factories import match, match_day, paris, season

pytestmark = pytest.mark.django_db

KICKOFF = paris(2026, 11, 28, 18, 0)


def test_each_readers_place_is_their_rank_in_the_table(readers, editor):
    first = match_day(1)
    games = [
        match("US Granville", "FC Saint-Lô Manche", day=first, kickoff=KICKOFF),
        match("AS Cherbourg", "Stade Briochin", day=first, kickoff=KICKOFF + timedelta(hours=2)),
    ]
    # Anne and Bruno tie on everything but their accounts; Chloé predicted a day later.
    scores = {
        "Anne": [(2, 1), (0, 0)],
        "Bruno": [(2, 1), (0, 0)],
        "Chloé": [(3, 1), (1, 1)],
        "David": [(0, 2), (0, 1)],
        "Emma": [(1, 0), (2, 2)],
    }
    for reader in readers:
        name = reader.profile.display_name
        when = KICKOFF - timedelta(days=1 if name == "Chloé" else 2)
        with time_machine.travel(when, tick=False):
            for game, (home, away) in zip(games, scores[name], strict=True):
                services.prediction_save(user=reader, match=game, home_goals=home, away_goals=away)
    for game, (home, away) in zip(games, [(2, 1), (1, 1)], strict=True):
        services.match_result_set(
            by=editor, match=game, home_score=home, away_score=away, now=KICKOFF + timedelta(1)
        )
    table = selectors.leaderboard_season(season=season()).object_list
    for row in table:
        reader = next(r for r in readers if r.pk == row.user_id)
        mine = selectors.reader_standing_season(season=season(), user=reader)
        assert (mine.rank, mine.points, mine.exact, mine.outcomes) == (
            row.rank,
            row.points,
            row.exact,
            row.outcomes,
        )
        assert mine.display_name == row.display_name


def test_no_place_before_a_first_scored_prediction(readers):
    game = match(kickoff=KICKOFF)
    with time_machine.travel(KICKOFF - timedelta(days=1), tick=False):
        services.prediction_save(user=readers[0], match=game, home_goals=1, away_goals=0)
    assert selectors.reader_standing_season(season=season(), user=readers[0]) is None
    assert selectors.reader_standing_season(season=season(), user=ReaderFactory()) is None
