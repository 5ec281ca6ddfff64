"""The demo's game: a new install shows a living game, half a season played and scored, a
leaderboard, the next match day open; fast, and loaded once."""

import time
from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction
from django.db.models import F
from django.urls import get_resolver
from django.utils.timezone import localtime

from rotative.core.demo.registry import DemoRun, demo_parts
from rotative.pronostics import demo, selectors
from rotative.pronostics.models import Club, League, Match, MatchDay, Prediction, Season

pytestmark = pytest.mark.django_db


def load(now: datetime) -> DemoRun:
    run = DemoRun(now=now)
    with transaction.atomic():
        demo.demo_pronostics_load(run)
    return run


@pytest.mark.parametrize(
    "now",
    [
        datetime(2027, 1, 13, 10, 0, tzinfo=UTC),  # a Wednesday
        datetime(2027, 1, 17, 13, 30, tzinfo=UTC),  # a Sunday, during the open match day
    ],
)
def test_the_demo_shows_half_a_season_played_and_the_next_match_day_open(
    now, django_assert_max_num_queries
):
    # A second or two (the predictions written in bulk, each played match scored once with
    # its tallies): locked by its statement count, which a busy machine does not change:
    # ~1,500 with savepoints, ~2,100 once the admin is loaded, whose viewsets put the matches
    # in Wagtail's reference index (then updated on each save). Loaded first here, so that the
    # count does not depend on which tests ran before in the process.
    get_resolver().resolve("/admin/")
    started = time.monotonic()
    with django_assert_max_num_queries(2300):
        run = load(now)
    print(f"demo pronostics: {time.monotonic() - started:.1f} s")

    assert Club.objects.count() == 12
    season = Season.objects.get(label="2026-2027")
    days = MatchDay.objects.filter(season=season)
    assert days.count() == 22
    assert all(day.matches.count() == 6 and day.bonus_match_id for day in days)
    # Every club meets every other twice, once at home.
    pairs = set(Match.objects.values_list("home", "away"))
    assert len(pairs) == 12 * 11
    assert {localtime(match.kickoff).weekday() for match in Match.objects.all()} == {5, 6}

    played = Match.objects.filter(status=Match.Status.PLAYED)
    assert 66 <= played.count() <= 69
    assert not played.filter(kickoff__gt=now).exists()
    scored = Prediction.objects.filter(points__isnull=False)
    assert 300 <= scored.count() <= Prediction.objects.count()
    assert not Prediction.objects.filter(match__in=played, points__isnull=True).exists()
    assert Prediction.objects.filter(points__gt=0).exists()
    # Written in bulk, past prediction_save's check: every one was made before its kick-off.
    assert not Prediction.objects.filter(created_at__gte=F("match__kickoff")).exists()

    open_matches = Match.objects.filter(status=Match.Status.SCHEDULED, kickoff__gt=now)
    assert open_matches.filter(match_day__number=12).exists()
    assert open_matches.filter(kickoff__lt=now + timedelta(days=7)).exists()

    board = selectors.leaderboard_season(season=season)
    assert board.paginator.count >= 25
    first, second = board.object_list[:2]
    assert first.points >= second.points > 0 and first.display_name

    league = League.objects.get(name="Les copains du Phare")
    assert league.memberships.count() == 6
    assert any("pronostics" in line for line in run.counts)


def test_the_demo_part_is_registered_and_loads_once():
    part = next(part for part in demo_parts() if part.name == "pronostics")
    assert part.loaded() is False
    load(datetime(2027, 1, 13, 10, 0, tzinfo=UTC))
    assert part.loaded() is True
