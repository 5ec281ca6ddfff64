"""Reads of les pronostics: the leaderboards and who may see which predictions.

Every leaderboard is one aggregate query (points summed by reader, with the tie-break
columns of scoring.leaderboard_order) ordered in SQL by the same rule (STANDING_ORDER), then
cut into pages. The scopes differ only in which matches they count: a
season, a match day, a Paris calendar month of a season; a private league counts only its
members, every member listed (0 point until they score). A page of any of them is one
statement.
"""

from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum, Value, Window
from django.db.models.functions import Coalesce
from django.utils import timezone

from rotative.pronostics.models import (
    PARIS,
    League,
    LeagueMembership,
    Match,
    MatchDay,
    Prediction,
    Season,
)
from rotative.pronostics.scoring import Grade, Standing

PER_PAGE = 50
# scoring.leaderboard_order's rule, in SQL (tests/test_leaderboards.py checks they agree).
STANDING_ORDER = ("-total", "-exact", "-outcomes", "since", "user_id")


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The month's first instant and the next month's, in Paris time."""
    start = datetime(year, month, 1, tzinfo=PARIS)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=PARIS)
    return start, end


def _page(rows: QuerySet, *, page: int, per_page: int) -> Page:
    """The page of the table (the last one past the end), in one statement: the number of
    lines comes with it (COUNT(*) OVER () over the readers' sums)."""
    number = max(page, 1)
    ordered = rows.annotate(lines=Window(Count("*"))).order_by(*STANDING_ORDER)
    found = list(ordered[(number - 1) * per_page : number * per_page])
    if not found and number > 1:  # an old link past the last page
        number = max(-(-rows.count() // per_page), 1)
        found = list(ordered[(number - 1) * per_page : number * per_page])
    paginator = Paginator(ordered, per_page)
    paginator.count = found[0]["lines"] if found else 0  # a cached property: not counted again
    result = paginator.page(number)
    first = (number - 1) * per_page + 1
    result.object_list = [
        Standing(
            user_id=row["user_id"],
            points=row["total"],
            exact=row["exact"],
            outcomes=row["outcomes"],
            since=row["since"],
            display_name=row["display_name"] or "",
            rank=first + offset,
        )
        for offset, row in enumerate(found)
    ]
    return result


def _predictions_board(matches: QuerySet, *, page: int, per_page: int) -> Page:
    rows = (
        Prediction.objects.filter(match__in=matches, points__isnull=False)
        .values("user_id")
        .annotate(
            total=Sum("points"),
            exact=Count("pk", filter=Q(grade=Grade.EXACT)),
            outcomes=Count("pk", filter=Q(grade__gte=Grade.OUTCOME)),
            since=Min("created_at"),
            display_name=Min("user__profile__display_name"),
        )
    )
    return _page(rows, page=page, per_page=per_page)


def leaderboard_season(*, season: Season, page: int = 1, per_page: int = PER_PAGE) -> Page:
    matches = Match.objects.filter(match_day__season=season).values("pk")
    return _predictions_board(matches, page=page, per_page=per_page)


def leaderboard_match_day(*, match_day: MatchDay, page: int = 1, per_page: int = PER_PAGE) -> Page:
    return _predictions_board(
        Match.objects.filter(match_day=match_day).values("pk"), page=page, per_page=per_page
    )


def leaderboard_month(
    *, season: Season, year: int, month: int, page: int = 1, per_page: int = PER_PAGE
) -> Page:
    """The matches of the season that kicked off in that month, Paris time."""
    start, end = month_bounds(year, month)
    matches = Match.objects.filter(
        match_day__season=season, kickoff__gte=start, kickoff__lt=end
    ).values("pk")
    return _predictions_board(matches, page=page, per_page=per_page)


def leaderboard_league(
    *, league: League, season: Season, page: int = 1, per_page: int = PER_PAGE
) -> Page:
    """Every member, scored on the season's matches; ties broken on the day they joined."""
    scope = Q(
        user__pronostics__match__in=Match.objects.filter(match_day__season=season).values("pk")
    )
    rows = (
        LeagueMembership.objects.filter(league=league)
        .values("user_id")
        .annotate(
            total=Coalesce(Sum("user__pronostics__points", filter=scope), Value(0)),
            exact=Count("user__pronostics", filter=scope & Q(user__pronostics__grade=Grade.EXACT)),
            outcomes=Count(
                "user__pronostics", filter=scope & Q(user__pronostics__grade__gte=Grade.OUTCOME)
            ),
            since=Min("joined_at"),
            display_name=Min("user__profile__display_name"),
        )
    )
    return _page(rows, page=page, per_page=per_page)


def predictions_visible_to(*, viewer, match: Match, now: datetime | None = None) -> QuerySet:
    """Everyone's predictions once the match has kicked off; before, only the viewer's own
    (nothing for an anonymous reader), so that nobody copies a friend's score."""
    now = now or timezone.now()
    rows = Prediction.objects.filter(match=match).select_related("user__profile")
    if now >= match.kickoff:
        return rows.order_by(F("points").desc(nulls_last=True), "created_at", "pk")
    if viewer is None or not viewer.is_authenticated:
        return rows.none()
    return rows.filter(user=viewer)


# --- the readers' pages -----------------------------------------------------------------------


def season_current(*, now: datetime | None = None) -> Season | None:
    """The season of the next kick-off still to come; else the one whose last match was the
    latest (the game between two seasons shows the one just ended)."""
    day = match_day_current(now=now)
    return day.season if day else None


def match_day_current(*, season: Season | None = None, now: datetime | None = None):
    """The match day readers predict now: the one of the next kick-off (of the season, or of
    any season: the current one), else the last one (of the season, or of the latest season
    played). Its season and competition come with it, in one query."""
    now = now or timezone.now()
    matches = Match.objects.select_related("match_day__season__competition")
    if season is not None:
        matches = matches.filter(match_day__season=season)
    coming = (
        matches.filter(status=Match.Status.SCHEDULED, kickoff__gte=now)
        .order_by("kickoff", "pk")
        .first()
    )
    if coming is not None:
        return coming.match_day
    if season is None:
        last = matches.order_by("-kickoff", "-pk").first()
        return last.match_day if last else None
    return (
        MatchDay.objects.filter(season=season)
        .select_related("season__competition")
        .order_by("-number")
        .first()
    )


def match_day_numbers(*, season: Season) -> list[int]:
    return list(
        MatchDay.objects.filter(season=season).order_by("number").values_list("number", flat=True)
    )


def match_day_matches(*, match_day: MatchDay) -> list[Match]:
    return list(
        Match.objects.filter(match_day=match_day)
        .select_related("home", "away")
        .order_by("kickoff", "pk")
    )


def predictions_of(*, user, matches: list[Match]) -> dict[int, Prediction]:
    """The reader's own predictions of these matches, by match id."""
    if user is None or not user.is_authenticated or not matches:
        return {}
    rows = Prediction.objects.filter(user=user, match__in=[one.pk for one in matches])
    return {row.match_id: row for row in rows}


def predictions_summary(*, matches: list[Match], now: datetime | None = None) -> dict[int, dict]:
    """For the matches that kicked off (predictions_visible_to's rule: none before), how many
    readers predicted a home win, a draw, an away win; by match id."""
    now = now or timezone.now()
    started = [one.pk for one in matches if now >= one.kickoff]
    if not started:
        return {}
    rows = (
        Prediction.objects.filter(match__in=started)
        .values("match_id")
        .annotate(
            total=Count("pk"),
            home=Count("pk", filter=Q(home_goals__gt=F("away_goals"))),
            draw=Count("pk", filter=Q(home_goals=F("away_goals"))),
            away=Count("pk", filter=Q(home_goals__lt=F("away_goals"))),
        )
        .order_by()
    )
    return {row["match_id"]: row for row in rows}


def predictions_of_season(*, user, season: Season) -> list[Prediction]:
    """« Mes pronostics »: the reader's predictions of the season, in the calendar's order."""
    return list(
        Prediction.objects.filter(user=user, match__match_day__season=season)
        .select_related("match__home", "match__away", "match__match_day")
        .order_by("match__match_day__number", "match__kickoff", "match__pk")
    )


def season_months(*, season: Season) -> list[tuple[int, int]]:
    """The (year, month) of the season's kick-offs, Paris time, in order."""
    bounds = Match.objects.filter(match_day__season=season).aggregate(
        first=Min("kickoff"), last=Max("kickoff")
    )
    if bounds["first"] is None:
        return []
    first, last = bounds["first"].astimezone(PARIS), bounds["last"].astimezone(PARIS)
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = year + month // 12, month % 12 + 1
    return months


def leagues_of(*, user) -> list[League]:
    """The private leagues the reader belongs to, each with its number of members."""
    mine = LeagueMembership.objects.filter(user=user).values("league_id")
    return list(
        League.objects.filter(pk__in=mine)
        .annotate(members=Count("memberships"))
        .order_by("name", "pk")
    )


def league_of_member(*, user, pk: int) -> League | None:
    """The league, if the reader is one of its members; None otherwise (the page is theirs)."""
    if user is None or not user.is_authenticated:
        return None
    return League.objects.filter(pk=pk, memberships__user=user).first()


def reader_standing_season(*, season: Season, user) -> Standing | None:
    """The reader's line of the season's leaderboard, ranked; None before their first scored
    prediction. The rank counts the readers ahead by STANDING_ORDER's rule."""
    if user is None or not user.is_authenticated:
        return None
    rows = (
        Prediction.objects.filter(match__match_day__season=season, points__isnull=False)
        .values("user_id")
        .annotate(
            total=Sum("points"),
            exact=Count("pk", filter=Q(grade=Grade.EXACT)),
            outcomes=Count("pk", filter=Q(grade__gte=Grade.OUTCOME)),
            since=Min("created_at"),
        )
        .order_by()
    )
    mine = next(iter(rows.filter(user_id=user.pk)), None)
    if mine is None:
        return None
    total, exact, outcomes, since = mine["total"], mine["exact"], mine["outcomes"], mine["since"]
    ahead = rows.filter(
        Q(total__gt=total)
        | Q(total=total, exact__gt=exact)
        | Q(total=total, exact=exact, outcomes__gt=outcomes)
        | Q(total=total, exact=exact, outcomes=outcomes, since__lt=since)
        | Q(total=total, exact=exact, outcomes=outcomes, since=since, user_id__lt=user.pk)
    ).count()
    profile = getattr(user, "profile", None)
    return Standing(
        user_id=user.pk,
        points=total,
        exact=exact,
        outcomes=outcomes,
        since=since,
        display_name=getattr(profile, "display_name", "") or "",
        rank=ahead + 1,
    )
