"""Leaderboards of a season, a match day, a Paris month and a private league, ties broken by
the documented rule (scoring.py), the SQL order the same as the pure function's."""

import random
from datetime import timedelta

import pytest
import time_machine

from rotative.accounts.tests.factories import ReaderFactory
from rotative.pronostics import selectors, services
from rotative.pronostics.scoring import leaderboard_order
from rotative.pronostics.services import PronosticsError
from rotative.pronostics.tests.factories import match, match_day, paris, result_set, season

pytestmark = pytest.mark.django_db

PREDICTED = paris(2026, 11, 20, 12, 0)
RESULTS = paris(2026, 12, 2, 12, 0)
# Three matches: two in November, the third at 00:30 on 1 December in Paris (still
# 30 November in UTC): a Paris month.
SCORES = {
    #          2-1 (m1)  0-0 (m2)  1-0 (m3)       points  exact  outcomes
    "Anne": [(2, 1), (1, 1), (0, 2)],  # 4+3+0 = 7   1      2
    "Bruno": [(3, 2), (0, 0), (0, 1)],  # 3+4+0 = 7   1      2
    "Chloé": [(3, 1), (2, 2), (2, 0)],  # 2+3+2 = 7   0      3
    "David": [(2, 1), (1, 0), (1, 0)],  # 4+0+4 = 8   2      2
    "Emma": [(0, 0), (3, 3), (2, 0)],  # 0+3+2 = 5   0      2
}


@pytest.fixture
def game(readers, editor):
    """The season played, every prediction made at the same instant."""
    return play(readers, editor)


def play(readers, editor, *, earlier: str = ""):
    """The season played; the reader named `earlier` predicted three days before the others."""
    first, second = match_day(1), match_day(2)
    matches = [
        match("US Granville", "FC Saint-Lô Manche", day=first, kickoff=paris(2026, 11, 28, 18)),
        match("AS Cherbourg", "Stade Briochin", day=first, kickoff=paris(2026, 11, 30, 23, 30)),
        match("Stade Briochin", "US Granville", day=second, kickoff=paris(2026, 12, 1, 0, 30)),
    ]
    by_name = {reader.profile.display_name: reader for reader in readers}
    for name, predictions in SCORES.items():
        when = PREDICTED - timedelta(days=3) if name == earlier else PREDICTED
        with time_machine.travel(when, tick=False):
            for one, (home, away) in zip(matches, predictions, strict=True):
                services.prediction_save(
                    user=by_name[name], match=one, home_goals=home, away_goals=away
                )
    for one, (home, away) in zip(matches, [(2, 1), (0, 0), (1, 0)], strict=True):
        result_set(by=editor, match=one, home_score=home, away_score=away, now=RESULTS)
    return {"season": season(), "days": (first, second), "matches": matches, "readers": by_name}


def table(page) -> list[tuple[int, str, int]]:
    return [(row.rank, row.display_name, row.points) for row in page.object_list]


def test_the_season_table_breaks_ties_on_exact_scores_outcomes_then_the_account(game):
    # Anne and Bruno tie on everything but their accounts: Anne's is the older.
    assert table(selectors.leaderboard_season(season=game["season"])) == [
        (1, "David", 8),
        (2, "Anne", 7),
        (3, "Bruno", 7),
        (4, "Chloé", 7),
        (5, "Emma", 5),
    ]


def test_the_first_to_predict_goes_ahead_of_an_equal(readers, editor):
    game = play(readers, editor, earlier="Bruno")
    names = [row.display_name for row in selectors.leaderboard_season(season=game["season"])]
    assert names == ["David", "Bruno", "Anne", "Chloé", "Emma"]


def test_the_sql_order_is_the_pure_functions_order(game):
    page = selectors.leaderboard_season(season=game["season"])
    rows = list(page.object_list)
    random.Random(4).shuffle(rows)
    assert leaderboard_order(rows) == page.object_list


def test_a_match_day_table_counts_only_its_matches(game):
    assert table(selectors.leaderboard_match_day(match_day=game["days"][0])) == [
        (1, "Anne", 7),
        (2, "Bruno", 7),
        (3, "Chloé", 5),
        (4, "David", 4),
        (5, "Emma", 3),
    ]


def test_a_month_table_counts_the_matches_kicked_off_in_that_paris_month(game):
    november = selectors.leaderboard_month(season=game["season"], year=2026, month=11)
    december = selectors.leaderboard_month(season=game["season"], year=2026, month=12)
    assert table(november)[0] == (1, "Anne", 7)
    assert table(december) == [
        (1, "David", 4),
        (2, "Chloé", 2),
        (3, "Emma", 2),
        (4, "Anne", 0),
        (5, "Bruno", 0),
    ]


def test_a_page_of_a_table_is_one_query(game, django_assert_num_queries):
    with django_assert_num_queries(1):  # the sums, the tie-breaks and the number of lines
        page = selectors.leaderboard_season(season=game["season"], page=2, per_page=2)
        rows = table(page)
        assert (page.paginator.num_pages, page.has_next()) == (3, True)
    assert rows == [(3, "Bruno", 7), (4, "Chloé", 7)]
    league = services.league_create(owner=game["readers"]["Emma"], name="Seule")
    with django_assert_num_queries(1):
        assert table(selectors.leaderboard_league(league=league, season=game["season"])) == [
            (1, "Emma", 5)
        ]


def test_a_page_past_the_end_is_the_last_one(game):
    page = selectors.leaderboard_season(season=game["season"], page=9, per_page=2)
    assert (page.number, table(page)) == (3, [(5, "Emma", 5)])


def test_a_private_league_ranks_only_its_members_every_one_listed(game):
    anne, chloe = game["readers"]["Anne"], game["readers"]["Chloé"]
    league = services.league_create(owner=anne, name="  Les anciens du lycée  ")
    assert league.name == "Les anciens du lycée"
    services.league_join(user=chloe, token=league.invite_token)
    services.league_join(user=chloe, token=league.invite_token)  # the link followed twice
    newcomer = ReaderFactory(display_name="Fabrice")
    services.league_join(user=newcomer, token=league.invite_token)
    assert table(selectors.leaderboard_league(league=league, season=game["season"])) == [
        (1, "Anne", 7),
        (2, "Chloé", 7),
        (3, "Fabrice", 0),
    ]
    assert league.memberships.count() == 3


def test_an_unknown_invite_link_is_refused(readers):
    with pytest.raises(PronosticsError, match="Ce lien d'invitation n'est pas valable."):
        services.league_join(user=readers[0], token="pas-un-vrai-lien")
    with pytest.raises(PronosticsError, match="Donnez un nom à votre ligue."):
        services.league_create(owner=readers[0], name="   ")


def test_invite_links_differ_from_league_to_league(readers):
    tokens = {
        services.league_create(owner=readers[0], name=f"Ligue {n}").invite_token for n in range(5)
    }
    assert len(tokens) == 5 and all(len(token) >= 22 for token in tokens)


def test_a_season_nobody_played_yet_has_an_empty_first_page():
    page = selectors.leaderboard_season(season=season(label="2027-2028"))
    assert (page.number, page.object_list, page.paginator.num_pages) == (1, [], 1)
