"""The game's home and the season's leaderboard read a fixed number of queries, however many
matches, readers and predictions (a logged-in reader: never served from the front cache)."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rotative.accounts.tests.factories import ReaderFactory
from rotative.pronostics import services
from rotative.pronostics.models import Match, MatchDay, Prediction
from rotative.pronostics.tests.factories import match, match_day, paris

pytestmark = pytest.mark.django_db

KICKOFF = paris(2026, 12, 12, 18, 0)
NOW = KICKOFF + timedelta(hours=3)
CLUBS = [f"Club {letter}" for letter in "ABCDEFGHIJKL"]


def queries(client, path) -> int:
    client.get(path)  # the site's blocks, cached after a first page
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def play(*, pairs, readers, editor):
    """One match played, the others still open; every reader predicted every one."""
    day = match_day(1)
    made = [
        match(home, away, day=day, kickoff=KICKOFF + timedelta(hours=6 * n))
        for n, (home, away) in enumerate(pairs)
    ]
    with time_machine.travel(KICKOFF - timedelta(days=1), tick=False):
        for reader in readers:
            for one in made:
                services.prediction_save(user=reader, match=one, home_goals=1, away_goals=0)
    services.match_result_set(
        by=editor, match=made[0], home_score=1, away_score=0, now=KICKOFF + timedelta(hours=2)
    )


def test_the_home_and_the_leaderboard_do_not_grow_with_the_game(
    client, home, editor, django_assert_max_num_queries
):
    me = ReaderFactory(display_name="Moi")
    client.force_login(me)
    play(pairs=[CLUBS[0:2], CLUBS[2:4]], readers=[me, ReaderFactory()], editor=editor)
    with time_machine.travel(NOW, tick=False):
        few_home = queries(client, "/pronostics/")
        few_board = queries(client, "/pronostics/classement/")
    # The day again with six matches and eight readers: the same pages, as many queries.
    Prediction.objects.all().delete()
    Match.objects.all().delete()
    MatchDay.objects.all().delete()
    pairs = [CLUBS[2 * n : 2 * n + 2] for n in range(6)]
    play(pairs=pairs, readers=[me, *[ReaderFactory() for _ in range(7)]], editor=editor)
    with time_machine.travel(NOW, tick=False):
        assert queries(client, "/pronostics/") == few_home
        assert queries(client, "/pronostics/classement/") == few_board
        # Locked: a new query on these pages is a choice to make, not an accident.
        with django_assert_max_num_queries(16):
            client.get("/pronostics/")
        with django_assert_max_num_queries(17):
            client.get("/pronostics/classement/")
