"""The game's pages as a reader sees them: the match day to predict, the form that refuses a
match after kick-off, « Mes pronostics », the leaderboards."""

import html
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from rotative.pronostics import services
from rotative.pronostics.models import Prediction
from rotative.pronostics.tests.factories import match, match_day, paris, result_set, season

pytestmark = pytest.mark.django_db

KICKOFF = paris(2026, 12, 12, 18, 0)  # a Saturday
BEFORE = KICKOFF - timedelta(days=1)
LOCKED = "Le coup d'envoi est passé : ce pronostic ne peut plus être modifié."
HOME = "/pronostics/"


@pytest.fixture
def day(home):
    """The 1st match day: two matches on Saturday, the bonus one on Sunday."""
    first = match_day(1)
    saturday = match("US Granville", "FC Saint-Lô Manche", day=first, kickoff=KICKOFF)
    sunday = match("AS Cherbourg", "Stade Briochin", day=first, kickoff=KICKOFF + timedelta(days=1))
    with time_machine.travel(BEFORE, tick=False):
        services.match_day_bonus_set(by=None, match_day=first, match=sunday)
    match_day(2)
    return {"day": first, "saturday": saturday, "sunday": sunday}


def post_scores(client, day, scores: dict):
    data = {}
    for one, (home, away) in scores.items():
        data[f"m{one.pk}-home_goals"] = home
        data[f"m{one.pk}-away_goals"] = away
    return client.post(reverse("pronostics:match_day", kwargs={"number": day.number}), data)


def text(response) -> str:
    return html.unescape(response.content.decode())


@time_machine.travel(BEFORE, tick=False)
def test_anonymous_readers_see_the_matches_in_paris_time_and_an_invitation(client, day):
    response = client.get(HOME)
    page = text(response)
    assert response.status_code == 200
    assert "US Granville" in page and "FC Saint-Lô Manche" in page
    assert "samedi 12 décembre à 18h00" in page
    assert "dimanche 13 décembre à 18h00" in page
    assert "Stade Louis-Dior" in page
    assert "Match bonus : points ×2" in page
    assert "/compte/connexion/?next=/pronostics/" in page
    assert "Se connecter pour jouer" in page
    assert 'name="m' not in page  # no score box for a stranger
    assert "<title>Les pronostics |" in page


@time_machine.travel(BEFORE, tick=False)
def test_a_reader_predicts_the_whole_day_in_one_form_and_finds_it_again(client, day, readers):
    anne = readers[0]
    client.force_login(anne)
    response = post_scores(client, day["day"], {day["saturday"]: (2, 1), day["sunday"]: (0, 0)})
    assert response.status_code == 302
    page = text(client.get(response["Location"]))
    assert "2 pronostics enregistrés." in page
    assert 'value="2"' in page and 'value="1"' in page
    saved = {(p.match_id, p.home_goals, p.away_goals) for p in Prediction.objects.all()}
    assert saved == {(day["saturday"].pk, 2, 1), (day["sunday"].pk, 0, 0)}


@time_machine.travel(BEFORE, tick=False)
def test_a_bad_score_is_refused_in_french_and_what_was_typed_stays(client, day, readers):
    client.force_login(readers[0])
    response = post_scores(
        client, day["day"], {day["saturday"]: ("100", "1"), day["sunday"]: ("3", "")}
    )
    page = text(response)
    assert response.status_code == 400
    assert "Un score va de 0 à 99 buts." in page
    assert "Indiquez le score des deux équipes." in page
    assert 'value="100"' in page and 'value="3"' in page
    assert not Prediction.objects.exists()


def test_after_kickoff_the_match_is_locked_and_a_forged_post_is_refused(client, day, readers):
    anne = readers[0]
    client.force_login(anne)
    with time_machine.travel(BEFORE, tick=False):
        post_scores(client, day["day"], {day["saturday"]: (1, 0)})
    with time_machine.travel(KICKOFF + timedelta(minutes=5), tick=False):
        page = text(client.get(HOME))
        assert f'name="m{day["saturday"].pk}-home_goals"' not in page
        assert f'name="m{day["sunday"].pk}-home_goals"' in page  # Sunday's still open
        assert "Coup d'envoi passé : pronostics fermés." in page
        assert "Votre pronostic : 1 – 0" in page
        # The browser's page was older than the kick-off, or the reader forged the request.
        response = post_scores(client, day["day"], {day["saturday"]: (3, 0)})
        assert response.status_code == 400
        assert LOCKED in text(response)
    prediction = Prediction.objects.get(user=anne)
    assert (prediction.home_goals, prediction.away_goals) == (1, 0)


def test_after_kickoff_everyone_sees_the_predictions_and_the_scored_result(
    client, day, readers, editor
):
    anne, bruno = readers[0], readers[1]
    with time_machine.travel(BEFORE, tick=False):
        services.prediction_save(user=anne, match=day["saturday"], home_goals=2, away_goals=1)
        services.prediction_save(user=bruno, match=day["saturday"], home_goals=0, away_goals=1)
        # Before the kick-off nobody sees Anne's score, Bruno neither.
        client.force_login(bruno)
        hidden = text(client.get(reverse("pronostics:match", kwargs={"pk": day["saturday"].pk})))
        assert "Anne" not in hidden
    result_set(
        by=editor,
        match=day["saturday"],
        home_score=2,
        away_score=1,
        now=KICKOFF + timedelta(hours=2),
    )
    with time_machine.travel(KICKOFF + timedelta(hours=3), tick=False):
        client.force_login(anne)
        page = text(client.get(HOME))
        assert "Score exact" in page and "4 points" in page
        assert "2 pronostics" in page
        shown = text(client.get(reverse("pronostics:match", kwargs={"pk": day["saturday"].pk})))
        assert "Anne" in shown and "Bruno" in shown
        assert "lecteur" not in shown  # display names, never e-mails


def test_mes_pronostics_lists_points_per_day_grades_and_what_waits(client, day, readers, editor):
    anne = readers[0]
    with time_machine.travel(BEFORE, tick=False):
        services.prediction_save(user=anne, match=day["saturday"], home_goals=3, away_goals=1)
        services.prediction_save(user=anne, match=day["sunday"], home_goals=1, away_goals=1)
    result_set(
        by=editor,
        match=day["saturday"],
        home_score=2,
        away_score=0,
        now=KICKOFF + timedelta(hours=2),
    )
    with time_machine.travel(KICKOFF + timedelta(hours=3), tick=False):
        client.force_login(anne)
        page = text(client.get(reverse("pronostics:mine")))
    assert "Bon écart" in page
    assert "en attente du résultat" in page
    assert "Total de la saison : <strong>3 points</strong>" in page


def test_mes_pronostics_asks_a_stranger_to_log_in(client, day):
    response = client.get(reverse("pronostics:mine"))
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/?next=/pronostics/mes-pronostics/")


@pytest.fixture
def played(day, readers, editor):
    """Anne 2-1 (exact, 4), Bruno 3-1 (outcome, 2), Chloé 1-2 (miss, 0) on Saturday."""
    for reader, (home, away) in zip(readers[:3], [(2, 1), (3, 1), (1, 2)], strict=True):
        with time_machine.travel(BEFORE, tick=False):
            services.prediction_save(
                user=reader, match=day["saturday"], home_goals=home, away_goals=away
            )
    result_set(
        by=editor,
        match=day["saturday"],
        home_score=2,
        away_score=1,
        now=KICKOFF + timedelta(hours=2),
    )
    return day


@time_machine.travel(KICKOFF + timedelta(hours=3), tick=False)
def test_the_leaderboard_shows_ranks_in_order_and_the_readers_own_place(client, played, readers):
    client.force_login(readers[1])
    page = text(client.get(reverse("pronostics:leaderboard")))
    board = page[page.index('<table class="prono-table"') :]
    assert board.index("Anne") < board.index("Bruno") < board.index("Chloé")
    assert "Votre place : <strong>2e</strong> sur 3" in page
    assert 'class="prono-table__me"' in page
    assert "@example.fr" not in page


@time_machine.travel(KICKOFF + timedelta(hours=3), tick=False)
def test_leaderboards_of_a_day_and_a_month_and_pages_past_the_end(client, played):
    day_board = text(client.get(reverse("pronostics:leaderboard_match_day", kwargs={"number": 1})))
    assert "Classement de la 1re journée" in day_board
    assert day_board.index("Anne") < day_board.index("Bruno")
    month = text(client.get(reverse("pronostics:leaderboard_month", kwargs={"month": (2026, 12)})))
    assert "décembre 2026" in month and "Anne" in month
    for page in ("999999999999", "-1", "abc", "99999999999999999999999"):
        response = client.get(reverse("pronostics:leaderboard"), {"page": page})
        assert response.status_code == 200
    assert client.get("/pronostics/classement/mois/2026-13/").status_code == 404
    assert client.get("/pronostics/classement/journee/99/").status_code == 404


def test_the_footer_links_to_the_game(client, day):
    page = text(client.get(HOME))
    assert '<a href="/pronostics/">Les pronostics</a>' in page


def test_no_season_yet_says_so(client, home):
    response = client.get(HOME)
    assert response.status_code == 200
    assert "pas encore publié" in text(response)
    board = client.get(reverse("pronostics:leaderboard"))
    assert board.status_code == 200 and "Aucune saison n'est encore ouverte" in text(board)


def test_a_season_of_another_competition_by_its_id(client, day):
    other = season(competition="Coupe de Normandie", label="2026-2027")
    assert client.get(HOME, {"saison": other.pk}).status_code == 200
    assert client.get(HOME, {"saison": "x"}).status_code == 404
    assert client.get(HOME, {"saison": "999999"}).status_code == 404
