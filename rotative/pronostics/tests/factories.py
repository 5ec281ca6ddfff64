"""The game's calendar made through the services, as the editors and the CSV import make it."""

from datetime import datetime

from django.test import TestCase

from rotative.pronostics import services
from rotative.pronostics.models import PARIS, Match, MatchDay, Season


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def season(
    *, competition: str = "Régionale 1 Normandie", label: str = "2026-2027", **rules
) -> Season:
    found = Season.objects.filter(competition__name=competition, label=label).first()
    if found:
        return found
    made = services.competition_create(name=competition, **rules)
    return services.season_create(competition=made, label=label)


def match_day(number: int = 1, *, of: Season | None = None) -> MatchDay:
    return services.match_day_get_or_create(season=of or season(), number=number)


def match(
    home: str = "US Granville",
    away: str = "FC Saint-Lô Manche",
    *,
    day: MatchDay | None = None,
    kickoff: datetime | None = None,
    venue: str = "Stade Louis-Dior",
) -> Match:
    home_club, _created = services.club_find_or_create(name=home)
    away_club, _created = services.club_find_or_create(name=away)
    return services.match_create(
        match_day=day or match_day(),
        home=home_club,
        away=away_club,
        kickoff=kickoff or paris(2026, 12, 12, 18, 0),
        venue=venue,
    )


def result_set(*, by, match: Match, home_score: int, away_score: int, now=None) -> Match:
    """What an editor's request does: the result recorded, then, once it is committed, its
    scoring task run (the test settings' task backend runs it at once)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.match_result_set(
            by=by, match=match, home_score=home_score, away_score=away_score, now=now
        )


def cancel(*, by, match: Match) -> Match:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.match_cancel(by=by, match=match)
