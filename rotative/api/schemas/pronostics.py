"""What the app reads and sends of les pronostics (routers/pronostics.py)."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from rotative.api.inputs import Text
from rotative.pronostics.models import MAX_GOALS

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
    code: Text = Field(
        ...,
        min_length=1,
        max_length=200,
        description="Le code d'invitation (la fin du lien), ou le lien entier.",
    )
