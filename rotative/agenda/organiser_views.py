"""« Mes sorties »: an organiser's own events, their changes and their removal.

Only the organiser ever sees these pages for an event: anyone else gets the same 404 as an id
that never existed, on every method and on a form sent back with errors, so that nobody
learns that someone else's event exists, let alone what it says.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from rotative.accounts.decorators import confirmed_email_required
from rotative.agenda import selectors, services
from rotative.agenda.forms import EventEditForm
from rotative.agenda.models import Event
from rotative.agenda.recurrence import PARIS
from rotative.core.images_reencode import PhotoError
from rotative.core.ratelimit import client_ip, rate_limit_allows

EDITS_PER_DAY = 60


def event_state(event: Event, *, next_start) -> tuple[str, str]:
    """(key, label) of what the organiser sees of their event in « Mes sorties »."""
    if event.moderation == Event.Moderation.REFUSED:
        return "refusee", _("Refusée")
    if next_start is None:
        return "passee", _("Passée")
    if event.moderation == Event.Moderation.PENDING:
        return "attente", _("En attente de validation")
    return "en-ligne", _("En ligne")


@login_required
@require_safe
def mine(request):
    events = list(selectors.events_of_organiser(user=request.user, now=timezone.now()))
    for event in events:
        event.state, event.state_label = event_state(event, next_start=event.next_start)
    return render(request, "agenda/mine.html", {"events": events})


def _own_event_or_404(request, pk) -> Event:
    return get_object_or_404(
        Event.objects.select_related("venue__commune"), pk=pk, organiser_id=request.user.pk
    )


@confirmed_email_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    event = _own_event_or_404(request, pk)
    today = timezone.now().astimezone(PARIS).date()
    if request.method == "GET":
        form = EventEditForm(today=today, event=event)
        return render(request, "agenda/edit.html", {"form": form, "event": event})
    form = EventEditForm(request.POST, request.FILES, today=today, event=event)
    if not form.is_valid():
        return render(request, "agenda/edit.html", {"form": form, "event": event}, status=400)
    if not rate_limit_allows(
        scope="agenda-edit",
        key=f"{request.user.pk}:{client_ip(request)}",
        limit=EDITS_PER_DAY,
        window=86400,
    ):
        form.add_error(
            None, _("Vous avez modifié beaucoup de sorties aujourd'hui : réessayez demain.")
        )
        return render(request, "agenda/edit.html", {"form": form, "event": event}, status=429)
    was_published = event.is_published
    try:
        with transaction.atomic():
            place = services.venue_find_or_create(
                name=form.cleaned_data["venue_name"],
                address=form.cleaned_data.get("venue_address", ""),
                commune=form.commune,
            )
            changed = services.event_update(
                event=event,
                by=request.user,
                venue=place,
                image=form.image_upload,
                **form.event_fields(),
            )
    except (services.AgendaError, PhotoError) as error:
        form.add_error(None, error.message)
        return render(request, "agenda/edit.html", {"form": form, "event": event}, status=400)
    if was_published and not changed.is_published:
        messages.success(
            request,
            _(
                "Modifications enregistrées : votre sortie est retirée de l'agenda jusqu'à ce "
                "qu'un modérateur les valide."
            ),
        )
    else:
        messages.success(request, _("Modifications enregistrées."))
    return redirect("agenda:mine")


@confirmed_email_required
@require_http_methods(["GET", "POST"])
def delete(request, pk):
    event = _own_event_or_404(request, pk)
    if request.method == "GET":
        return render(request, "agenda/delete.html", {"event": event})
    services.event_delete(event=event, by=request.user)
    messages.success(request, _("Sortie « %(title)s » supprimée.") % {"title": event.title})
    return redirect("agenda:mine")
