"""Editors set up the game in the admin: a competition and its points, seasons, match days
and matches, kick-offs typed and read in Paris time; what the model refuses is a French
sentence on the form, never a server error."""

from datetime import UTC, datetime

import pytest
import time_machine
from wagtail.users.models import UserProfile

from rotative.pronostics.models import Competition, Match, MatchDay, Season
from rotative.pronostics.tests.admin_support import newsroom_editor, predict
from rotative.pronostics.tests.factories import match, match_day, paris, result_set, season

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def points(**changes) -> dict:
    data = {
        "name": "Coupe de Normandie",
        "points_exact": "5",
        "points_difference": "3",
        "points_outcome": "1",
        "bonus_multiplier": "3",
    }
    return {**data, **changes}


def test_an_editor_creates_a_competition_with_its_points(clock, client):
    client.force_login(newsroom_editor())
    assert client.get("/admin/pronostics/competitions/new/").status_code == 200
    response = client.post("/admin/pronostics/competitions/new/", points())
    assert response.status_code == 302
    cup = Competition.objects.get(name="Coupe de Normandie")
    assert (cup.slug, cup.rules.exact, cup.rules.difference, cup.rules.outcome) == (
        "coupe-de-normandie",
        5,
        3,
        1,
    )
    assert cup.bonus_multiplier == 3
    listing = client.get("/admin/pronostics/competitions/").content.decode()
    assert "Coupe de Normandie" in listing


@pytest.mark.parametrize(
    "changes, field, sentence",
    [
        (
            {"points_difference": "6"},
            "points_difference",
            "Le score exact rapporte au moins autant que le bon écart",
        ),
        (
            {"points_outcome": "4"},
            "points_difference",
            "le bon écart au moins autant que le bon résultat",
        ),
        ({"bonus_multiplier": "0"}, "bonus_multiplier", "multiplie les points par 1 au moins"),
    ],
)
def test_points_that_go_up_are_a_french_error_on_the_form(clock, client, changes, field, sentence):
    client.force_login(newsroom_editor())
    response = client.post("/admin/pronostics/competitions/new/", points(**changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert any(sentence in error for error in form.errors[field])
    assert "pronostics_competition" not in response.content.decode()  # no constraint's name
    assert 'value="Coupe de Normandie"' in response.content.decode()  # what was typed is kept
    assert not Competition.objects.exists()


def test_points_no_longer_change_once_predictions_are_scored(clock, client, readers):
    game = match(kickoff=paris(2026, 12, 5, 18, 0))
    predict(game, (2, 1), readers=readers)
    result_set(by=None, match=game, home_score=2, away_score=1)  # and scored
    cup = game.match_day.season.competition
    client.force_login(newsroom_editor())
    url = f"/admin/pronostics/competitions/edit/{cup.pk}/"
    response = client.post(url, points(name=cup.name, points_exact="6"))
    assert response.status_code == 200
    assert "ont déjà été comptés" in response.content.decode()
    cup.refresh_from_db()
    assert cup.points_exact == 4
    # The name alone still changes.
    renamed = client.post(
        url,
        points(
            name="Régionale 1",
            points_exact="4",
            points_difference="3",
            points_outcome="2",
            bonus_multiplier="2",
        ),
    )
    assert renamed.status_code == 302
    cup.refresh_from_db()
    assert cup.name == "Régionale 1"


def test_seasons_and_match_days_are_created_without_duplicates(clock, client):
    cup = season().competition
    client.force_login(newsroom_editor())
    response = client.post(
        "/admin/pronostics/saisons/new/", {"competition": cup.pk, "label": "2027-2028"}
    )
    assert response.status_code == 302
    next_season = Season.objects.get(label="2027-2028")
    again = client.post(
        "/admin/pronostics/saisons/new/", {"competition": cup.pk, "label": "2027-2028"}
    )
    assert again.status_code == 200
    assert "Cette compétition a déjà cette saison." in again.content.decode()

    day = client.post(
        "/admin/pronostics/journees/new/", {"season": next_season.pk, "number": "1", "label": ""}
    )
    assert day.status_code == 302
    assert str(MatchDay.objects.get(season=next_season, number=1)) == "1re journée"
    twice = client.post(
        "/admin/pronostics/journees/new/", {"season": next_season.pk, "number": "1", "label": ""}
    )
    assert "Cette saison a déjà une journée de ce numéro." in twice.content.decode()


def match_form(day, home, away, **changes) -> dict:
    data = {
        "match_day": str(day.pk),
        "home": str(home.pk),
        "away": str(away.pk),
        "kickoff": "12/12/2026 18:00",
        "venue": "Stade Louis-Dior",
    }
    return {**data, **changes}


def clubs():
    from rotative.pronostics import services

    return (
        services.club_find_or_create(name="US Granville")[0],
        services.club_find_or_create(name="FC Saint-Lô Manche")[0],
    )


def test_a_match_kicks_off_at_the_paris_time_typed_whatever_the_editors_time_zone(clock, client):
    day = match_day(1)
    home, away = clubs()
    editor = newsroom_editor()
    # An editor who set their admin profile to another zone still types Paris time.
    profile = UserProfile.get_for_user(editor)
    profile.current_time_zone = "America/New_York"
    profile.save()
    client.force_login(editor)
    response = client.post("/admin/pronostics/matchs/new/", match_form(day, home, away))
    assert response.status_code == 302
    game = Match.objects.get()
    assert game.kickoff == datetime(2026, 12, 12, 17, 0, tzinfo=UTC)  # 18:00 in Paris, winter
    assert game.venue == "Stade Louis-Dior"

    listing = client.get("/admin/pronostics/matchs/").content.decode()
    assert "samedi 12 décembre 2026 à 18h00" in listing
    edit = client.get(f"/admin/pronostics/matchs/edit/{game.pk}/").content.decode()
    assert 'value="12/12/2026 18:00"' in edit  # not the literal « d/m/Y H:i » of old


def test_a_match_form_refuses_in_french_and_keeps_what_was_typed(clock, client):
    day = match_day(1)
    home, away = clubs()
    client.force_login(newsroom_editor())
    same = client.post("/admin/pronostics/matchs/new/", match_form(day, home, home))
    assert same.status_code == 200
    assert "Un club ne peut pas jouer contre lui-même." in same.content.decode()
    bad_date = client.post(
        "/admin/pronostics/matchs/new/", match_form(day, home, away, kickoff="31/02/2026 18:00")
    )
    assert bad_date.status_code == 200
    assert 'value="31/02/2026 18:00"' in bad_date.content.decode()
    client.post("/admin/pronostics/matchs/new/", match_form(day, home, away))
    busy = client.post("/admin/pronostics/matchs/new/", match_form(day, away, home))
    assert busy.status_code == 200
    assert "Un de ces clubs joue déjà lors de cette journée." in busy.content.decode()
    assert Match.objects.count() == 1


def test_a_started_match_moves_only_through_reporter(clock, client, readers):
    game = match(kickoff=paris(2026, 12, 5, 18, 0))
    predict(game, (1, 0), readers=readers[:1])
    client.force_login(newsroom_editor())
    response = client.post(
        f"/admin/pronostics/matchs/edit/{game.pk}/",
        match_form(game.match_day, game.home, game.away, kickoff="19/12/2026 18:00"),
    )
    assert response.status_code == 200
    assert "changez sa date avec « Reporter »" in response.content.decode()
    game.refresh_from_db()
    assert game.kickoff == paris(2026, 12, 5, 18, 0)


def test_the_matches_are_filtered_by_season_match_day_and_status(clock, client):
    first = match(day=match_day(1), kickoff=paris(2026, 12, 12, 18, 0))
    second = match(
        "AS Cherbourg", "Stade Briochin", day=match_day(2), kickoff=paris(2026, 12, 19, 18, 0)
    )
    client.force_login(newsroom_editor())
    page = client.get(f"/admin/pronostics/matchs/?match_day={second.match_day_id}").content.decode()
    assert "AS Cherbourg" in page and "US Granville" not in page
    page = client.get(
        f"/admin/pronostics/matchs/?match_day__season={first.match_day.season_id}&status=programme"
    ).content.decode()
    assert "AS Cherbourg" in page and "US Granville" in page


def test_the_bonus_match_is_chosen_before_the_day_starts_and_then_no_longer(clock, client):
    day = match_day(14)
    first = match(day=day, kickoff=paris(2026, 12, 12, 18, 0))
    other = match("AS Cherbourg", "Stade Briochin", day=day, kickoff=paris(2026, 12, 13, 15, 0))
    editor = newsroom_editor()
    client.force_login(editor)
    url = f"/admin/pronostics/journees/edit/{day.pk}/"
    form = client.get(url).content.decode()
    assert "AS Cherbourg – Stade Briochin" in form
    response = client.post(url, {"label": "", "bonus_match": str(other.pk)})
    assert response.status_code == 302
    day.refresh_from_db()
    assert (day.bonus_match, str(day)) == (other, "14e journée")

    with time_machine.travel(paris(2026, 12, 12, 19, 0), tick=False):
        client.force_login(editor)  # a staff session does not last five days
        refused = client.post(url, {"label": "Derby", "bonus_match": str(first.pk)})
    assert refused.status_code == 200
    assert "La journée a commencé : son match bonus ne peut plus être changé." in (
        refused.content.decode()
    )
    day.refresh_from_db()
    assert (day.bonus_match, day.label) == (other, "14e journée")
    assert "Derby" in refused.content.decode()  # what was typed is kept
