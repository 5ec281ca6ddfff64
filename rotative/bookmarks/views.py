"""« À lire plus tard »: the reader's list, and the « Lire plus tard » / « Enregistré » button.

The button is a plain form (it works without JavaScript: the answer sends the reader back
with a message); static/js/bookmarks.js posts the same form with `Accept: application/json`
and gets JSON back instead, to flip the button in place."""

import json

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from rotative.bookmarks import selectors, services
from rotative.bookmarks.kinds import ARTICLE, KINDS, target_url
from rotative.core.ratelimit import refusal_reason
from rotative.core.utils import parse_id

LABEL_SAVE = gettext_lazy("Lire plus tard")
LABEL_SAVED = gettext_lazy("Enregistré")


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _target_found(kind: str, pk) -> object | None:
    """The target of that kind and id, or None; an unknown kind or a hand-made id is a 404."""
    if kind not in KINDS or parse_id(pk) is None:
        raise Http404
    return KINDS[kind].model._default_manager.filter(pk=pk).first()


def _back(request, default: str) -> str:
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default


def _state(request, *, kind: str, pk: int, saved: bool, target=None) -> dict:
    """What the button becomes: its label, where it posts next, and the target's address
    (bookmarks.js asks the service worker to keep a saved article for offline reading)."""
    return {
        "saved": saved,
        "kind": kind,
        "label": str(LABEL_SAVED if saved else LABEL_SAVE),
        "action": reverse("bookmarks:remove" if saved else "bookmarks:add", args=[kind, pk]),
        "url": (target_url(target, request) if target is not None else "") or "",
    }


def _refused(request, message: str, *, status: int, back: str):
    if _wants_json(request):
        return JsonResponse({"error": message}, status=status)
    messages.error(request, message)
    return redirect(back)


@require_POST
def add(request, kind, pk):
    target = _target_found(kind, pk)
    if target is None:
        raise Http404
    # A page Wagtail cannot route (no site above it) has no address: back to the list then.
    back = _back(request, target_url(target, request) or reverse("bookmarks:list"))
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    if not services.bookmark_add_allowed(user=request.user):
        return _refused(request, refusal_reason(services.TOO_FAST), status=429, back=back)
    try:
        services.bookmark_add(user=request.user, target=target)
    except ValidationError as error:
        return _refused(request, error.messages[0], status=400, back=back)
    message = _("Enregistré dans « À lire plus tard ».")
    if _wants_json(request):
        state = _state(request, kind=kind, pk=target.pk, saved=True, target=target)
        return JsonResponse({**state, "message": message})
    messages.success(request, message)
    return redirect(back)


@require_POST
def remove(request, kind, pk):
    if kind not in KINDS or parse_id(pk) is None:
        raise Http404
    back = _back(request, reverse("bookmarks:list"))
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    # Only its type and id are needed: a target deleted since can still be taken out.
    target = KINDS[kind].model(pk=pk)
    services.bookmark_remove(user=request.user, target=target)
    message = _("Retiré de « À lire plus tard ».")
    if _wants_json(request):
        found = _target_found(kind, pk)
        state = _state(request, kind=kind, pk=pk, saved=False, target=found)
        return JsonResponse({**state, "message": message})
    messages.success(request, message)
    return redirect(back)


@require_safe
def listing(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    bookmarks = selectors.bookmarks_for(user=request.user)
    for bookmark in bookmarks:
        bookmark.url = (target_url(bookmark.item, request) if bookmark.item else "") or ""
    shown = request.GET.get("type", "")
    if shown not in KINDS:
        shown = ""
    counts = {name: 0 for name in KINDS}
    for bookmark in bookmarks:
        counts[bookmark.kind] = counts.get(bookmark.kind, 0) + 1
    groups = [
        (kind, [bookmark for bookmark in bookmarks if bookmark.kind == kind.name])
        for kind in KINDS.values()
        if not shown or kind.name == shown
    ]
    # Every saved article the reader can open, for the service worker to keep offline.
    offline = [bookmark.url for bookmark in bookmarks if bookmark.kind == ARTICLE and bookmark.item]
    return render(
        request,
        "bookmarks/list.html",
        {
            "groups": [(kind, rows) for kind, rows in groups if rows],
            "filters": [(kind, counts[kind.name]) for kind in KINDS.values()],
            "shown": shown,
            "total": len(bookmarks),
            "offline_urls": json.dumps(offline),
        },
    )
