"""Writes of les pronostics (docs/architecture.md): the calendar and results
(`fixtures.py`), the editors' corrections (`editing.py`), readers' predictions
(`predictions.py`), private leagues (`leagues.py`), the CSV import of fixtures and results
(`imports.py`), the reminders of matches left to predict (`reminders.py`), the scoring of
results and the leaderboards' tallies (`scores.py`)."""

from rotative.pronostics.services.editing import (
    competition_update,
    match_day_update,
    match_update,
    points_check,
)
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
from rotative.pronostics.services.reminders import (
    reminder_preference_set,
    reminder_stop_token,
    reminders_send,
    reminders_stop,
)
from rotative.pronostics.services.scores import match_score, scores_catch_up, tallies_rebuild

__all__ = [
    "ImportReport",
    "PronosticsError",
    "club_find_or_create",
    "competition_create",
    "competition_update",
    "fixtures_import",
    "league_create",
    "league_join",
    "match_cancel",
    "match_create",
    "match_day_bonus_set",
    "match_day_get_or_create",
    "match_day_update",
    "match_postpone",
    "match_result_set",
    "match_score",
    "match_update",
    "points_check",
    "prediction_save",
    "reminder_preference_set",
    "reminder_stop_token",
    "reminders_send",
    "reminders_stop",
    "scores_catch_up",
    "season_create",
    "tallies_rebuild",
]
