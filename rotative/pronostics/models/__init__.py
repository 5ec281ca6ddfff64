"""The game's models: the calendar, predictions and leagues (`game.py`), the leaderboards'
running totals kept by the scoring (`tallies.py`), the reminders (`reminders.py`)."""

from rotative.pronostics.models.game import (
    MAX_GOALS,
    PARIS,
    Club,
    Competition,
    League,
    LeagueMembership,
    Match,
    MatchDay,
    Prediction,
    Season,
)
from rotative.pronostics.models.reminders import ReminderPreference, ReminderSent
from rotative.pronostics.models.tallies import MatchDayTally, MonthTally, SeasonTally

__all__ = [
    "MAX_GOALS",
    "PARIS",
    "Club",
    "Competition",
    "League",
    "LeagueMembership",
    "Match",
    "MatchDay",
    "MatchDayTally",
    "MonthTally",
    "Prediction",
    "ReminderPreference",
    "ReminderSent",
    "Season",
    "SeasonTally",
]
