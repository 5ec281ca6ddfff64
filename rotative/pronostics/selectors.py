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
from django.db.models import Count, F, Min, Q, QuerySet, Sum, Value, Window
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
