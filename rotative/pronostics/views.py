"""Les pronostics' pages for readers: a match day's matches and the reader's predictions of
them, « Mes pronostics », the leaderboards. Validation at the edge, reads through selectors,
writes through services (which refuse a prediction after kick-off, whatever is posted)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from rotative.core.pagination import MAX_PAGE
from rotative.core.utils import parse_id
from rotative.pronostics import selectors, services
from rotative.pronostics.forms import PredictionForm
from rotative.pronostics.models import Match, MatchDay, Season

PREDICTIONS_PER_PAGE = 50


def _season(request) -> Season | None:
    """The season asked for (`?saison=<id>`, a 404 if there is none of that id), else the
    current one (None before the first season is set up)."""
    raw = request.GET.get("saison")
    if raw is None:
        return selectors.season_current()
    pk = parse_id(raw)
    if pk is None:
        raise Http404
    return get_object_or_404(Season.objects.select_related("competition"), pk=pk)


def _season_or_404(request) -> Season:
    season = _season(request)
    if season is None:
        raise Http404
    return season


def _season_query(request, season) -> str:
    """The `saison=` to keep in links, when the page is not the current season's."""
    return f"saison={season.pk}" if "saison" in request.GET else ""


def _page_number(request) -> int:
    return min(parse_id(request.GET.get("page")) or 1, MAX_PAGE)


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


def _is_open(match: Match, now) -> bool:
    return match.status == Match.Status.SCHEDULED and now < match.kickoff


@require_safe
def home(request):
    """The game's home: the match day readers predict now."""
    if "saison" in request.GET:
        season = _season(request)
        day = selectors.match_day_current(season=season)
    else:
        day = selectors.match_day_current()
        season = day.season if day else None
    if day is None:
        return render(request, "pronostics/match_day.html", {"season": season, "day": None})
    return _match_day_page(request, season=season, day=day, is_home=True)


@require_http_methods(["GET", "POST"])
def match_day(request, number):
    season = _season_or_404(request)
    day = get_object_or_404(MatchDay, season=season, number=number)
    if request.method == "GET":
        return _match_day_page(request, season=season, day=day)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return _predictions_save(request, season=season, day=day)


def _predictions_save(request, *, season, day):
    """Every match of the day posted at once; each checked on its own. The valid ones are
    saved, the others come back with their error and what the reader typed."""
    matches = selectors.match_day_matches(match_day=day)
    own = selectors.predictions_of(user=request.user, matches=matches)
    forms, saved, refused = {}, 0, 0
    for match in matches:
        form = PredictionForm(request.POST, match=match)
        forms[match.pk] = form
        if form.is_empty:
            continue
        if not form.is_valid():
            refused += 1
            continue
        score = form.score()
        kept = own.get(match.pk)
        if kept is not None and (kept.home_goals, kept.away_goals) == score:
            continue  # unchanged (a locked match's old score sent again): nothing to write
        try:
            services.prediction_save(
                user=request.user, match=match, home_goals=score[0], away_goals=score[1]
            )
        except services.PronosticsError as error:
            form.add_error(None, error.message)
            refused += 1
        else:
            saved += 1
    if saved:
        messages.success(
            request,
            ngettext("%(count)d pronostic enregistré.", "%(count)d pronostics enregistrés.", saved)
            % {"count": saved},
        )
    if refused:
        messages.error(
            request,
            ngettext(
                "Un pronostic n'a pas pu être enregistré : voyez le message sous le match.",
                "%(count)d pronostics n'ont pas pu être enregistrés : voyez les messages "
                "sous les matchs.",
                refused,
            )
            % {"count": refused},
        )
        return _match_day_page(
            request, season=season, day=day, matches=matches, forms=forms, status=400
        )
    if not saved:
        messages.info(request, _("Aucun pronostic n'a été modifié."))
    return redirect(
        _with_query(
            reverse("pronostics:match_day", kwargs={"number": day.number}),
            _season_query(request, season),
        )
    )


def _match_day_page(request, *, season, day, is_home=False, matches=None, forms=None, status=200):
    now = timezone.now()
    user = request.user
    matches = matches if matches is not None else selectors.match_day_matches(match_day=day)
    own = selectors.predictions_of(user=user, matches=matches)
    summaries = selectors.predictions_summary(matches=matches, now=now)
    rows = []
    for match in matches:
        prediction = own.get(match.pk)
        form = (forms or {}).get(match.pk)
        is_open = _is_open(match, now)
        if form is None and is_open and user.is_authenticated:
            initial = (
                {"home_goals": prediction.home_goals, "away_goals": prediction.away_goals}
                if prediction
                else None
            )
            form = PredictionForm(match=match, initial=initial)
        rows.append(
            {
                "match": match,
                "open": is_open,
                "started": now >= match.kickoff,
                "bonus": day.bonus_match_id == match.pk,
                "prediction": prediction,
                "form": form,
                "summary": summaries.get(match.pk),
            }
        )
    numbers = selectors.match_day_numbers(season=season)
    position = numbers.index(day.number) if day.number in numbers else -1
    query = _season_query(request, season)
    return render(
        request,
        "pronostics/match_day.html",
        {
            "season": season,
            "day": day,
            "rows": rows,
            "is_home": is_home,
            "has_form": any(row["form"] is not None and row["open"] for row in rows),
            "previous": numbers[position - 1] if position > 0 else None,
            "next": numbers[position + 1] if 0 <= position < len(numbers) - 1 else None,
            "numbers": numbers,
            "query": query,
            "action": _with_query(
                reverse("pronostics:match_day", kwargs={"number": day.number}), query
            ),
            "back": request.get_full_path(),
            "rules": season.competition.rules,
        },
        status=status,
    )


@require_safe
def match_predictions(request, pk):
    """Everyone's predictions of a match once it has kicked off (before: the reader's own)."""
    match = get_object_or_404(
        Match.objects.select_related("home", "away", "match_day__season__competition"), pk=pk
    )
    rows = selectors.predictions_visible_to(viewer=request.user, match=match)
    page = Paginator(rows, PREDICTIONS_PER_PAGE).get_page(_page_number(request))
    return render(
        request,
        "pronostics/match.html",
        {
            "match": match,
            "season": match.match_day.season,
            "page_obj": page,
            "started": match.has_started(),
            "bonus": match.match_day.bonus_match_id == match.pk,
        },
    )


@require_safe
def mine(request):
    """« Mes pronostics »: the reader's predictions by match day, points per day and in all."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    season = _season(request)
    days, total = [], 0
    if season is not None:
        by_day = {}
        for prediction in selectors.predictions_of_season(user=request.user, season=season):
            day = prediction.match.match_day
            if day.pk not in by_day:
                by_day[day.pk] = {"day": day, "predictions": [], "points": 0, "waiting": 0}
                days.append(by_day[day.pk])
            entry = by_day[day.pk]
            entry["predictions"].append(prediction)
            if prediction.points is None:
                entry["waiting"] += 1
            else:
                entry["points"] += prediction.points
                total += prediction.points
    response = render(
        request,
        "pronostics/mine.html",
        {"season": season, "days": days, "total": total, "query": ""},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _board_page(request, *, season, page, title, scope, extra=None):
    user = request.user
    context = {
        "season": season,
        "page_obj": page,
        "title": title,
        "scope": scope,
        "query": _season_query(request, season),
        "me": user.pk if user.is_authenticated else None,
        "numbers": selectors.match_day_numbers(season=season),
        "months": [
            {
                "label": date_format(date(year, month, 1), "F Y"),
                "url": reverse("pronostics:leaderboard_month", kwargs={"month": (year, month)}),
                "current": scope == "month" and (extra or {}).get("month") == (year, month),
            }
            for year, month in selectors.season_months(season=season)
        ],
        **(extra or {}),
    }
    return render(request, "pronostics/leaderboard.html", context)


@require_safe
def leaderboard(request):
    season = _season(request)
    if season is None and "saison" not in request.GET:
        # No season yet (a new install): the tab every page shows leads to a page, not a 404.
        return render(
            request,
            "pronostics/leaderboard.html",
            {"title": _("Classement général"), "scope": "season", "season": None},
        )
    if season is None:
        raise Http404
    page = selectors.leaderboard_season(season=season, page=_page_number(request))
    standing = selectors.reader_standing_season(season=season, user=request.user)
    extra = {"standing": standing}
    if standing is not None:
        extra["standing_page"] = (standing.rank - 1) // page.paginator.per_page + 1
    return _board_page(
        request,
        season=season,
        page=page,
        title=_("Classement général"),
        scope="season",
        extra=extra,
    )


@require_safe
def leaderboard_match_day(request, number):
    season = _season_or_404(request)
    day = get_object_or_404(MatchDay, season=season, number=number)
    page = selectors.leaderboard_match_day(match_day=day, page=_page_number(request))
    return _board_page(
        request,
        season=season,
        page=page,
        title=_("Classement de la %(day)s") % {"day": str(day).lower()}
        if day.label
        else _("Classement de la journée %(number)s") % {"number": day.number},
        scope="day",
        extra={"day": day},
    )


@require_safe
def leaderboard_month(request, month):
    season = _season_or_404(request)
    year, month = month
    if not 1900 <= year <= 2200:
        raise Http404
    page = selectors.leaderboard_month(
        season=season, year=year, month=month, page=_page_number(request)
    )
    label = date_format(date(year, month, 1), "F Y")
    return _board_page(
        request,
        season=season,
        page=page,
        title=_("Classement du mois : %(month)s") % {"month": label},
        scope="month",
        extra={"month": (year, month)},
    )
