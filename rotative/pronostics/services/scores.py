"""Scoring: a match's predictions scored against its result, and the leaderboards' tallies
(models/tallies.py) moved with them in the same transaction, exactly once.

A result recorded, corrected or annulled bumps `Match.result_version` and queues the
scoring task (tasks.py) once the editor's transaction commits; `scores_catch_up`, a recurring
job, scores whatever a lost task left behind. Scoring locks the match row, then adds to each
reader's tallies the difference its prediction's new score makes (new points minus the points
it had, the same for exact scores and outcomes) and only then writes the predictions, touching
only those behind the result version: run twice, or by two workers at once, the second finds
nothing behind and changes nothing. A tally therefore always equals the sum of the reader's
scored predictions in its scope; `tallies_rebuild` recomputes a season's from the predictions
(a repair, and the benchmark's fill).
"""

from datetime import date

from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Value, When

from rotative.pronostics import scoring
from rotative.pronostics.models import (
    PARIS,
    Match,
    MatchDay,
    MatchDayTally,
    MonthTally,
    Prediction,
    Season,
    SeasonTally,
)
from rotative.pronostics.scoring import Grade

# A reader's tally summed from their scored predictions `p` (grouped by p.user_id).
SUMS = (
    "p.user_id, SUM(p.points), "
    f"SUM(CASE WHEN p.grade = {int(Grade.EXACT)} THEN 1 ELSE 0 END), "
    f"SUM(CASE WHEN p.grade >= {int(Grade.OUTCOME)} THEN 1 ELSE 0 END), MIN(p.created_at)"
)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def month_of(match: Match) -> date:
    """The Paris month a match counts in: the first day of its kick-off's month."""
    kickoff = match.kickoff.astimezone(PARIS)
    return date(kickoff.year, kickoff.month, 1)


def _tallies_add(match: Match, *, points: tuple[str, list], exact: tuple[str, list], outcomes):
    """Add to the three tallies of each reader with a prediction behind the result version the
    difference its new score makes. `points`, `exact` and `outcomes` are SQL expressions (with
    their parameters) of a prediction's new points, and 1/0 for a new exact score / outcome.
    Rows go in reader order, so that two matches scored at once lock tallies in the same order
    (no deadlock)."""
    day = match.match_day
    deltas = (
        f"SELECT p.user_id AS user_id, p.created_at AS since, "  # noqa: S608 (our SQL, params)
        f"CASE WHEN p.points IS NULL THEN 1 ELSE 0 END AS fresh, "
        f"({points[0]}) - COALESCE(p.points, 0) AS d_points, "
        f"({exact[0]}) - CASE WHEN p.grade = {int(Grade.EXACT)} THEN 1 ELSE 0 END AS d_exact, "
        f"({outcomes[0]}) - CASE WHEN p.grade >= {int(Grade.OUTCOME)} THEN 1 ELSE 0 END"
        f" AS d_outcomes FROM {_table(Prediction)} p "
        f"WHERE p.match_id = %s AND p.scored_version < %s"
    )
    params = [*points[1], *exact[1], *outcomes[1], match.pk, match.result_version]
    month = connection.ops.adapt_datefield_value(month_of(match))
    scopes = [
        (SeasonTally, {"season_id": day.season_id}),
        (MonthTally, {"season_id": day.season_id, "month": month}),
        (MatchDayTally, {"match_day_id": day.pk}),
    ]
    with connection.cursor() as cursor:
        for model, scope in scopes:
            table = _table(model)
            keys = ", ".join([*scope, "user_id"])
            cursor.execute(
                f"INSERT INTO {table} ({keys}, points, exact, outcomes, since) "  # noqa: S608
                f"SELECT {', '.join(['%s'] * len(scope))}, d.user_id, d.d_points, d.d_exact, "
                f"d.d_outcomes, d.since FROM ({deltas}) d "
                f"WHERE d.fresh = 1 OR d.d_points <> 0 OR d.d_exact <> 0 OR d.d_outcomes <> 0 "
                f"ORDER BY d.user_id "
                f"ON CONFLICT ({keys}) DO UPDATE SET "
                f"points = {table}.points + excluded.points, "
                f"exact = {table}.exact + excluded.exact, "
                f"outcomes = {table}.outcomes + excluded.outcomes, "
                f"since = CASE WHEN excluded.since < {table}.since "
                f"THEN excluded.since ELSE {table}.since END",
                [*scope.values(), *params],
            )


@transaction.atomic
def match_score(*, match: Match) -> int:
    """Score the predictions not yet scored against the match's result version, and their
    readers' tallies; returns how many. Idempotent: the match row is locked, and only the
    predictions whose `scored_version` is behind are touched, so two workers cannot apply it
    twice."""
    match = (
        Match.objects.select_for_update()
        .select_related("match_day__season__competition")
        .get(pk=match.pk)
    )
    behind = Prediction.objects.filter(match=match, scored_version__lt=match.result_version)
    if match.status == Match.Status.CANCELLED:
        _tallies_add(match, points=("0", []), exact=("0", []), outcomes=("0", []))
        scored = behind.update(points=0, grade=None, scored_version=match.result_version)
    elif match.result is None:
        scored = 0
    else:
        scored = _score_result(match, behind)
    Match.objects.filter(pk=match.pk).update(scored_version=match.result_version)
    return scored


def _score_result(match: Match, behind) -> int:
    rules = match.match_day.season.competition.rules
    bonus = match.match_day.bonus_match_id == match.pk
    # Readers predict a few dozen distinct scores: each graded once by the pure function,
    # all written in one UPDATE (and one CASE per tally column).
    points, grades = [], []
    sql = {"points": [], "exact": [], "outcomes": []}
    for home, away in behind.values_list("home_goals", "away_goals").distinct().order_by():
        predicted = (home, away)
        kwargs = {"home_goals": home, "away_goals": away}
        grade = scoring.grade(predicted=predicted, result=match.result)
        found = scoring.points_for(
            predicted=predicted, result=match.result, rules=rules, bonus=bonus
        )
        points.append(When(**kwargs, then=Value(found)))
        grades.append(When(**kwargs, then=Value(int(grade))))
        sql["points"].append((home, away, found))
        sql["exact"].append((home, away, int(grade == Grade.EXACT)))
        sql["outcomes"].append((home, away, int(grade >= Grade.OUTCOME)))
    if not points:
        return 0
    _tallies_add(match, **{column: _case(pairs) for column, pairs in sql.items()})
    return behind.update(
        points=Case(*points, output_field=IntegerField()),
        grade=Case(*grades, output_field=IntegerField()),
        scored_version=match.result_version,
    )


def _case(pairs: list[tuple[int, int, int]]) -> tuple[str, list]:
    """A CASE over a prediction's score giving each predicted score its value."""
    whens = " ".join("WHEN p.home_goals = %s AND p.away_goals = %s THEN %s" for _ in pairs)
    return f"CASE {whens} ELSE 0 END", [value for pair in pairs for value in pair]


@transaction.atomic
def tallies_kickoff_moved(*, match: Match, before) -> None:
    """A scored match's kick-off corrected (a CSV file) into another Paris month: its readers'
    two month tallies are recomputed from their predictions, under the match's lock, so that
    its points leave the month it no longer belongs to."""
    match = Match.objects.select_for_update().select_related("match_day").get(pk=match.pk)
    months = {month_of(match), month_of(Match(kickoff=before))}
    if len(months) == 1 or match.scored_version == 0:
        return
    season_id = match.match_day.season_id
    readers = f"SELECT user_id FROM {_table(Prediction)} WHERE match_id = %s"  # noqa: S608
    in_season = Match.objects.filter(match_day__season_id=season_id).only("pk", "kickoff")
    with connection.cursor() as cursor:
        for month in months:
            ids = [m.pk for m in in_season if month_of(m) == month]
            value = connection.ops.adapt_datefield_value(month)
            cursor.execute(
                f"DELETE FROM {_table(MonthTally)} WHERE season_id = %s AND month = %s "  # noqa: S608
                f"AND user_id IN ({readers})",
                [season_id, value, match.pk],
            )
            if not ids:
                continue
            cursor.execute(
                f"INSERT INTO {_table(MonthTally)} "  # noqa: S608
                "(season_id, month, user_id, points, exact, outcomes, since) "
                f"SELECT %s, %s, {SUMS} FROM {_table(Prediction)} p WHERE p.points IS NOT NULL "
                f"AND p.match_id IN ({', '.join('%s' for _ in ids)}) AND p.user_id IN ({readers}) "
                "GROUP BY p.user_id",
                [season_id, value, *ids, match.pk],
            )


def scores_catch_up() -> int:
    """Score every match whose result is ahead of its scoring (a task lost with its worker);
    returns how many predictions were scored. The matches are found in their own small table."""
    behind = Match.objects.filter(scored_version__lt=F("result_version")).order_by("kickoff")
    return sum(match_score(match=match) for match in behind.only("pk"))


@transaction.atomic
def tallies_rebuild(*, season: Season) -> None:
    """Recompute the season's tallies from its scored predictions (a repair; the benchmark
    fills its tallies with it)."""
    for model in (SeasonTally, MonthTally):
        model.objects.filter(season=season).delete()
    MatchDayTally.objects.filter(match_day__season=season).delete()
    columns = "user_id, points, exact, outcomes, since"
    scored = (
        f"FROM {_table(Prediction)} p JOIN {_table(Match)} m ON m.id = p.match_id "
        f"JOIN {_table(MatchDay)} d ON d.id = m.match_day_id "
        "WHERE p.points IS NOT NULL AND d.season_id = %s"
    )
    by_month: dict[date, list[int]] = {}
    for match in Match.objects.filter(match_day__season=season).only("pk", "kickoff"):
        by_month.setdefault(month_of(match), []).append(match.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(SeasonTally)} (season_id, {columns}) "
            f"SELECT %s, {SUMS} {scored} GROUP BY p.user_id",
            [season.pk, season.pk],
        )
        cursor.execute(
            f"INSERT INTO {_table(MatchDayTally)} (match_day_id, {columns}) "
            f"SELECT m.match_day_id, {SUMS} {scored} GROUP BY m.match_day_id, p.user_id",
            [season.pk],
        )
        for month, ids in by_month.items():
            cursor.execute(
                f"INSERT INTO {_table(MonthTally)} (season_id, month, {columns}) "
                f"SELECT %s, %s, {SUMS} {scored} AND m.id IN ({', '.join('%s' for _ in ids)}) "
                "GROUP BY p.user_id",
                [season.pk, connection.ops.adapt_datefield_value(month), season.pk, *ids],
            )
