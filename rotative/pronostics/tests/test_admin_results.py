"""Editors enter a result, one match or a whole match day at once, correct it, postpone or
cancel a match: the editor is told the result is recorded and how many predictions are being
scored, which a background task does once the request is committed (the tests run the queued
task with django_capture_on_commit_callbacks); what the services refuse (a match not yet
started, a cancelled one) is said in French on the form."""

from datetime import UTC, datetime

import pytest
import time_machine

from rotative.pronostics.models import Match, Prediction
from rotative.pronostics.tests.admin_support import messages_of, newsroom_editor, predict
from rotative.pronostics.tests.factories import cancel, match, match_day, paris, result_set

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 13, 20, 0, tzinfo=UTC)  # a Sunday evening
PLAYED = paris(2026, 12, 13, 15, 0)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def points(game) -> list:
    return sorted(
        Prediction.objects.filter(match=game).values_list("points", flat=True),
        key=lambda p: -1 if p is None else p,
    )


def test_an_editor_enters_a_result_and_the_predictions_are_scored(
    clock, client, readers, django_capture_on_commit_callbacks
):
    game = match(kickoff=PLAYED)
    predict(game, (2, 1), (1, 0), (0, 2), readers=readers)
    client.force_login(newsroom_editor())
    url = f"/admin/pronostics/matchs/{game.pk}/resultat/"
    form = client.get(url).content.decode()
    assert "3 pronostics de lecteurs sur ce match." in form

    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(url, {"home_score": "2", "away_score": "1"}, follow=True)
    # The request returns before the scoring: the editor is told it is under way.
    assert messages_of(response) == [
        "Résultat enregistré : US Granville 2 – 1 FC Saint-Lô Manche "
        "(3 pronostics en cours de calcul)."
    ]
    assert len(queued) == 1  # the scoring task, run once the result is committed
    assert points(game) == [0, 3, 4]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"home_score": "0", "away_score": "2"}, follow=True)
    assert messages_of(response) == [
        "Résultat corrigé, tous ses pronostics sont recomptés : US Granville 0 – 2 FC Saint-Lô "
        "Manche (3 pronostics en cours de calcul)."
    ]
    assert points(game) == [0, 0, 4]
    game.refresh_from_db()
    assert game.result_version == 2

    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(url, {"home_score": "0", "away_score": "2"}, follow=True)
    assert messages_of(response) == ["Ce résultat était déjà enregistré : rien à recompter."]
    assert not queued and points(game) == [0, 0, 4]


def test_a_result_before_kick_off_or_of_a_cancelled_match_is_refused_in_french(
    clock, client, readers
):
    coming = match(kickoff=paris(2026, 12, 20, 15, 0))
    client.force_login(newsroom_editor())
    response = client.post(
        f"/admin/pronostics/matchs/{coming.pk}/resultat/", {"home_score": "3", "away_score": "0"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Le match n&#x27;a pas encore commencé" in page
    assert 'value="3"' in page  # what was typed is kept
    bad = client.post(
        f"/admin/pronostics/matchs/{coming.pk}/resultat/", {"home_score": "-1", "away_score": ""}
    )
    assert bad.status_code == 200 and bad.context["form"].errors

    cancelled = match("AS Cherbourg", "Stade Briochin", kickoff=PLAYED)
    cancel(by=None, match=cancelled)
    response = client.post(
        f"/admin/pronostics/matchs/{cancelled.pk}/resultat/", {"home_score": "1", "away_score": "1"}
    )
    assert "Ce match est annulé : il n&#x27;a pas de résultat." in response.content.decode()
    coming.refresh_from_db()
    assert coming.result is None


def test_a_whole_match_day_is_entered_at_once(
    clock, client, readers, django_capture_on_commit_callbacks
):
    day = match_day(14)
    first = match(day=day, kickoff=PLAYED)
    second = match("AS Cherbourg", "Stade Briochin", day=day, kickoff=PLAYED)
    later = match("SM Caen B", "FC Rouen", day=day, kickoff=paris(2026, 12, 14, 20, 0))
    predict(first, (2, 1), (2, 1), readers=readers[:2])
    predict(second, (0, 0), readers=readers[2:3])
    client.force_login(newsroom_editor())
    url = f"/admin/pronostics/journees/{day.pk}/resultats/"
    grid = client.get(url).content.decode()
    assert f'name="m{first.pk}-home_score"' in grid
    assert f'name="m{later.pk}-home_score"' not in grid  # not played yet
    assert "Pas encore joué" in grid

    # One score missing: nothing is saved, what was typed stays.
    response = client.post(
        url,
        {
            f"m{first.pk}-home_score": "2",
            f"m{first.pk}-away_score": "1",
            f"m{second.pk}-home_score": "4",
            f"m{second.pk}-away_score": "",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Indiquez les deux scores, ou aucun." in page
    assert 'value="4"' in page
    first.refresh_from_db()
    assert first.result is None

    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(
            url,
            {
                f"m{first.pk}-home_score": "2",
                f"m{first.pk}-away_score": "1",
                f"m{second.pk}-home_score": "0",
                f"m{second.pk}-away_score": "0",
            },
            follow=True,
        )
    assert messages_of(response) == [
        "Résultat enregistré : US Granville 2 – 1 FC Saint-Lô Manche "
        "(2 pronostics en cours de calcul).",
        "Résultat enregistré : AS Cherbourg 0 – 0 Stade Briochin (1 pronostic en cours de calcul).",
    ]
    assert len(queued) == 2  # one scoring task per match
    assert points(first) == [4, 4] and points(second) == [4]
    later.refresh_from_db()
    assert later.result is None


def test_the_results_screen_lists_the_match_days_waiting_for_a_result(clock, client):
    day = match_day(14)
    match(day=day, kickoff=PLAYED)
    match_day(15)
    client.force_login(newsroom_editor())
    page = client.get("/admin/pronostics/resultats/").content.decode()
    assert "14e journée" in page and "1 résultat à saisir" in page
    assert "15e journée" not in page


def test_an_editor_postpones_a_match_with_or_without_a_new_date(clock, client):
    game = match(kickoff=paris(2026, 12, 20, 15, 0))
    other = match("AS Cherbourg", "Stade Briochin", kickoff=paris(2026, 12, 20, 15, 0))
    client.force_login(newsroom_editor())
    url = f"/admin/pronostics/matchs/{game.pk}/reporter/"
    assert "Reporter le match" in client.get(url).content.decode()
    game.refresh_from_db()
    assert game.status == Match.Status.SCHEDULED  # a GET changes nothing

    past = client.post(url, {"new_kickoff": "01/12/2026 15:00"})
    assert "Le nouveau coup d&#x27;envoi doit être à venir" in past.content.decode()

    response = client.post(url, {"new_kickoff": "06/01/2027 20:30"}, follow=True)
    assert messages_of(response) == [
        "US Granville – FC Saint-Lô Manche reporté au mercredi 6 janvier 2027 à 20h30 : les "
        "pronostics restent ouverts jusque-là."
    ]
    game.refresh_from_db()
    assert (game.status, game.kickoff, game.postponed_from) == (
        Match.Status.SCHEDULED,
        datetime(2027, 1, 6, 19, 30, tzinfo=UTC),
        paris(2026, 12, 20, 15, 0),
    )

    response = client.post(
        f"/admin/pronostics/matchs/{other.pk}/reporter/", {"new_kickoff": ""}, follow=True
    )
    assert "reporté sans date" in messages_of(response)[0]
    other.refresh_from_db()
    assert other.status == Match.Status.POSTPONED


def test_an_editor_cancels_a_match_and_its_predictions_score_nothing(
    clock, client, readers, django_capture_on_commit_callbacks
):
    game = match(kickoff=PLAYED)
    predict(game, (2, 1), (1, 1), readers=readers)
    result_set(by=None, match=game, home_score=2, away_score=1)
    assert points(game) == [0, 4]
    client.force_login(newsroom_editor())
    url = f"/admin/pronostics/matchs/{game.pk}/annuler/"
    confirm = client.get(url).content.decode()
    assert "Ses 2 pronostics sont gardés et ne rapportent aucun point" in confirm
    game.refresh_from_db()
    assert game.status == Match.Status.PLAYED  # a GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert messages_of(response) == [
        "US Granville – FC Saint-Lô Manche annulé : ses pronostics ne rapportent aucun point "
        "(2 pronostics en cours de calcul)."
    ]
    assert points(game) == [0, 0]
    again = client.post(f"/admin/pronostics/matchs/{game.pk}/reporter/", {"new_kickoff": ""})
    assert "Ce match est annulé : il ne peut pas être reporté." in again.content.decode()
