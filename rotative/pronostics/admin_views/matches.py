"""A match's result entered or corrected, one match at a time or a whole match day at once
(an editor's Sunday evening), and a match postponed or cancelled, each confirmed by a POST.
The services decide; these views show their refusals as form errors and say what was scored."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rotative.pronostics import services
from rotative.pronostics.admin_views.forms import PostponeForm, ResultForm
from rotative.pronostics.admin_views.viewsets import CHANGE_MATCH, kickoff_fr, result_open
from rotative.pronostics.models import Match, MatchDay, Prediction
from rotative.pronostics.services import PronosticsError


def _matches_url(match: Match) -> str:
    return f"{reverse('pronostics_matches:index')}?match_day={match.match_day_id}"


def scoring_said(match: Match) -> str:
    """What the editor is told of the scoring, counted after the services returned: the
    scoring task is queued once the result is committed, and a worker runs it moments later
    (the site's task backend decides). Until then the predictions are « en cours de calcul »;
    only a backend that ran the task before this line (no worker) lets it say « comptés »."""
    counts = Prediction.objects.filter(match=match).aggregate(
        total=Count("pk"), scored=Count("pk", filter=Q(scored_version__gte=match.result_version))
    )
    waiting = counts["total"] - counts["scored"]
    if not counts["total"]:
        return _("aucun pronostic sur ce match")
    if waiting:
        return ngettext(
            "%(count)s pronostic en cours de calcul",
            "%(count)s pronostics en cours de calcul",
            waiting,
        ) % {"count": waiting}
    return ngettext(
        "%(count)s pronostic compté", "%(count)s pronostics comptés", counts["total"]
    ) % {"count": counts["total"]}


def _result_set(request, match: Match, home: int, away: int) -> str | None:
    """The result saved; the sentence saying so, None when it was already that."""
    corrected = match.status == Match.Status.PLAYED
    version = match.result_version
    match = services.match_result_set(
        by=request.user, match=match, home_score=home, away_score=away
    )
    if match.result_version == version:
        return None
    text = _("%(home)s %(home_score)s – %(away_score)s %(away)s") % {
        "home": match.home,
        "home_score": home,
        "away_score": away,
        "away": match.away,
    }
    if corrected:
        return _(
            "Résultat corrigé, tous ses pronostics sont recomptés : %(match)s (%(scored)s)."
        ) % {
            "match": text,
            "scored": scoring_said(match),
        }
    return _("Résultat enregistré : %(match)s (%(scored)s).") % {
        "match": text,
        "scored": scoring_said(match),
    }


def _match(pk) -> Match:
    return get_object_or_404(
        Match.objects.select_related("home", "away", "match_day__season__competition"), pk=pk
    )


@permission_required(CHANGE_MATCH, raise_exception=True)
def match_result(request, pk):
    match = _match(pk)
    initial = {"home_score": match.home_score, "away_score": match.away_score}
    form = ResultForm(request.POST or None, initial=initial)
    form.fields["home_score"].label = _("Buts de %(club)s") % {"club": match.home}
    form.fields["away_score"].label = _("Buts de %(club)s") % {"club": match.away}
    if request.method == "POST" and form.is_valid():
        try:
            said = _result_set(
                request, match, form.cleaned_data["home_score"], form.cleaned_data["away_score"]
            )
        except PronosticsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, said or _("Ce résultat était déjà enregistré : rien à recompter.")
            )
            return redirect(_matches_url(match))
    return render(
        request,
        "pronostics/admin/match_result.html",
        {
            "match": match,
            "form": form,
            "kickoff": kickoff_fr(match),
            "predictions": match.predictions.count(),
            "back_url": _matches_url(match),
        },
    )


class DayRow:
    """One match of the grid: its two score inputs, named by its id."""

    def __init__(self, match: Match, data=None):
        self.match = match
        self.kickoff = kickoff_fr(match)
        self.open = result_open(match)
        self.prefix = f"m{match.pk}"
        self.form = ResultForm(
            data if self.open else None,
            prefix=self.prefix,
            initial={"home_score": match.home_score, "away_score": match.away_score},
        )
        for field in self.form.fields.values():
            field.required = False
        self.said = None

    def typed(self) -> tuple[int, int] | None:
        """The two scores typed; None when both are left empty."""
        home, away = (self.form.cleaned_data.get(k) for k in ("home_score", "away_score"))
        if home is None and away is None:
            return None
        if home is None or away is None:
            self.form.add_error(None, _("Indiquez les deux scores, ou aucun."))
            return None
        return home, away


@permission_required(CHANGE_MATCH, raise_exception=True)
def day_results(request, pk):
    day = get_object_or_404(MatchDay.objects.select_related("season__competition"), pk=pk)
    matches = day.matches.select_related("home", "away").order_by("kickoff", "pk")
    rows = [DayRow(match, request.POST if request.method == "POST" else None) for match in matches]
    if request.method == "POST":
        typed = {}
        for row in rows:
            if row.open and row.form.is_valid():
                score = row.typed()
                if score is not None and score != row.match.result:
                    typed[row] = score
        if not any(row.form.errors for row in rows if row.open):
            saved, refused = [], 0
            for row, (home, away) in typed.items():
                try:
                    said = _result_set(request, row.match, home, away)
                except PronosticsError as error:
                    row.form.add_error(None, error.message)
                    refused += 1
                else:
                    if said:
                        saved.append(said)
            for said in saved:
                messages.success(request, said)
            if not saved and not refused:
                messages.info(request, _("Aucun nouveau résultat : rien à enregistrer."))
            if not refused:
                return redirect("pronostics_day_results", pk=day.pk)
    return render(
        request,
        "pronostics/admin/day_results.html",
        {
            "day": day,
            "rows": rows,
            "has_errors": any(row.form.errors for row in rows if row.open),
            "days_url": f"{reverse('pronostics_days:index')}?season={day.season_id}",
        },
    )


@permission_required(CHANGE_MATCH, raise_exception=True)
def results_days(request):
    """Where a Sunday evening starts: the match days with a match played and no result."""
    now = timezone.now()
    late = Q(matches__kickoff__lte=now, matches__status=Match.Status.SCHEDULED)
    waiting = list(
        MatchDay.objects.filter(late)
        .annotate(waiting=Count("matches", filter=late, distinct=True))
        .select_related("season__competition")
        .order_by("season__competition__name", "-season__label", "number")
    )
    latest = (
        MatchDay.objects.filter(matches__kickoff__lte=now)
        .exclude(pk__in=[day.pk for day in waiting])
        .annotate(last=Max("matches__kickoff"))
        .select_related("season__competition")
        .order_by("-last")[:5]
    )
    return render(
        request, "pronostics/admin/results_days.html", {"waiting": waiting, "latest": latest}
    )


@permission_required(CHANGE_MATCH, raise_exception=True)
def match_postpone(request, pk):
    match = _match(pk)
    form = PostponeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new_kickoff = form.cleaned_data.get("new_kickoff")
        try:
            match = services.match_postpone(by=request.user, match=match, new_kickoff=new_kickoff)
        except PronosticsError as error:
            form.add_error(None, error.message)
        else:
            if new_kickoff:
                text = _(
                    "%(match)s reporté au %(date)s : les pronostics restent ouverts jusque-là."
                ) % {"match": match, "date": kickoff_fr(match)}
            else:
                text = _(
                    "%(match)s reporté sans date : les pronostics attendent la nouvelle date."
                ) % {"match": match}
            messages.success(request, text)
            return redirect(_matches_url(match))
    return render(
        request,
        "pronostics/admin/match_postpone.html",
        {
            "match": match,
            "form": form,
            "kickoff": kickoff_fr(match),
            "back_url": _matches_url(match),
        },
    )


@permission_required(CHANGE_MATCH, raise_exception=True)
def match_cancel(request, pk):
    match = _match(pk)
    error = None
    if request.method == "POST":
        try:
            match = services.match_cancel(by=request.user, match=match)
        except PronosticsError as refused:
            error = refused.message
        else:
            messages.success(
                request,
                _("%(match)s annulé : ses pronostics ne rapportent aucun point (%(scored)s).")
                % {"match": match, "scored": scoring_said(match)},
            )
            return redirect(_matches_url(match))
    return render(
        request,
        "pronostics/admin/match_cancel.html",
        {
            "match": match,
            "error": error,
            "kickoff": kickoff_fr(match),
            "predictions": match.predictions.count(),
            "back_url": _matches_url(match),
        },
    )
