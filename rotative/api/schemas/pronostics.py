"""What the app reads and sends of les pronostics (routers/pronostics.py): the schemas, and
the functions that turn the game's objects into them."""

from datetime import datetime
from typing import Literal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema

from rotative.core.seo import absolute
from rotative.pronostics.models import MAX_GOALS, League, Match, MatchDay, Season
from rotative.pronostics.scoring import Grade
from rotative.pronostics.templatetags.pronostics_tags import GRADES

MatchStatus = Literal["programme", "joue", "reporte", "annule"]
GradeCode = Literal["exact", "difference", "outcome", "miss"]


class CompetitionOut(Schema):
    id: int
    name: str
    points_exact: int
    points_difference: int
    points_outcome: int
    bonus_multiplier: int = Field(..., description="Le multiplicateur des points du match bonus.")


class SeasonOut(Schema):
    id: int
    label: str = Field(..., description="« 2026-2027 ».")
    competition: CompetitionOut


class ClubOut(Schema):
    id: int
    name: str
    short_name: str


class ScoreOut(Schema):
    home: int
    away: int


class PredictionOut(Schema):
    home_goals: int
    away_goals: int
    points: int | None = Field(..., description="Null tant que le match n'est pas noté.")
    grade: GradeCode | None
    grade_label: str = Field(..., description="« Score exact », « Bon écart »… ou vide.")
    updated_at: datetime


class CrowdOut(Schema):
    """How the readers predicted a match, shown once it has kicked off (never before)."""

    total: int
    home: int = Field(..., description="Pronostics d'une victoire à domicile.")
    draw: int
    away: int


class MatchOut(Schema):
    id: int
    home: ClubOut
    away: ClubOut
    kickoff: datetime
    postponed_from: datetime | None = Field(..., description="La date initiale d'un report.")
    venue: str
    status: MatchStatus = Field(
        ..., description="programme, joue, reporte (date à venir) ou annule."
    )
    status_label: str
    result: ScoreOut | None = Field(..., description="Le score final, une fois le match joué.")
    bonus: bool = Field(..., description="Le match bonus de la journée (points multipliés).")
    open: bool = Field(..., description="Vrai tant qu'un pronostic peut être posé ou changé.")
    started: bool
    my_prediction: PredictionOut | None = Field(
        ..., description="Le pronostic du lecteur connecté (null sans clé ou sans pronostic)."
    )
    crowd: CrowdOut | None = Field(
        ..., description="La répartition des pronostics de tous, après le coup d'envoi."
    )
    url: str


class MatchDayOut(Schema):
    id: int
    number: int
    label: str = Field(..., description="« Journée 12 », ou le nom donné par la rédaction.")
    matches: list[MatchOut]
    url: str


class MatchDaysOut(Schema):
    season: SeasonOut | None = Field(..., description="Null avant la première saison.")
    current_match_day_id: int | None = Field(..., description="La journée à pronostiquer.")
    match_days: list[MatchDayOut]


class MatchDayDetailOut(MatchDayOut):
    season: SeasonOut


class PredictionIn(Schema):
    home_goals: int = Field(..., ge=0, le=MAX_GOALS)
    away_goals: int = Field(..., ge=0, le=MAX_GOALS)


class StandingOut(Schema):
    rank: int
    display_name: str
    points: int
    exact: int = Field(..., description="Scores exacts.")
    outcomes: int = Field(..., description="Bons résultats (scores exacts et bons écarts compris).")
    me: bool = Field(..., description="La ligne du lecteur connecté.")


class BoardOut(Schema):
    title: str
    season: SeasonOut | None
    count: int = Field(..., description="Le nombre de joueurs classés.")
    page: int
    pages: int
    items: list[StandingOut]
    me: StandingOut | None = Field(
        ..., description="La place du lecteur connecté (null sans clé ou avant son 1er point)."
    )
    url: str


class LeagueOut(Schema):
    id: int
    name: str
    members: int
    owner: bool = Field(..., description="Vrai si le lecteur l'a créée.")
    url: str


class LeagueBoardOut(BoardOut):
    league: LeagueOut
    invite_url: str = Field(..., description="Le lien d'invitation, à envoyer aux amis.")
    invite_code: str = Field(..., description="Le code de ce lien, pour `POST /ligues/rejoindre`.")


class LeagueJoinIn(Schema):
    code: str = Field(
        ...,
        min_length=1,
        max_length=200,
        description="Le code d'invitation (la fin du lien), ou le lien entier.",
    )


# --- the game's objects as the app reads them --------------------------------------------------


GRADE_CODES = {
    Grade.EXACT: "exact",
    Grade.DIFFERENCE: "difference",
    Grade.OUTCOME: "outcome",
    Grade.MISS: "miss",
}


def season_out(season: Season | None) -> dict | None:
    if season is None:
        return None
    competition = season.competition
    return {
        "id": season.pk,
        "label": season.label,
        "competition": {
            "id": competition.pk,
            "name": competition.name,
            "points_exact": competition.points_exact,
            "points_difference": competition.points_difference,
            "points_outcome": competition.points_outcome,
            "bonus_multiplier": competition.bonus_multiplier,
        },
    }


def club_out(club) -> dict:
    return {"id": club.pk, "name": club.name, "short_name": club.short_name}


def prediction_out(prediction) -> dict | None:
    if prediction is None:
        return None
    grade = None if prediction.grade is None else Grade(prediction.grade)
    return {
        "home_goals": prediction.home_goals,
        "away_goals": prediction.away_goals,
        "points": prediction.points,
        "grade": GRADE_CODES.get(grade) if grade is not None else None,
        "grade_label": str(GRADES.get(grade, "")) if grade is not None else "",
        "updated_at": timezone.localtime(prediction.updated_at),
    }


def match_out(match: Match, *, day: MatchDay, now, own: dict, crowd: dict) -> dict:
    summary = crowd.get(match.pk)  # only for the matches that kicked off (the selector's rule)
    return {
        "id": match.pk,
        "home": club_out(match.home),
        "away": club_out(match.away),
        "kickoff": timezone.localtime(match.kickoff),
        "postponed_from": match.postponed_from and timezone.localtime(match.postponed_from),
        "venue": match.venue,
        "status": match.status,
        "status_label": str(match.get_status_display()),
        "result": None
        if match.result is None
        else {"home": match.home_score, "away": match.away_score},
        "bonus": day.bonus_match_id == match.pk,
        "open": match.status == Match.Status.SCHEDULED and now < match.kickoff,
        "started": now >= match.kickoff,
        "my_prediction": prediction_out(own.get(match.pk)),
        "crowd": None
        if summary is None
        else {
            "total": summary["total"],
            "home": summary["home"],
            "draw": summary["draw"],
            "away": summary["away"],
        },
        "url": absolute(reverse("pronostics:match", kwargs={"pk": match.pk})),
    }


def board_out(*, page, title: str, season, user, standing, url: str) -> dict:
    me = user.pk if user.is_authenticated else None

    def line(standing) -> dict:
        return {
            "rank": standing.rank,
            "display_name": standing.display_name or _("Un joueur"),
            "points": standing.points,
            "exact": standing.exact,
            "outcomes": standing.outcomes,
            "me": standing.user_id == me,
        }

    return {
        "title": title,
        "season": season_out(season),
        "count": page.paginator.count if page else 0,
        "page": page.number if page else 1,
        "pages": page.paginator.num_pages if page else 1,
        "items": [line(one) for one in page.object_list] if page else [],
        "me": line(standing) if standing is not None else None,
        "url": absolute(url),
    }


def league_out(league: League, *, user, members: int) -> dict:
    return {
        "id": league.pk,
        "name": league.name,
        "members": members,
        "owner": league.owner_id == user.pk,
        "url": absolute(reverse("pronostics:league", kwargs={"pk": league.pk})),
    }
