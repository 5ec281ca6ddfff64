"""Les pronostics in the app: the season's match days and the reader's predictions, the
leaderboards, the reader's private leagues. Reads through the game's selectors, predictions
and joins through its services: a prediction is refused after kick-off by the server's clock,
and nobody sees another reader's prediction of a match before it kicks off."""

from datetime import date

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from rotative.api.auth import READER, reader
from rotative.api.errors import AUTH_ERRORS, COMMON_ERRORS, ApiError, ErrorOut, not_found
from rotative.api.inputs import id_path, page_query
from rotative.api.schemas.pronostics import (
    BoardOut,
    LeagueBoardOut,
    LeagueJoinIn,
    LeagueOut,
    MatchDayDetailOut,
    MatchDaysOut,
    MatchOut,
    PredictionIn,
    board_out,
    league_out,
    match_out,
    season_out,
)
from rotative.core.seo import absolute
from rotative.core.utils import MAX_ID
from rotative.pronostics import selectors, services
from rotative.pronostics.models import LeagueMembership, Match, MatchDay, Season

router = Router(tags=["Pronostics"])

SEASON_QUERY = Query(
    None, ge=1, le=MAX_ID, description="Une saison passée ; sans elle, la saison en cours."
)


# --- seasons and match days ----------------------------------------------------------------


def _season(saison: int | None) -> Season | None:
    """The season asked for (404 if none has that id), else the current one (None before the
    first season), like the web's `?saison=`."""
    if saison is None:
        return selectors.season_current()
    found = Season.objects.select_related("competition").filter(pk=saison).first()
    if found is None:
        raise not_found(_("Cette saison n'existe pas."))
    return found


def _day_url(day: MatchDay) -> str:
    path = reverse("pronostics:match_day", kwargs={"number": day.number})
    return absolute(f"{path}?saison={day.season_id}")


def _days_out(days: list[MatchDay], *, user) -> list[dict]:
    """The match days with their matches (prefetched), the reader's own predictions and, for
    the matches that kicked off, everyone's: three queries whatever the number of days."""
    now = timezone.now()
    matches = [match for day in days for match in day.matches.all()]
    own = selectors.predictions_of(user=user, matches=matches)
    crowd = selectors.predictions_summary(matches=matches, now=now)
    return [
        {
            "id": day.pk,
            "number": day.number,
            "label": str(day),
            "matches": [
                match_out(match, day=day, now=now, own=own, crowd=crowd)
                for match in day.matches.all()
            ],
            "url": _day_url(day),
        }
        for day in days
    ]


def _matches_prefetch() -> Prefetch:
    return Prefetch(
        "matches", queryset=Match.objects.select_related("home", "away").order_by("kickoff", "pk")
    )


@router.get(
    "/journees",
    response={400: ErrorOut, 200: MatchDaysOut, 401: ErrorOut, 404: ErrorOut, **COMMON_ERRORS},
    summary="Les journées de la saison",
)
def match_days(request, saison: int | None = SEASON_QUERY):
    """Every match day of the season with its matches; with a key, the reader's own
    predictions. Before the first season: no season and no match day."""
    user = reader(request)
    if saison is None:
        current = selectors.match_day_current()
        season = current.season if current else None
    else:
        season = _season(saison)
        current = selectors.match_day_current(season=season)
    if season is None:
        return {"season": None, "current_match_day_id": None, "match_days": []}
    days = list(
        MatchDay.objects.filter(season=season)
        .prefetch_related(_matches_prefetch())
        .order_by("number")
    )
    return {
        "season": season_out(season),
        "current_match_day_id": current.pk if current else None,
        "match_days": _days_out(days, user=user),
    }


@router.get(
    "/journees/{match_day_id}",
    response={400: ErrorOut, 200: MatchDayDetailOut, 401: ErrorOut, 404: ErrorOut, **COMMON_ERRORS},
    summary="Une journée",
)
def match_day(request, match_day_id: int = id_path("L'id de la journée.")):
    user = reader(request)
    day = (
        MatchDay.objects.select_related("season__competition")
        .prefetch_related(_matches_prefetch())
        .filter(pk=match_day_id)
        .first()
    )
    if day is None:
        raise not_found(_("Cette journée n'existe pas."))
    return {**_days_out([day], user=user)[0], "season": season_out(day.season)}


@router.put(
    "/matchs/{match_id}/pronostic",
    response={400: ErrorOut, 200: MatchOut, 404: ErrorOut, 409: ErrorOut, **AUTH_ERRORS},
    auth=READER,
    summary="Pronostiquer un match",
)
def prediction_put(request, payload: PredictionIn, match_id: int = id_path("L'id du match.")):
    """Creates or changes the reader's prediction until kick-off. Refused (409) after it
    (`kickoff_passed`), for a postponed match (`match_postponed`) or a cancelled one
    (`match_cancelled`)."""
    match = Match.objects.select_related("home", "away", "match_day").filter(pk=match_id).first()
    if match is None:
        raise not_found(_("Ce match n'existe pas."))
    try:
        services.prediction_save(
            user=request.user,
            match=match,
            home_goals=payload.home_goals,
            away_goals=payload.away_goals,
        )
    except services.PronosticsError as error:
        match.refresh_from_db(fields=["status", "kickoff"])
        code = {
            Match.Status.CANCELLED: "match_cancelled",
            Match.Status.POSTPONED: "match_postponed",
        }.get(match.status, "kickoff_passed")
        raise ApiError(409, code, error.message) from error
    now = timezone.now()
    own = selectors.predictions_of(user=request.user, matches=[match])
    crowd = selectors.predictions_summary(matches=[match], now=now)
    return match_out(match, day=match.match_day, now=now, own=own, crowd=crowd)


# --- leaderboards ----------------------------------------------------------------------------


def _with_season(path: str, saison: int | None) -> str:
    return f"{path}?saison={saison}" if saison is not None else path


@router.get(
    "/classements/saison",
    response={400: ErrorOut, 200: BoardOut, 401: ErrorOut, 404: ErrorOut, **COMMON_ERRORS},
    summary="Le classement général",
)
def leaderboard_season(request, saison: int | None = SEASON_QUERY, page: int = page_query()):
    """50 joueurs par page ; avec une clé, la place du lecteur (`me`)."""
    user = reader(request)
    season = _season(saison)
    url = _with_season(reverse("pronostics:leaderboard"), saison)
    title = _("Classement général")
    if season is None:
        return board_out(page=None, title=title, season=None, user=user, standing=None, url=url)
    return board_out(
        page=selectors.leaderboard_season(season=season, page=page),
        title=title,
        season=season,
        user=user,
        standing=selectors.reader_standing_season(season=season, user=user),
        url=url,
    )


@router.get(
    "/classements/journees/{match_day_id}",
    response={400: ErrorOut, 200: BoardOut, 401: ErrorOut, 404: ErrorOut, **COMMON_ERRORS},
    summary="Le classement d'une journée",
)
def leaderboard_match_day(
    request, match_day_id: int = id_path("L'id de la journée."), page: int = page_query()
):
    user = reader(request)
    day = MatchDay.objects.select_related("season__competition").filter(pk=match_day_id).first()
    if day is None:
        raise not_found(_("Cette journée n'existe pas."))
    title = (
        _("Classement de la %(day)s") % {"day": str(day).lower()}
        if day.label
        else _("Classement de la journée %(number)s") % {"number": day.number}
    )
    path = reverse("pronostics:leaderboard_match_day", kwargs={"number": day.number})
    return board_out(
        page=selectors.leaderboard_match_day(match_day=day, page=page),
        title=title,
        season=day.season,
        user=user,
        standing=selectors.reader_standing_match_day(match_day=day, user=user),
        url=f"{path}?saison={day.season_id}",
    )


@router.get(
    "/classements/mois/{month}",
    response={400: ErrorOut, 200: BoardOut, 401: ErrorOut, 404: ErrorOut, **COMMON_ERRORS},
    summary="Le classement d'un mois",
)
def leaderboard_month(
    request,
    month: str = Path(
        ...,
        pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$",
        max_length=7,
        description="Le mois, « AAAA-MM » (heure de Paris).",
    ),
    saison: int | None = SEASON_QUERY,
    page: int = page_query(),
):
    user = reader(request)
    year, number = (int(part) for part in month.split("-"))
    if not 1900 <= year <= 2200:
        raise not_found(_("Ce mois n'a pas de classement."))
    season = _season(saison)
    label = date_format(date(year, number, 1), "F Y")
    title = _("Classement du mois : %(month)s") % {"month": label}
    url = _with_season(
        reverse("pronostics:leaderboard_month", kwargs={"month": (year, number)}), saison
    )
    if season is None:
        return board_out(page=None, title=title, season=None, user=user, standing=None, url=url)
    return board_out(
        page=selectors.leaderboard_month(season=season, year=year, month=number, page=page),
        title=title,
        season=season,
        user=user,
        standing=selectors.reader_standing_month(season=season, year=year, month=number, user=user),
        url=url,
    )


# --- private leagues -------------------------------------------------------------------------


@router.get(
    "/ligues",
    response={400: ErrorOut, 200: list[LeagueOut], **AUTH_ERRORS},
    auth=READER,
    summary="Mes ligues",
)
def leagues(request):
    return [
        league_out(league, user=request.user, members=league.members)
        for league in selectors.leagues_of(user=request.user)
    ]


@router.get(
    "/ligues/{league_id}/classement",
    response={400: ErrorOut, 200: LeagueBoardOut, 404: ErrorOut, **AUTH_ERRORS},
    auth=READER,
    summary="Le classement d'une ligue",
)
def league_board(request, league_id: int = id_path("L'id de la ligue."), page: int = page_query()):
    """For its members only: any other reader gets the 404 of a league that does not exist."""
    user = request.user
    league = selectors.league_of_member(user=user, pk=league_id)
    if league is None:
        raise not_found(_("Cette ligue n'existe pas."))
    season = selectors.season_current()
    board, standing = None, None
    if season is not None:
        # A league is tens of members, read whole by the selector: the reader's line is
        # found among them, the page cut from them.
        everyone = selectors.leaderboard_league(
            league=league, season=season, per_page=MAX_ID
        ).object_list
        standing = next((one for one in everyone if one.user_id == user.pk), None)
        paginator = Paginator(everyone, selectors.PER_PAGE)
        board = paginator.page(min(page, paginator.num_pages))
    members = LeagueMembership.objects.filter(league=league).count()
    invite = settings.SITE_URL + reverse(
        "pronostics:league_join", kwargs={"token": league.invite_token}
    )
    return {
        **board_out(
            page=board,
            title=league.name,
            season=season,
            user=user,
            standing=standing,
            url=reverse("pronostics:league", kwargs={"pk": league.pk}),
        ),
        "league": league_out(league, user=user, members=members),
        "invite_url": invite,
        "invite_code": league.invite_token,
    }


def _invite_code(text: str) -> str:
    """The code, from the code itself or the whole invite link pasted in."""
    text = text.strip()
    if "/" in text:
        parts = [part for part in text.split("/") if part]
        text = parts[-1] if parts else ""
    return text


@router.post(
    "/ligues/rejoindre",
    response={400: ErrorOut, 200: LeagueOut, 404: ErrorOut, **AUTH_ERRORS},
    auth=READER,
    summary="Rejoindre une ligue",
)
def league_join(request, payload: LeagueJoinIn):
    """With the code of its invite link; joining again changes nothing."""
    try:
        membership = services.league_join(user=request.user, token=_invite_code(payload.code))
    except services.PronosticsError as error:
        raise ApiError(404, "invite_invalid", error.message) from error
    league = membership.league
    members = LeagueMembership.objects.filter(league=league).count()
    return league_out(league, user=request.user, members=members)
