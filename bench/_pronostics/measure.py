# ruff: noqa: E501  (SQL and log lines read better unwrapped)
"""What is timed, in this process through the real selectors and services: the leaderboard
pages of the current season (interleaved random instances after a warm-up, each case within
its time budget) against a baseline (an account read by its primary key) and against the
leaderboards as they were before the tallies (the same pages summed from the predictions at
read time); then the re-scoring of a whole match day, its results set then scored, and a
correction of all nine, as the scoring task does them, with the tallies checked against a
recomputation from the predictions afterwards."""

from __future__ import annotations

import random
import time
from datetime import timedelta

from _common.db import sql
from _common.stats import pct

from _pronostics.fill import PLAYED_NOW

CASES = [
    ("baseline", "An account read by its primary key (baseline)"),
    ("season", "Season leaderboard, page 1"),
    ("season_deep", "Season leaderboard, a deep page (random, second half)"),
    ("match_day", "Match-day leaderboard, page 1 (random played day)"),
    ("month", "Month leaderboard, page 1 (random month)"),
    ("league", "A private league of 50 members (random league)"),
    ("reader", "A reader's line and rank, `reader_standing_season` (random reader)"),
    ("old_match_day", "Before the tallies: match-day page 1 summed from the predictions"),
    ("old_season", "Before the tallies: season page 1 summed from the predictions"),
]


def old_board(matches, *, page=1, per_page=50):
    """The leaderboards' read before the tallies (selectors.py until this bench): every
    scored prediction of the scope summed by reader, ordered, one page cut out."""
    from django.db.models import Count, Min, Q, Sum, Window

    from rotative.pronostics.models import Prediction
    from rotative.pronostics.scoring import Grade

    rows = (
        Prediction.objects.filter(match__in=matches, points__isnull=False)
        .values("user_id")
        .annotate(
            total=Sum("points"),
            exact=Count("pk", filter=Q(grade=Grade.EXACT)),
            outcomes=Count("pk", filter=Q(grade__gte=Grade.OUTCOME)),
            since=Min("created_at"),
            display_name=Min("user__profile__display_name"),
        )
        .annotate(lines=Window(Count("*")))
        .order_by("-total", "-exact", "-outcomes", "since", "user_id")
    )
    start = (page - 1) * per_page
    return list(rows[start : start + per_page])


class Instances:
    def __init__(self, seed: int):
        from django.contrib.auth import get_user_model

        from rotative.pronostics import selectors
        from rotative.pronostics.models import League, Match, MatchDay, Season

        self.rng = random.Random(seed)
        self.user_model = get_user_model()
        self.season = Season.objects.order_by("-label").first()
        self.days = list(MatchDay.objects.filter(season=self.season, number__lte=PLAYED_NOW))
        self.months = sorted(
            {
                (
                    m.kickoff.astimezone(selectors.PARIS).year,
                    m.kickoff.astimezone(selectors.PARIS).month,
                )
                for m in Match.objects.filter(match_day__in=self.days)
            }
        )
        self.leagues = list(League.objects.values_list("pk", flat=True))
        self.users = list(
            self.user_model.objects.filter(username__startswith="joueur").values_list(
                "pk", flat=True
            )
        )
        self.pages = selectors.leaderboard_season(season=self.season).paginator.num_pages

    def run(self, key):
        from rotative.pronostics import selectors
        from rotative.pronostics.models import League, Match

        rng, season = self.rng, self.season
        if key == "baseline":
            return len(
                self.user_model.objects.filter(pk=rng.choice(self.users)).values_list(
                    "username", flat=True
                )
            )
        if key == "season":
            return len(selectors.leaderboard_season(season=season).object_list)
        if key == "season_deep":
            page = rng.randint(self.pages // 2, self.pages)
            return len(selectors.leaderboard_season(season=season, page=page).object_list)
        if key == "match_day":
            return len(selectors.leaderboard_match_day(match_day=rng.choice(self.days)).object_list)
        if key == "month":
            year, month = rng.choice(self.months)
            return len(
                selectors.leaderboard_month(season=season, year=year, month=month).object_list
            )
        if key == "league":
            league = League(pk=rng.choice(self.leagues))
            return len(selectors.leaderboard_league(league=league, season=season).object_list)
        if key == "reader":
            standing = selectors.reader_standing_season(
                season=season, user=self.user_model(pk=rng.choice(self.users))
            )
            return 0 if standing is None else standing.rank
        if key == "old_match_day":
            return len(
                old_board(Match.objects.filter(match_day=rng.choice(self.days)).values("pk"))
            )
        if key == "old_season":
            return len(old_board(Match.objects.filter(match_day__season=season).values("pk")))
        raise KeyError(key)


def measure(instances: Instances, *, runs: int, warmup: int, budget_s: float, log) -> dict:
    """Interleaved runs of every case; a case stops at its time budget (the old season
    aggregate takes seconds a run)."""
    times = {key: [] for key, _label in CASES}
    for key, _label in CASES:
        for _ in range(0 if key.startswith("old_") else warmup):
            instances.run(key)
    spent = dict.fromkeys(times, 0.0)
    for _ in range(runs):
        for key, _label in CASES:
            if spent[key] > budget_s:
                continue
            started = time.perf_counter()
            instances.run(key)
            seconds = time.perf_counter() - started
            spent[key] += seconds
            times[key].append(seconds)
    out = {}
    base = pct(times["baseline"], 0.95) * 1000
    for key, label in CASES:
        ms = [s * 1000 for s in times[key]]
        out[key] = {
            "label": label,
            "runs": len(ms),
            "p50_ms": round(pct(ms, 0.5), 2),
            "p95_ms": round(pct(ms, 0.95), 2),
            "p95_ratio": round(pct(ms, 0.95) / base, 1),
        }
        log(f"  {key}: p50 {out[key]['p50_ms']} ms, p95 {out[key]['p95_ms']} ms ({len(ms)} runs)")
    return out


RESULTS = [(2, 1), (1, 1), (0, 2), (3, 1), (1, 0), (0, 0), (2, 2), (1, 2), (4, 0)]
CORRECTIONS = [(1, 1), (2, 1), (0, 1), (3, 2), (2, 0), (1, 1), (2, 1), (0, 2), (3, 0)]


def rescore(instances: Instances, log) -> dict:
    """Match day 18 of the current season: its nine results set (`match_result_set`, what the
    editor waits for) then scored (`match_score`, what the task does), then all nine
    corrected and scored again; wall times, and the tallies checked afterwards."""
    from rotative.pronostics import services
    from rotative.pronostics.models import Match, MatchDay, Prediction

    day = MatchDay.objects.get(season=instances.season, number=PLAYED_NOW + 1)
    matches = list(Match.objects.filter(match_day=day).order_by("kickoff", "pk"))
    predictions = Prediction.objects.filter(match__match_day=day).count()
    out = {"predictions": predictions, "matches": len(matches), "rounds": {}}
    for name, scores in (("results", RESULTS), ("corrections", CORRECTIONS)):
        set_s = score_s = 0.0
        scored = 0
        per_match = []
        for match, (home, away) in zip(matches, scores, strict=True):
            match.refresh_from_db()
            if match.result == (home, away):  # a reused database: make it a change
                home += 1
            started = time.perf_counter()
            services.match_result_set(
                by=None,
                match=match,
                home_score=home,
                away_score=away,
                now=match.kickoff + timedelta(hours=2),
            )
            middle = time.perf_counter()
            scored += services.match_score(match=match)
            ended = time.perf_counter()
            set_s += middle - started
            score_s += ended - middle
            per_match.append(ended - middle)
        out["rounds"][name] = {
            "scored": scored,
            "set_s": round(set_s, 2),
            "score_s": round(score_s, 2),
            "per_match_s": [round(s, 2) for s in per_match],
            "per_1000_ms": round(score_s / max(scored, 1) * 1e6, 2),
        }
        log(
            f"  {name}: {scored:,} predictions scored in {score_s:.1f} s (results set in {set_s:.2f} s)"
        )
    out["recompute_one_match_s"] = recompute_alternative(instances.season.pk, day.pk, matches[0].pk)
    log(
        f"  the alternative, recomputing one match's readers' tallies: {out['recompute_one_match_s']} s"
    )
    started = time.perf_counter()
    out["season_tallies_wrong"] = tallies_check(instances.season.pk)
    out["check_s"] = round(time.perf_counter() - started, 1)
    log(
        f"  season tallies differing from a recomputation: {out['season_tallies_wrong']} ({out['check_s']} s)"
    )
    return out


def recompute_alternative(season_id: int, day_id: int, match_id: int) -> float:
    """What scoring one match would cost if it recomputed its readers' tallies instead of
    adding differences: their match-day tallies from the day's predictions, then their season
    tallies from all their match-day tallies (the month's left out), rolled back."""
    from django.db import transaction

    started = time.perf_counter()
    with transaction.atomic():
        readers = "SELECT user_id FROM pronostics_prediction WHERE match_id = %s"
        sql(
            "INSERT INTO pronostics_matchdaytally (match_day_id, user_id, points, exact, outcomes, since) "
            "SELECT %s, p.user_id, SUM(p.points), SUM(CASE WHEN p.grade = 3 THEN 1 ELSE 0 END), SUM(CASE WHEN p.grade >= 1 THEN 1 ELSE 0 END), MIN(p.created_at) "
            f"FROM pronostics_prediction p JOIN pronostics_match m ON m.id = p.match_id WHERE m.match_day_id = %s AND p.points IS NOT NULL AND p.user_id IN ({readers}) GROUP BY p.user_id "
            "ON CONFLICT (match_day_id, user_id) DO UPDATE SET points = excluded.points, exact = excluded.exact, outcomes = excluded.outcomes, since = excluded.since",
            [day_id, day_id, match_id],
        )
        sql(
            "INSERT INTO pronostics_seasontally (season_id, user_id, points, exact, outcomes, since) "
            "SELECT %s, t.user_id, SUM(t.points), SUM(t.exact), SUM(t.outcomes), MIN(t.since) "
            f"FROM pronostics_matchdaytally t JOIN pronostics_matchday d ON d.id = t.match_day_id WHERE d.season_id = %s AND t.user_id IN ({readers}) GROUP BY t.user_id "
            "ON CONFLICT (season_id, user_id) DO UPDATE SET points = excluded.points, exact = excluded.exact, outcomes = excluded.outcomes, since = excluded.since",
            [season_id, season_id, match_id],
        )
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return round(elapsed, 2)


def tallies_check(season_id: int) -> int:
    """Season tallies that differ from the sums of the season's scored predictions."""
    return sql(
        "SELECT count(*) FROM ("
        "  (SELECT user_id, points, exact, outcomes, since FROM pronostics_seasontally WHERE season_id = %s) "
        "  EXCEPT "
        "  (SELECT p.user_id, SUM(p.points), SUM(CASE WHEN p.grade = 3 THEN 1 ELSE 0 END), SUM(CASE WHEN p.grade >= 1 THEN 1 ELSE 0 END), MIN(p.created_at) "
        "   FROM pronostics_prediction p JOIN pronostics_match m ON m.id = p.match_id JOIN pronostics_matchday d ON d.id = m.match_day_id "
        "   WHERE d.season_id = %s AND p.points IS NOT NULL GROUP BY p.user_id)"
        ") differing",
        [season_id, season_id],
        fetch=True,
    )[0][0]


def explain_deep_page(instances: Instances) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of a deep page of the season's leaderboard."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rotative.pronostics import selectors

    with CaptureQueriesContext(connection) as queries:
        selectors.leaderboard_season(season=instances.season, page=instances.pages * 3 // 4)
    statement = queries.captured_queries[-1]["sql"]
    rows = sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, fetch=True)
    return "\n".join(row[0] for row in rows)
