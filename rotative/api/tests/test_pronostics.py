"""Les pronostics in the app: what a player sees of the match days, when a prediction is still
taken, whose predictions show when, the leaderboards and the private leagues."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rotative.accounts.tests.factories import ReaderFactory
from rotative.api.services import token_create
from rotative.api.tests.conftest import bearer
from rotative.pronostics import services
from rotative.pronostics.models import Match, MatchDay, Prediction
from rotative.pronostics.tests.factories import cancel, match, match_day, paris, result_set

pytestmark = pytest.mark.django_db

KICKOFF = paris(2026, 12, 12, 18, 0)
BEFORE = KICKOFF - timedelta(days=1)
AFTER = KICKOFF + timedelta(minutes=1)
NOW = KICKOFF + timedelta(hours=3)
LATE = "Le coup d'envoi est passé : ce pronostic ne peut plus être modifié."


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("redaction", "sport@example.fr", "x")


@pytest.fixture
def game(db):
    """Match day 1: US Granville – FC Saint-Lô Manche on Saturday 12 December at 18:00."""
    return match(day=match_day(1), kickoff=KICKOFF)


def key_of(user) -> str:
    return token_create(user=user, device="Téléphone")[1]


def predict(client, key, match_id, home, away):
    return client.put(
        f"/api/v1/pronostics/matchs/{match_id}/pronostic",
        {"home_goals": home, "away_goals": away},
        content_type="application/json",
        **bearer(key),
    )


def the_match(body) -> dict:
    return body["match_days"][0]["matches"][0]


# --- before any season ------------------------------------------------------------------------


def test_before_the_first_season_the_answers_are_empty_not_errors(client, db):
    days = client.get("/api/v1/pronostics/journees")
    board = client.get("/api/v1/pronostics/classements/saison")
    month = client.get("/api/v1/pronostics/classements/mois/2026-12")

    assert days.status_code == 200
    assert days.json() == {"season": None, "current_match_day_id": None, "match_days": []}
    assert board.status_code == 200
    assert board.json()["items"] == [] and board.json()["season"] is None
    assert board.json()["title"] == "Classement général"
    assert month.status_code == 200 and month.json()["count"] == 0


# --- match days and predictions ---------------------------------------------------------------


def test_the_season_lists_its_match_days_and_their_matches(client, game):
    with time_machine.travel(BEFORE, tick=False):
        body = client.get("/api/v1/pronostics/journees").json()

    assert body["season"]["label"] == "2026-2027"
    assert body["season"]["competition"]["name"] == "Régionale 1 Normandie"
    assert body["current_match_day_id"] == game.match_day_id
    day = body["match_days"][0]
    assert (day["number"], day["label"]) == (1, "1re journée")
    assert day["url"].endswith(f"/pronostics/journee/1/?saison={game.match_day.season_id}")
    found = day["matches"][0]
    assert found["home"]["name"] == "US Granville"
    assert found["away"]["name"] == "FC Saint-Lô Manche"
    assert found["kickoff"] == "2026-12-12T18:00:00+01:00"
    assert (found["status"], found["open"], found["result"]) == ("programme", True, None)
    assert found["my_prediction"] is None and found["crowd"] is None


def test_a_reader_predicts_until_kick_off_and_sees_their_own_score(client, game, reader):
    key = key_of(reader)
    with time_machine.travel(BEFORE, tick=False):
        saved = predict(client, key, game.pk, 2, 1)
        changed = predict(client, key, game.pk, 3, 1)
        mine = the_match(client.get("/api/v1/pronostics/journees", **bearer(key)).json())

    assert saved.status_code == 200
    assert saved.json()["my_prediction"]["home_goals"] == 2
    assert changed.status_code == 200
    assert (mine["my_prediction"]["home_goals"], mine["my_prediction"]["away_goals"]) == (3, 1)
    assert Prediction.objects.get(user=reader, match=game).home_goals == 3


def test_a_late_prediction_is_refused_with_its_code_and_the_webs_words(client, game, reader):
    key = key_of(reader)
    with time_machine.travel(BEFORE, tick=False):
        predict(client, key, game.pk, 1, 1)
    with time_machine.travel(AFTER, tick=False):
        late = predict(client, key, game.pk, 4, 0)

    assert late.status_code == 409
    assert late.json()["code"] == "kickoff_passed"
    assert late.json()["message"] == LATE
    assert Prediction.objects.get(user=reader, match=game).home_goals == 1


def test_a_cancelled_match_is_refused_with_its_own_code(client, game, reader, editor):
    cancel(by=editor, match=game)
    with time_machine.travel(BEFORE, tick=False):
        response = predict(client, key_of(reader), game.pk, 1, 0)

    assert response.status_code == 409
    assert response.json()["code"] == "match_cancelled"


def test_predicting_needs_a_key_and_a_score_in_range(client, game, reader):
    with time_machine.travel(BEFORE, tick=False):
        anonymous = client.put(
            f"/api/v1/pronostics/matchs/{game.pk}/pronostic",
            {"home_goals": 1, "away_goals": 0},
            content_type="application/json",
        )
        too_many = predict(client, key_of(reader), game.pk, 100, 0)
        unknown = predict(client, key_of(reader), 10**18, 1, 0)
        huge = predict(client, key_of(reader), 10**30, 1, 0)

    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "authentication_required"
    assert too_many.status_code == 422
    assert too_many.json()["errors"][0]["field"] == "home_goals"
    assert unknown.status_code == 404
    assert huge.status_code == 422
    assert not Prediction.objects.exists()


def test_another_readers_prediction_never_shows_before_kick_off(client, game, reader):
    anne = ReaderFactory(display_name="Anne")
    with time_machine.travel(BEFORE, tick=False):
        services.prediction_save(user=anne, match=game, home_goals=5, away_goals=0)
        as_marie = the_match(
            client.get("/api/v1/pronostics/journees", **bearer(key_of(reader))).json()
        )
        anonymous = client.get(f"/api/v1/pronostics/journees/{game.match_day_id}").json()
    with time_machine.travel(AFTER, tick=False):
        after = the_match(
            client.get("/api/v1/pronostics/journees", **bearer(key_of(reader))).json()
        )

    assert as_marie["my_prediction"] is None and as_marie["crowd"] is None
    assert anonymous["matches"][0]["crowd"] is None
    # After kick-off: the crowd's split, as the web shows it; still not Anne's score as hers.
    assert after["crowd"] == {"total": 1, "home": 1, "draw": 0, "away": 0}
    assert after["my_prediction"] is None
    assert after["open"] is False and after["started"] is True


def test_a_played_match_shows_its_result_and_the_readers_points(client, game, reader, editor):
    key = key_of(reader)
    with time_machine.travel(BEFORE, tick=False):
        predict(client, key, game.pk, 2, 1)
    result_set(by=editor, match=game, home_score=2, away_score=1, now=KICKOFF + timedelta(hours=2))
    with time_machine.travel(KICKOFF + timedelta(hours=3), tick=False):
        found = client.get(f"/api/v1/pronostics/journees/{game.match_day_id}", **bearer(key))

    played = found.json()["matches"][0]
    assert played["status"] == "joue"
    assert played["result"] == {"home": 2, "away": 1}
    assert played["my_prediction"]["grade"] == "exact"
    assert played["my_prediction"]["grade_label"] == "Score exact"
    assert played["my_prediction"]["points"] == 4
    assert found.json()["season"]["label"] == "2026-2027"


def test_a_bad_key_is_refused_even_on_a_public_read(client, game):
    response = client.get("/api/v1/pronostics/journees", **bearer("pas-une-cle"))

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"


def test_an_unknown_match_day_is_a_404(client, game):
    response = client.get("/api/v1/pronostics/journees/999999")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# --- leaderboards ------------------------------------------------------------------------------


def play(*, readers, editor, pairs=(("US Granville", "FC Saint-Lô Manche"),)):
    """Every reader predicts every match of day 1, reader n scoring n-1 goals at home; the
    first match ends 2-0."""
    day = match_day(1)
    made = [
        match(home, away, day=day, kickoff=KICKOFF + timedelta(hours=3 * n))
        for n, (home, away) in enumerate(pairs)
    ]
    with time_machine.travel(BEFORE, tick=False):
        for n, one in enumerate(readers):
            for game in made:
                services.prediction_save(user=one, match=game, home_goals=n, away_goals=0)
    result_set(
        by=editor, match=made[0], home_score=2, away_score=0, now=KICKOFF + timedelta(hours=2)
    )
    return day


def test_the_season_leaderboard_ranks_the_players_and_gives_the_readers_place(
    client, reader, editor
):
    bruno, anne = ReaderFactory(display_name="Bruno"), ReaderFactory(display_name="Anne")
    # Anne: 0-0 (missed), Bruno: 1-0 (right outcome), Marie: 2-0 (exact).
    play(readers=[anne, bruno, reader], editor=editor)

    body = client.get("/api/v1/pronostics/classements/saison", **bearer(key_of(reader))).json()

    assert [(line["rank"], line["display_name"]) for line in body["items"]] == [
        (1, "Marie L."),
        (2, "Bruno"),
        (3, "Anne"),
    ]
    assert [line["me"] for line in body["items"]] == [True, False, False]
    assert body["me"]["rank"] == 1 and body["me"]["points"] == 4
    assert (body["count"], body["page"], body["pages"]) == (3, 1, 1)
    assert "email" not in str(body) and "@" not in str(body)


def test_the_match_day_and_month_leaderboards_give_the_readers_place(client, reader, editor):
    anne = ReaderFactory(display_name="Anne")
    day = play(readers=[reader, anne], editor=editor)  # Marie 0-0: missed; Anne 1-0
    key = key_of(reader)

    by_day = client.get(f"/api/v1/pronostics/classements/journees/{day.pk}", **bearer(key))
    by_month = client.get("/api/v1/pronostics/classements/mois/2026-12", **bearer(key))
    anonymous = client.get("/api/v1/pronostics/classements/mois/2026-12")

    assert by_day.json()["title"] == "Classement de la 1re journée"
    assert by_day.json()["me"]["rank"] == 2
    assert by_month.json()["title"] == "Classement du mois : décembre 2026"
    assert [line["display_name"] for line in by_month.json()["items"]] == ["Anne", "Marie L."]
    assert by_month.json()["me"]["rank"] == 2
    assert anonymous.json()["me"] is None
    assert client.get("/api/v1/pronostics/classements/mois/2026-13").status_code == 422
    assert client.get("/api/v1/pronostics/classements/mois/1800-01").status_code == 404


def test_a_leaderboard_page_reads_as_many_queries_however_many_players(
    client, reader, editor, django_assert_max_num_queries
):
    key = key_of(reader)

    def count(path) -> int:
        client.get(path, **bearer(key))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path, **bearer(key)).status_code == 200
        return len(captured)

    two = [("Club A", "Club B"), ("Club C", "Club D")]  # one played, one still to come
    play(readers=[reader, ReaderFactory()], editor=editor, pairs=two)
    paths = ["/api/v1/pronostics/classements/saison", "/api/v1/pronostics/journees"]
    with time_machine.travel(NOW, tick=False):
        few = [count(path) for path in paths]
    # The day again with six matches and eight players: the same answers, as many queries.
    Prediction.objects.all().delete()
    Match.objects.all().delete()
    MatchDay.objects.all().delete()
    pairs = [(f"Club {n}E", f"Club {n}F") for n in range(6)]
    play(readers=[reader, *[ReaderFactory() for _ in range(7)]], editor=editor, pairs=pairs)

    with time_machine.travel(NOW, tick=False):
        assert [count(path) for path in paths] == few, few
        # Locked: a new query on these answers is a choice to make, not an accident.
        with django_assert_max_num_queries(4):
            client.get(paths[0], **bearer(key))
        with django_assert_max_num_queries(6):
            client.get(paths[1], **bearer(key))


# --- private leagues ---------------------------------------------------------------------------


@pytest.fixture
def league(reader):
    return services.league_create(owner=reader, name="Les copains du port")


def test_a_member_reads_their_leagues_and_its_leaderboard(client, league, reader, editor):
    play(readers=[reader], editor=editor)
    key = key_of(reader)

    mine = client.get("/api/v1/pronostics/ligues", **bearer(key)).json()
    board = client.get(f"/api/v1/pronostics/ligues/{league.pk}/classement", **bearer(key))

    assert mine == [
        {
            "id": league.pk,
            "name": "Les copains du port",
            "members": 1,
            "owner": True,
            "url": mine[0]["url"],
        }
    ]
    assert board.status_code == 200
    assert board.json()["items"][0]["display_name"] == "Marie L."
    assert board.json()["me"]["rank"] == 1
    assert board.json()["invite_url"].endswith(
        f"/pronostics/ligues/rejoindre/{league.invite_token}/"
    )


def test_a_league_is_a_404_for_a_non_member_exactly_like_an_unknown_one(client, league):
    stranger = key_of(ReaderFactory(display_name="Intrus"))

    theirs = client.get(f"/api/v1/pronostics/ligues/{league.pk}/classement", **bearer(stranger))
    unknown = client.get("/api/v1/pronostics/ligues/987654/classement", **bearer(stranger))
    anonymous = client.get(f"/api/v1/pronostics/ligues/{league.pk}/classement")

    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json() == unknown.json()
    assert "copains" not in theirs.content.decode()
    assert anonymous.status_code == 401
    assert client.get("/api/v1/pronostics/ligues", **bearer(stranger)).json() == []


def test_a_reader_joins_a_league_with_its_invite_code_or_link(client, league):
    paul = key_of(ReaderFactory(display_name="Paul"))
    link = f"https://www.example.fr/pronostics/ligues/rejoindre/{league.invite_token}/"

    joined = client.post(
        "/api/v1/pronostics/ligues/rejoindre",
        {"code": link},
        content_type="application/json",
        **bearer(paul),
    )
    again = client.post(
        "/api/v1/pronostics/ligues/rejoindre",
        {"code": league.invite_token},
        content_type="application/json",
        **bearer(paul),
    )
    wrong = client.post(
        "/api/v1/pronostics/ligues/rejoindre",
        {"code": "faux\x00code"},
        content_type="application/json",
        **bearer(paul),
    )

    assert joined.status_code == 200 and joined.json()["members"] == 2
    assert again.json()["members"] == 2
    assert joined.json()["owner"] is False
    assert wrong.status_code == 404
    assert wrong.json() == {
        "code": "invite_invalid",
        "message": "Ce lien d'invitation n'est pas valable.",
        "errors": [],
    }
    board = client.get(f"/api/v1/pronostics/ligues/{league.pk}/classement", **bearer(paul))
    assert board.status_code == 200


def test_the_day_and_league_boards_read_a_fixed_number_of_queries(
    client, reader, league, editor, django_assert_max_num_queries
):
    day = play(readers=[reader, *[ReaderFactory() for _ in range(5)]], editor=editor)
    key = key_of(reader)

    with time_machine.travel(NOW, tick=False):
        client.get("/api/v1/moi", **bearer(key))  # the key's use is recorded once in a while
        with django_assert_max_num_queries(4):
            by_day = client.get(f"/api/v1/pronostics/classements/journees/{day.pk}", **bearer(key))
        with django_assert_max_num_queries(6):
            board = client.get(f"/api/v1/pronostics/ligues/{league.pk}/classement", **bearer(key))

    assert by_day.json()["count"] == 6
    assert board.json()["count"] == 1


# --- the site's own pages, signed in by their session ---------------------------------------------


def test_a_prediction_through_the_session_needs_the_csrf_token(game, reader):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reader)
    url = f"/api/v1/pronostics/matchs/{game.pk}/pronostic"
    body = {"home_goals": 1, "away_goals": 0}
    with time_machine.travel(BEFORE, tick=False):
        forged = browser.put(url, body, content_type="application/json")
        browser.get("/pronostics/")  # the page sets the CSRF cookie
        token = browser.cookies["csrftoken"].value
        sent = browser.put(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)

    assert forged.status_code == 403
    assert sent.status_code == 200
    assert Prediction.objects.get(user=reader).home_goals == 1
