"""The rules of the game, with no database: how a prediction scores, how a table is ordered.

A prediction is graded against the result, best grade first:

- exact score (2-1 for 2-1): `Rules.exact` points;
- same goal difference (3-2 for 2-1, and any draw for a draw: 0-0 for 1-1): `Rules.difference`;
- same outcome (home win, draw or away win: 3-0 for 2-1): `Rules.outcome`;
- anything else: 0.

The match day's bonus match multiplies the points by `Rules.bonus_multiplier`.

Leaderboards are ordered by `leaderboard_order`'s rule, which breaks every tie, so that two
readers never share a place and the same table is always printed in the same order:

1. total points, most first;
2. exact scores, most first;
3. correct outcomes (exact scores and right differences included), most first;
4. the earliest start: the reader's first prediction in the table's scope (for a private
   league, the day they joined it), earliest first;
5. the reader's account id, smallest first (the older account), which no two readers share.

The selectors order in SQL by the same columns (selectors.STANDING_ORDER); a test checks that
both give the same order.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum


class Grade(IntEnum):
    MISS = 0
    OUTCOME = 1
    DIFFERENCE = 2
    EXACT = 3


@dataclass(frozen=True)
class Rules:
    exact: int = 4
    difference: int = 3
    outcome: int = 2
    bonus_multiplier: int = 2

    def __post_init__(self):
        # A better prediction never scores less than a worse one.
        if not self.exact >= self.difference >= self.outcome >= 0:
            raise ValueError("Points must go exact ≥ difference ≥ outcome ≥ 0.")
        if self.bonus_multiplier < 1:
            raise ValueError("The bonus multiplier is at least 1.")

    def points(self, grade: Grade) -> int:
        return {
            Grade.EXACT: self.exact,
            Grade.DIFFERENCE: self.difference,
            Grade.OUTCOME: self.outcome,
            Grade.MISS: 0,
        }[grade]


def _sign(n: int) -> int:
    return (n > 0) - (n < 0)


def grade(*, predicted: tuple[int, int], result: tuple[int, int]) -> Grade:
    if predicted == result:
        return Grade.EXACT
    predicted_difference = predicted[0] - predicted[1]
    result_difference = result[0] - result[1]
    if predicted_difference == result_difference:
        return Grade.DIFFERENCE
    if _sign(predicted_difference) == _sign(result_difference):
        return Grade.OUTCOME
    return Grade.MISS


def points_for(
    *, predicted: tuple[int, int], result: tuple[int, int], rules: Rules, bonus: bool
) -> int:
    points = rules.points(grade(predicted=predicted, result=result))
    return points * rules.bonus_multiplier if bonus else points


@dataclass(frozen=True)
class Standing:
    """One reader's line of a leaderboard, before or after ordering."""

    user_id: int
    points: int
    exact: int
    outcomes: int
    since: datetime | None  # first prediction in scope, or the day they joined the league
    display_name: str = ""
    rank: int = 0


def standing_key(row: Standing) -> tuple:
    # A reader with no start date (never the case in the selectors) goes after those with one.
    since = (row.since is None, row.since.timestamp() if row.since else 0.0)
    return (-row.points, -row.exact, -row.outcomes, since, row.user_id)


def leaderboard_order(rows: Iterable[Standing]) -> list[Standing]:
    """The rows in the table's order (the module's rule), ranked from 1."""
    ordered = sorted(rows, key=standing_key)
    return [
        Standing(**{**row.__dict__, "rank": position})
        for position, row in enumerate(ordered, start=1)
    ]
