"""Reads of les pronostics: the leaderboards and who may see which predictions.

Every leaderboard reads the tallies the scoring keeps (models/tallies.py: one line per reader
of a season, a Paris month of a season, a match day), never the predictions: a page is one
statement, a range of the scope's index in the order of scoring.leaderboard_order
(STANDING_ORDER) that reads only the page's lines (and, for the number of pages, counts the
scope's index entries). A private league lists every member, 0 point until they score, ties
broken on the day they joined.
"""

from datetime import date, datetime

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from rotative.pronostics.models import (
    PARIS,
    League,
    LeagueMembership,
    Match,
    MatchDay,
    MatchDayTally,
    MonthTally,
    Prediction,
    Season,
    SeasonTally,
)
from rotative.pronostics.models.tallies import ORDER
from rotative.pronostics.scoring import Standing

PER_PAGE = 50
# scoring.leaderboard_order's rule, in SQL (tests/test_leaderboards.py checks they agree).
STANDING_ORDER = ("-points", "-exact", "-outcomes", "since", "user_id")
assert [field.replace("user_id", "user") for field in STANDING_ORDER] == ORDER  # the indexes'
COLUMNS = ("user_id", "points", "exact", "outcomes", "since", "display_name")


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The month's first instant and the next month's, in Paris time."""
    start = datetime(year, month, 1, tzinfo=PARIS)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=PARIS)
    return start, end


def _count(lines: QuerySet, key: str) -> Subquery:
    """The scope's number of lines, as a subquery computed once (a count over its index)."""
    counted = lines.order_by().values(key).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _standings(rows: list[dict], *, first: int) -> list[Standing]:
    return [
        Standing(
            user_id=row["user_id"],
            points=row["points"],
            exact=row["exact"],
            outcomes=row["outcomes"],
            since=row["since"],
            display_name=row["display_name"] or "",
            rank=first + offset,
        )
        for offset, row in enumerate(rows)
    ]


def _paginated(number: int, per_page: int, lines: int, rows: list[dict]) -> Page:
    paginator = Paginator(range(lines), per_page)
    paginator.count = lines  # a cached property: not counted again
    page = paginator.page(number)
    page.object_list = _standings(rows, first=(number - 1) * per_page + 1)
    return page


def _tally_page(lines: QuerySet, *, key: str, page: int, per_page: int) -> Page:
    """The page of a scope's tallies (`lines`, one scope; `key` its scope column), the last one
    past the end. The inner query walks the scope's index to the page's readers alone (an
    index-only scan, however deep the page); the outer one reads their lines and names and
    the scope's count, in the same statement."""
    number = max(page, 1)

    def fetch(number: int) -> list[dict]:
        start = (number - 1) * per_page
        readers = lines.order_by(*STANDING_ORDER).values("user_id")[start : start + per_page]
        return list(
            lines.filter(user_id__in=readers)
            .annotate(display_name=F("user__profile__display_name"), lines=_count(lines, key))
            .order_by(*STANDING_ORDER)
            .values(*COLUMNS, "lines")
        )

    found = fetch(number)
    if not found and number > 1:  # an old link past the last page
        number = max(-(-lines.count() // per_page), 1)
        found = fetch(number)
    return _paginated(number, per_page, found[0]["lines"] if found else 0, found)


def leaderboard_season(*, season: Season, page: int = 1, per_page: int = PER_PAGE) -> Page:
    lines = SeasonTally.objects.filter(season=season)
    return _tally_page(lines, key="season_id", page=page, per_page=per_page)


def leaderboard_match_day(*, match_day: MatchDay, page: int = 1, per_page: int = PER_PAGE) -> Page:
    lines = MatchDayTally.objects.filter(match_day=match_day)
    return _tally_page(lines, key="match_day_id", page=page, per_page=per_page)


def leaderboard_month(
    *, season: Season, year: int, month: int, page: int = 1, per_page: int = PER_PAGE
) -> Page:
    """The matches of the season that kicked off in that month, Paris time."""
    lines = MonthTally.objects.filter(season=season, month=date(year, month, 1))
    return _tally_page(lines, key="season_id", page=page, per_page=per_page)


def leaderboard_league(
    *, league: League, season: Season, page: int = 1, per_page: int = PER_PAGE
) -> Page:
    """Every member, scored on the season's tallies; ties broken on the day they joined. A
    league has tens of members: their lines are read and ordered whole, in one statement."""
    number = max(page, 1)
    tally = SeasonTally.objects.filter(season=season, user=OuterRef("user_id"))

    def column(name: str):
        return Coalesce(Subquery(tally.values(name)[:1]), Value(0))

    rows = list(
        LeagueMembership.objects.filter(league=league)
        .annotate(
            points=column("points"),
            exact=column("exact"),
            outcomes=column("outcomes"),
            since=F("joined_at"),
            display_name=F("user__profile__display_name"),
        )
        .order_by(*STANDING_ORDER)
        .values(*COLUMNS)
    )
    number = min(number, max(-(-len(rows) // per_page), 1))
    start = (number - 1) * per_page
    return _paginated(number, per_page, len(rows), rows[start : start + per_page])


def reader_standing_season(*, season: Season, user) -> Standing | None:
    """The reader's line of the season's leaderboard and its rank (« 1 234e »), in one
    statement: the readers ahead counted on the season's index from the reader's points up.
    None for an anonymous reader, or before their first scored prediction."""
    return _reader_standing(SeasonTally.objects.filter(season=season), key="season_id", user=user)


def reader_standing_match_day(*, match_day: MatchDay, user) -> Standing | None:
    """reader_standing_season's line and rank, on the match day's leaderboard."""
    return _reader_standing(
        MatchDayTally.objects.filter(match_day=match_day), key="match_day_id", user=user
    )


def reader_standing_month(*, season: Season, year: int, month: int, user) -> Standing | None:
    """reader_standing_season's line and rank, on the month's leaderboard."""
    lines = MonthTally.objects.filter(season=season, month=date(year, month, 1))
    return _reader_standing(lines, key="season_id", user=user)


def _reader_standing(lines: QuerySet, *, key: str, user) -> Standing | None:
    """The reader's line of one scope's tallies (`lines`) and its rank, in one statement."""
    if user is None or not user.is_authenticated:
        return None
    mine = {name: OuterRef(name) for name in ("points", "exact", "outcomes", "since", "user_id")}
    ahead = lines.filter(points__gte=mine["points"]).filter(
        Q(points__gt=mine["points"])
        | Q(points=mine["points"], exact__gt=mine["exact"])
        | Q(points=mine["points"], exact=mine["exact"], outcomes__gt=mine["outcomes"])
        | Q(
            points=mine["points"],
            exact=mine["exact"],
            outcomes=mine["outcomes"],
            since__lt=mine["since"],
        )
        | Q(
            points=mine["points"],
            exact=mine["exact"],
            outcomes=mine["outcomes"],
            since=mine["since"],
            user_id__lt=mine["user_id"],
        )
    )
    row = (
        lines.filter(user=user)
        .annotate(display_name=F("user__profile__display_name"), ahead=_count(ahead, key))
        .values(*COLUMNS, "ahead")
        .first()
    )
    if row is None:
        return None
    return _standings([row], first=row["ahead"] + 1)[0]


def predictions_visible_to(*, viewer, match: Match, now: datetime | None = None) -> QuerySet:
    """Everyone's predictions once the match has kicked off; before, only the viewer's own
    (nothing for an anonymous reader), so that nobody copies a friend's score."""
    now = now or timezone.now()
    rows = Prediction.objects.filter(match=match).select_related("user__profile")
    if now >= match.kickoff:
        return rows.order_by(F("points").desc(nulls_last=True), "created_at", "pk")
    if viewer is None or not viewer.is_authenticated:
        return rows.none()
    return rows.filter(user=viewer).order_by("pk")


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
