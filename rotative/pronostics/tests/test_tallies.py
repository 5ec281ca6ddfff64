"""The leaderboards' tallies always equal the sums of the readers' scored predictions,
whatever results, corrections and cancellations came in; a reader's own rank; an account
deleted takes its lines with it."""

from collections import defaultdict
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rotative.accounts import services as accounts
from rotative.pronostics import selectors, services
from rotative.pronostics.models import (
    MatchDayTally,
    MonthTally,
    Prediction,
    SeasonTally,
)
from rotative.pronostics.scoring import Grade, Standing, leaderboard_order
from rotative.pronostics.services import PronosticsError
from rotative.pronostics.services.scores import month_of
from rotative.pronostics.tests.factories import (
    cancel,
    match,
    match_day,
    paris,
    result_set,
    season,
)

pytestmark = pytest.mark.django_db

AFTER = paris(2026, 12, 10, 12)
# Two match days, three matches; the last kicks off in December in Paris (still November in
# UTC): the month tallies follow Paris time.
KICKOFFS = [paris(2026, 11, 28, 18), paris(2026, 11, 30, 20), paris(2026, 12, 1, 0, 30)]
CLUBS = [
    ("US Granville", "FC Saint-Lô Manche"),
    ("AS Cherbourg", "Stade Briochin"),
    ("Stade Briochin", "US Granville"),
]


def calendar(editor):
    days = [match_day(1), match_day(2)]
    games = [
        match(home, away, day=days[0 if n < 2 else 1], kickoff=kickoff)
        for n, ((home, away), kickoff) in enumerate(zip(CLUBS, KICKOFFS, strict=True))
    ]
    services.match_day_bonus_set(
        by=editor, match_day=days[0], match=games[1], now=KICKOFFS[0] - timedelta(days=2)
    )
    return games


def predict(games, readers, predictions):
    """`predictions`: for each reader, a score or None per match; each reader predicts on
    their own day, so that their `since` differ."""
    for number, (reader, scores) in enumerate(zip(readers, predictions, strict=False)):
        with time_machine.travel(paris(2026, 11, 20 + number, 9), tick=False):
            for game, score in zip(games, scores, strict=True):
                if score is not None:
                    services.prediction_save(
                        user=reader, match=game, home_goals=score[0], away_goals=score[1]
                    )


def recomputed() -> dict:
    """The tallies, summed again from the scored predictions."""
    lines = defaultdict(lambda: [0, 0, 0, None])
    scored = Prediction.objects.filter(points__isnull=False).select_related("match__match_day")
    for p in scored:
        day = p.match.match_day
        for scope in (
            ("season", day.season_id),
            ("month", day.season_id, month_of(p.match)),
            ("day", day.pk),
        ):
            line = lines[(*scope, p.user_id)]
            line[0] += p.points
            line[1] += p.grade == Grade.EXACT
            line[2] += p.grade is not None and p.grade >= Grade.OUTCOME
            line[3] = p.created_at if line[3] is None else min(line[3], p.created_at)
    return {key: tuple(line) for key, line in lines.items()}


def stored() -> dict:
    columns = ("points", "exact", "outcomes", "since")
    lines = {}
    for t in SeasonTally.objects.all():
        lines[("season", t.season_id, t.user_id)] = tuple(getattr(t, c) for c in columns)
    for t in MonthTally.objects.all():
        lines[("month", t.season_id, t.month, t.user_id)] = tuple(getattr(t, c) for c in columns)
    for t in MatchDayTally.objects.all():
        lines[("day", t.match_day_id, t.user_id)] = tuple(getattr(t, c) for c in columns)
    return lines


class _Rollback(Exception):
    pass


goals = st.integers(min_value=0, max_value=4)
score = st.tuples(goals, goals)
# What an editor does to one of the three matches: a result (or its correction), or a cancel.
event = st.tuples(st.integers(min_value=0, max_value=2), st.one_of(score, st.just("annulé")))


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    predictions=st.lists(
        st.lists(st.one_of(st.none(), score), min_size=3, max_size=3), min_size=1, max_size=4
    ),
    events=st.lists(event, min_size=1, max_size=6),
)
def test_the_tallies_are_the_sums_of_the_scored_predictions_whatever_happened(
    readers, editor, predictions, events
):
    try:
        with transaction.atomic():  # each example starts from the same database
            games = calendar(editor)
            predict(games, readers, predictions)
            for number, what in events:
                try:
                    if what == "annulé":
                        cancel(by=editor, match=games[number])
                    else:
                        result_set(
                            by=editor,
                            match=games[number],
                            home_score=what[0],
                            away_score=what[1],
                            now=AFTER,
                        )
                except PronosticsError:  # a result for a cancelled match: refused
                    pass
                assert stored() == recomputed()
            assert services.scores_catch_up() == 0  # nothing left behind
            # The pages agree with the pure function's order of the recomputed lines.
            page = selectors.leaderboard_season(season=season())
            assert leaderboard_order(page.object_list) == page.object_list
            raise _Rollback
    except _Rollback:
        pass


@pytest.fixture
def played(readers, editor):
    games = calendar(editor)
    predict(
        games,
        readers,
        [
            [(2, 1), (1, 1), (0, 2)],
            [(3, 2), (0, 0), None],
            [(2, 1), (2, 2), (1, 0)],
            [(0, 0), None, (1, 0)],
            [None, None, (0, 3)],
        ],
    )
    for game, (home, away) in zip(games, [(2, 1), (0, 0), (1, 0)], strict=True):
        result_set(by=editor, match=game, home_score=home, away_score=away, now=AFTER)
    return games


def test_a_readers_own_line_has_their_rank_in_the_season_table(
    played, readers, django_assert_num_queries
):
    current = season()
    table = list(selectors.leaderboard_season(season=current).object_list)
    assert len(table) == 5
    for line in table:
        reader = line_user(line, readers)
        with django_assert_num_queries(1):
            mine = selectors.reader_standing_season(season=current, user=reader)
        assert mine == line
    assert selectors.reader_standing_season(season=current, user=AnonymousUser()) is None
    from rotative.accounts.tests.factories import ReaderFactory

    newcomer = ReaderFactory(display_name="Fabrice")
    assert selectors.reader_standing_season(season=season(), user=newcomer) is None


def line_user(line: Standing, readers):
    return next(reader for reader in readers if reader.pk == line.user_id)


def test_the_month_and_match_day_tables_come_from_their_own_tallies(played):
    december = selectors.leaderboard_month(season=season(), year=2026, month=12)
    november = selectors.leaderboard_month(season=season(), year=2026, month=11)
    assert {line.display_name for line in december} == {"Anne", "Chloé", "David", "Emma"}
    assert {line.display_name for line in november} == {"Anne", "Bruno", "Chloé", "David"}
    day = selectors.leaderboard_match_day(match_day=played[0].match_day)
    # The bonus match (the second) counted double: Bruno's exact 0-0 is worth 8.
    assert [(line.display_name, line.points) for line in day][:2] == [("Bruno", 11), ("Anne", 10)]


def test_a_deleted_account_leaves_no_line_in_the_tables(home, played, readers):
    anne = readers[0]
    accounts.account_delete(user=anne)
    for model in (SeasonTally, MonthTally, MatchDayTally):
        assert not model.objects.filter(user_id=anne.pk).exists()
    names = [line.display_name for line in selectors.leaderboard_season(season=season())]
    assert "Anne" not in names and len(names) == 4


def test_rebuilding_a_seasons_tallies_from_the_predictions_changes_nothing(played):
    before = stored()
    SeasonTally.objects.update(points=0)  # as if damaged
    services.tallies_rebuild(season=season())
    assert stored() == before == recomputed()


def test_a_played_match_moved_to_another_month_by_a_file_moves_its_points(played, editor):
    """The second match (30 November, 20:00) was in fact played just after midnight."""
    corrected = (
        "journée;date;heure;domicile;extérieur;lieu;score\n"
        "1;01/12/2026;00:15;AS Cherbourg;Stade Briochin;Stade Louis-Dior;0-0\n"
    )
    with time_machine.travel(AFTER, tick=False):
        report = services.fixtures_import(season=season(), csv_text=corrected, by=editor)
    assert (report.errors, report.updated, report.results) == ([], 1, 0)
    assert stored() == recomputed()
    december = selectors.leaderboard_month(season=season(), year=2026, month=12)
    assert ("Bruno", 8) in [(line.display_name, line.points) for line in december]
