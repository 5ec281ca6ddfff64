"""The rules of the game as a pure function: graded examples, then properties for any score."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rotative.pronostics.scoring import Rules, Standing, leaderboard_order, points_for

DEFAULT = Rules()
goals = st.integers(min_value=0, max_value=99)
scores = st.tuples(goals, goals)


@st.composite
def rules(draw):
    outcome = draw(st.integers(0, 10))
    difference = draw(st.integers(outcome, 20))
    exact = draw(st.integers(difference, 30))
    return Rules(exact, difference, outcome, draw(st.integers(1, 5)))


@pytest.mark.parametrize(
    ("predicted", "result", "points"),
    [
        ((2, 1), (2, 1), 4),  # exact score
        ((3, 2), (2, 1), 3),  # same goal difference
        ((0, 0), (1, 1), 3),  # both draws, different scores: same difference
        ((3, 0), (2, 1), 2),  # same outcome
        ((0, 2), (1, 3), 3),  # away win by two
        ((0, 1), (0, 3), 2),  # away win
        ((1, 1), (2, 1), 0),  # draw predicted, home win
        ((0, 1), (1, 0), 0),
    ],
)
def test_the_default_rules_score_four_three_two(predicted, result, points):
    assert points_for(predicted=predicted, result=result, rules=DEFAULT, bonus=False) == points


def test_the_bonus_match_counts_double_by_default():
    assert points_for(predicted=(2, 1), result=(2, 1), rules=DEFAULT, bonus=True) == 8
    assert points_for(predicted=(0, 1), result=(1, 0), rules=DEFAULT, bonus=True) == 0


def test_rules_out_of_order_are_refused():
    with pytest.raises(ValueError):
        Rules(exact=2, difference=3, outcome=1)
    with pytest.raises(ValueError):
        Rules(bonus_multiplier=0)


@given(predicted=scores, result=scores, rules=rules(), bonus=st.booleans())
def test_points_are_never_negative(predicted, result, rules, bonus):
    assert points_for(predicted=predicted, result=result, rules=rules, bonus=bonus) >= 0


@given(result=scores, other=scores, rules=rules(), bonus=st.booleans())
def test_the_exact_score_scores_at_least_any_other_prediction(result, other, rules, bonus):
    exact = points_for(predicted=result, result=result, rules=rules, bonus=bonus)
    assert exact >= points_for(predicted=other, result=result, rules=rules, bonus=bonus)


@given(result=scores, shift=st.integers(1, 5), rules=rules(), bonus=st.booleans())
def test_exact_beats_difference_beats_outcome(result, shift, rules, bonus):
    home, away = result
    same_difference = (home + shift, away + shift)
    # Same outcome, other difference: widen the winner's margin (or break no draw: skip).
    if home == away:
        return
    same_outcome = (home + shift, away) if home > away else (home, away + shift)
    exact = points_for(predicted=result, result=result, rules=rules, bonus=bonus)
    difference = points_for(predicted=same_difference, result=result, rules=rules, bonus=bonus)
    outcome = points_for(predicted=same_outcome, result=result, rules=rules, bonus=bonus)
    assert exact >= difference >= outcome >= 0
    multiplier = rules.bonus_multiplier if bonus else 1
    assert (exact, difference, outcome) == (
        rules.exact * multiplier,
        rules.difference * multiplier,
        rules.outcome * multiplier,
    )


@given(predicted=scores, result=scores, rules=rules(), bonus=st.booleans())
def test_swapping_home_and_away_everywhere_scores_the_same(predicted, result, rules, bonus):
    assert points_for(predicted=predicted, result=result, rules=rules, bonus=bonus) == points_for(
        predicted=predicted[::-1], result=result[::-1], rules=rules, bonus=bonus
    )


@given(predicted=scores, result=scores, rules=rules())
def test_the_bonus_multiplies(predicted, result, rules):
    plain = points_for(predicted=predicted, result=result, rules=rules, bonus=False)
    bonus = points_for(predicted=predicted, result=result, rules=rules, bonus=True)
    assert bonus == plain * rules.bonus_multiplier


T0 = datetime(2026, 8, 1, tzinfo=UTC)
standings = st.lists(
    st.builds(
        Standing,
        user_id=st.integers(1, 10_000),
        points=st.integers(0, 5),
        exact=st.integers(0, 2),
        outcomes=st.integers(0, 3),
        since=st.integers(0, 3).map(lambda days: T0 + timedelta(days=days)),
    ),
    max_size=30,
    unique_by=lambda row: row.user_id,  # one line per reader
)


@given(rows=standings, seed=st.integers())
def test_the_order_is_the_same_however_the_rows_come(rows, seed):
    shuffled = rows[:]
    random.Random(seed).shuffle(shuffled)
    assert leaderboard_order(shuffled) == leaderboard_order(rows)


@given(rows=standings)
def test_the_order_is_total_and_follows_the_documented_rule(rows):
    ordered = leaderboard_order(rows)
    assert [row.rank for row in ordered] == list(range(1, len(rows) + 1))
    for before, after in zip(ordered, ordered[1:], strict=False):
        assert (-before.points, -before.exact, -before.outcomes, before.since, before.user_id) < (
            -after.points,
            -after.exact,
            -after.outcomes,
            after.since,
            after.user_id,
        )


def test_ties_are_broken_by_exact_scores_then_outcomes_then_start_then_account():
    early, late = T0, T0 + timedelta(days=1)
    rows = [
        Standing(user_id=5, points=10, exact=1, outcomes=3, since=early),
        Standing(user_id=4, points=10, exact=2, outcomes=2, since=late),
        Standing(user_id=3, points=10, exact=1, outcomes=4, since=late),
        Standing(user_id=2, points=10, exact=1, outcomes=3, since=early),
        Standing(user_id=1, points=10, exact=1, outcomes=3, since=late),
        Standing(user_id=6, points=12, exact=0, outcomes=6, since=late),
    ]
    assert [row.user_id for row in leaderboard_order(rows)] == [6, 4, 3, 2, 5, 1]
