"""Fixtures and results from a CSV file: the good lines go in, each bad line is reported with
its number and reason, and importing the same file again changes nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.test import TestCase

from rotative.pronostics import services
from rotative.pronostics.models import Club, Match, MatchDay, Prediction
from rotative.pronostics.tests.factories import paris, season

pytestmark = pytest.mark.django_db

NOW = paris(2026, 9, 1, 12, 0)

GOOD = """journée;date;heure;domicile;extérieur;lieu;score
1;22/08/2026;18:00;US Granville;FC Saint-Lô Manche;Stade Louis-Dior;2-1
1;22/08/2026;20:00;AS Cherbourg;Stade Briochin;Stade Maurice-Postaire;
2;05/09/2026;18:00;FC Saint-Lô Manche;AS Cherbourg;Stade Louis-Villemer;
2;05/09/2026;18:00;Stade Briochin;US Granville;Stade Fred-Aubert;
"""

BAD = """Journee,Date,Heure,Domicile,Exterieur,Lieu,Score
1,22/08/2026,18:00,US Granville,FC Saint-Lô Manche,Stade Louis-Dior,2-1
1,31/02/2026,20:00,AS Cherbourg,Stade Briochin,Stade Maurice-Postaire,
2,05/09/2026,18:00,AS Cherbourg,as cherbourg,Stade Maurice-Postaire,
2,30/08/2026,15:00,Stade Briochin,US Granville,Stade Fred-Aubert,-1-2
2,05/09/2026,18:00,FC Saint-Lô Manche,AS Cherbourg,Stade Louis-Villemer,
3,12/09/2026,18:00,US Granville,Stade Briochin,,3-0
"""


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_good_file_is_imported_with_its_results(clock):
    report = services.fixtures_import(season=season(), csv_text=GOOD)
    assert report.errors == []
    assert (report.created, report.results) == (4, 1)
    assert sorted(report.clubs_created) == [
        "AS Cherbourg",
        "FC Saint-Lô Manche",
        "Stade Briochin",
        "US Granville",
    ]
    assert MatchDay.objects.count() == 2
    played = Match.objects.get(home__name="US Granville", away__name="FC Saint-Lô Manche")
    assert (played.status, played.result, played.kickoff) == (
        "joue",
        (2, 1),
        paris(2026, 8, 22, 18),
    )
    assert played.venue == "Stade Louis-Dior"
    later = Match.objects.get(home__name="Stade Briochin")
    assert (later.status, later.kickoff.astimezone(later.kickoff.tzinfo)) == (
        "programme",
        paris(2026, 9, 5, 18),
    )


def test_importing_the_same_file_again_changes_nothing(clock):
    services.fixtures_import(season=season(), csv_text=GOOD)
    before = list(Match.objects.values().order_by("pk"))
    report = services.fixtures_import(season=season(), csv_text=GOOD)
    assert (report.created, report.updated, report.results, report.unchanged) == (0, 0, 0, 4)
    assert report.clubs_created == [] and report.errors == []
    assert list(Match.objects.values().order_by("pk")) == before
    assert Club.objects.count() == 4


def test_a_file_with_bad_lines_imports_the_good_ones_and_names_each_bad_one(clock):
    report = services.fixtures_import(season=season(), csv_text=BAD)
    assert [(error.line, error.message) for error in report.errors] == [
        (3, "date ou heure illisible (« 31/02/2026 20:00 » : attendu JJ/MM/AAAA et HH:MM)"),
        (4, "le même club à domicile et à l'extérieur (AS Cherbourg)"),
        (5, "score illisible (« -1-2 » : attendu par exemple 2-1, de 0 à 99 buts)"),
        (7, "un score pour un match qui n'a pas encore été joué"),
    ]
    assert str(report.errors[0]).startswith("Ligne 3 : date ou heure illisible")
    assert report.created == 2
    assert set(Match.objects.values_list("home__name", "away__name")) == {
        ("US Granville", "FC Saint-Lô Manche"),
        ("FC Saint-Lô Manche", "AS Cherbourg"),
    }
    # A refused line leaves no club behind it.
    assert "Stade Briochin" not in report.clubs_created
    assert not Club.objects.filter(name="Stade Briochin").exists()


def test_a_file_without_the_columns_says_which_are_missing(clock):
    report = services.fixtures_import(season=season(), csv_text="date;domicile\n01/09/2026;A\n")
    assert [(e.line, e.message) for e in report.errors] == [
        (
            1,
            "colonnes manquantes : journée, heure, extérieur "
            "(la première ligne nomme les colonnes)",
        )
    ]


def test_a_corrected_file_moves_a_kickoff_and_records_a_result_scoring_the_predictions(
    readers, editor
):
    with time_machine.travel(NOW, tick=False):
        services.fixtures_import(season=season(), csv_text=GOOD)
    match = Match.objects.get(home__name="Stade Briochin")
    services.prediction_save(
        user=readers[0], match=match, home_goals=1, away_goals=1, now=NOW + timedelta(days=1)
    )
    corrected = GOOD.replace(
        "2;05/09/2026;18:00;Stade Briochin;US Granville;Stade Fred-Aubert;",
        "2;05/09/2026;20:00;Stade Briochin;US Granville;Stade Fred-Aubert;0-0",
    )
    with (
        time_machine.travel(paris(2026, 9, 6, 9, 0), tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),  # the scoring task, run on commit
    ):
        report = services.fixtures_import(season=season(), csv_text=corrected, by=editor)
    assert report.errors == []
    assert (report.updated, report.results) == (1, 1)
    match.refresh_from_db()
    assert (match.kickoff, match.result, match.result_by) == (paris(2026, 9, 5, 20), (0, 0), editor)
    assert Prediction.objects.get(match=match).points == 3


def test_a_file_does_not_reopen_a_match_that_has_kicked_off(readers):
    with time_machine.travel(NOW, tick=False):
        services.fixtures_import(season=season(), csv_text=GOOD)
    later = GOOD.replace("2;05/09/2026;18:00;Stade Briochin", "2;12/09/2026;18:00;Stade Briochin")
    with time_machine.travel(paris(2026, 9, 5, 18, 30), tick=False):
        report = services.fixtures_import(season=season(), csv_text=later)
    assert [(e.line, e.message) for e in report.errors] == [
        (
            5,
            "ce match est prévu le 05/09/2026 à 18:00 et a commencé, ou il est reporté ou "
            "annulé : changez sa date dans l'administration",
        )
    ]
    assert Match.objects.get(home__name="Stade Briochin").kickoff == paris(2026, 9, 5, 18)
