"""« Mes données » holds the reader's predictions and leagues, nobody else's."""

import pytest

from rotative.accounts import data
from rotative.pronostics import services
from rotative.pronostics.tests.factories import match, paris

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_readers_predictions_and_leagues(readers):
    anne, bruno = readers[:2]
    game = match(kickoff=paris(2026, 12, 12, 18))
    before = paris(2026, 12, 10, 9)
    services.prediction_save(user=anne, match=game, home_goals=2, away_goals=1, now=before)
    services.prediction_save(user=bruno, match=game, home_goals=0, away_goals=0, now=before)
    services.league_create(owner=anne, name="Bureau")

    section = data.registry.exporters["pronostics"](anne)
    assert [(p["match"], p["pronostic"]) for p in section["pronostics"]] == [
        ("US Granville – FC Saint-Lô Manche", "2-1")
    ]
    assert section["ligues"] == [
        {
            "nom": "Bureau",
            "créée_par_vous": True,
            "membre_depuis": section["ligues"][0]["membre_depuis"],
        }
    ]
