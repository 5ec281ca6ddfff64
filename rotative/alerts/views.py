"""« Mes alertes »: the reader's saved searches of every part, saved from a search page's
« Créer l'alerte », and the one-click stop of an alert mail."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from rotative.accounts.decorators import confirmed_email_required
from rotative.alerts import selectors, services
from rotative.alerts.kinds import SearchInvalid
from rotative.alerts.models import SavedSearch
from rotative.core.utils import parse_id


@confirmed_email_required
@require_http_methods(["GET", "POST"])
def saved_searches(request):
    if request.method == "POST":
        _change(request)
        return redirect("alerts:list")
    return render(
        request,
        "alerts/list.html",
        {"groups": selectors.saved_searches_by_kind(user=request.user)},
    )


def _change(request) -> None:
    post = request.POST
    for action in ("delete", "push_on", "push_off"):
        if action in post:
            # A saved search's id: anything else is no alert of this reader's.
            pk = parse_id(post[action])
            if pk is None:
                raise Http404
            if action == "delete":
                services.saved_search_delete(user=request.user, pk=pk)
                messages.success(request, _("Alerte supprimée."))
            else:
                services.saved_search_push_set(
                    user=request.user, pk=pk, by_push=action == "push_on"
                )
                messages.success(request, _("Alerte modifiée."))
            return
    frequency = post.get("frequency", SavedSearch.Frequency.DAILY)
    if frequency not in SavedSearch.Frequency.values:
        frequency = SavedSearch.Frequency.DAILY
    try:
        saved = services.saved_search_create(
            user=request.user,
            kind=post.get("kind", ""),
            category=post.get("category", ""),
            query=post.get("query", ""),
            frequency=frequency,
            by_push=post.get("push") == "1",
        )
    except SearchInvalid as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Alerte enregistrée : « %(label)s ».") % {"label": saved.label})


@csrf_exempt  # the signed token is the proof; mail clients post here (RFC 8058)
@require_http_methods(["GET", "POST"])
def stop(request, token):
    if request.method == "POST":
        stopped = services.saved_search_stop(token=token)
        return render(request, "alerts/stopped.html", {"stopped": stopped})
    return render(request, "alerts/stop.html", {"token": token})
