"""Private leagues: « Mes ligues », creating one, its page (its members' eyes only: the same
404 as an id that never existed for anyone else) and joining through its invite link."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from rotative.core.pagination import MAX_PAGE
from rotative.core.ratelimit import client_ip, rate_limit_allows, refusal_reason
from rotative.core.utils import parse_id
from rotative.pronostics import selectors, services
from rotative.pronostics.forms import LeagueForm
from rotative.pronostics.models import League, LeagueMembership

LEAGUES_PER_DAY = 10


def _private(response):
    """A league's members and its invite link: kept by no cache, shared or the browser's."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_http_methods(["GET", "POST"])
def leagues(request):
    """« Mes ligues », and the form that creates one."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = LeagueForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if not rate_limit_allows(
                scope="pronostics-league",
                key=f"{request.user.pk}:{client_ip(request)}",
                limit=LEAGUES_PER_DAY,
                window=86400,
            ):
                form.add_error(
                    None,
                    refusal_reason(
                        _("Vous avez créé beaucoup de ligues aujourd'hui : réessayez demain.")
                    ),
                )
                status = 429
            else:
                try:
                    league = services.league_create(
                        owner=request.user, name=form.cleaned_data["name"]
                    )
                except services.PronosticsError as error:
                    form.add_error("name", error.message)
                    status = 400
                else:
                    messages.success(
                        request,
                        _("Votre ligue est créée : envoyez son lien d'invitation à vos amis."),
                    )
                    return redirect("pronostics:league", pk=league.pk)
        else:
            status = 400
    return _private(
        render(
            request,
            "pronostics/leagues.html",
            {"leagues": selectors.leagues_of(user=request.user), "form": form},
            status=status,
        )
    )


@require_safe
def league(request, pk):
    found = selectors.league_of_member(user=request.user, pk=pk)
    if found is None:
        raise Http404
    season = selectors.season_current()
    page = None
    if season is not None:
        number = min(parse_id(request.GET.get("page")) or 1, MAX_PAGE)
        page = selectors.leaderboard_league(league=found, season=season, page=number)
    # The site's public address, not the request's host (the link is sent to friends).
    invite = settings.SITE_URL + reverse(
        "pronostics:league_join", kwargs={"token": found.invite_token}
    )
    return _private(
        render(
            request,
            "pronostics/league.html",
            {
                "league": found,
                "season": season,
                "page_obj": page,
                "me": request.user.pk,
                "invite": invite,
                "query": "",
            },
        )
    )


@require_http_methods(["GET", "POST"])
def league_join(request, token):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    found = League.objects.filter(invite_token=token).first()
    if found is None:
        return _private(
            render(request, "pronostics/league_join.html", {"league": None}, status=404)
        )
    member = LeagueMembership.objects.filter(league=found, user=request.user).exists()
    if request.method == "POST":
        try:
            services.league_join(user=request.user, token=token)
        except services.PronosticsError as error:  # the league went between GET and POST
            messages.error(request, error.message)
            return redirect("pronostics:leagues")
        if not member:
            messages.success(
                request, _("Bienvenue dans la ligue « %(name)s » !") % {"name": found.name}
            )
        return redirect("pronostics:league", pk=found.pk)
    return _private(
        render(
            request,
            "pronostics/league_join.html",
            {
                "league": found,
                "member": member,
                "members": found.memberships.count(),
                "owner": getattr(getattr(found.owner, "profile", None), "display_name", ""),
            },
        )
    )
