"""Writes of les pronostics (docs/architecture.md): the calendar and results
(`fixtures.py`), readers' predictions (`predictions.py`), private leagues (`leagues.py`), the
CSV import of fixtures and results (`imports.py`), the scoring of
results and the leaderboards' tallies (`scores.py`)."""

from rotative.pronostics.services.errors import PronosticsError
from rotative.pronostics.services.fixtures import (
    club_find_or_create,
    competition_create,
    match_cancel,
    match_create,
    match_day_bonus_set,
    match_day_get_or_create,
    match_postpone,
    match_result_set,
    season_create,
)
from rotative.pronostics.services.imports import ImportReport, fixtures_import
from rotative.pronostics.services.leagues import league_create, league_join
from rotative.pronostics.services.predictions import prediction_save
from rotative.pronostics.services.scores import match_score, scores_catch_up, tallies_rebuild

__all__ = [
    "ImportReport",
    "PronosticsError",
    "club_find_or_create",
    "competition_create",
    "fixtures_import",
    "league_create",
    "league_join",
    "match_cancel",
    "match_create",
    "match_day_bonus_set",
    "match_day_get_or_create",
    "match_postpone",
    "match_result_set",
    "match_score",
    "prediction_save",
    "scores_catch_up",
    "season_create",
    "tallies_rebuild",
]
