"""Moderators' queue of the events organisers propose, in the Wagtail admin."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rotative.agenda import selectors, services
from rotative.agenda.models import Event

MODERATE = "agenda.change_event"


@permission_required(MODERATE, raise_exception=True)
def queue(request):
    pending = selectors.moderation_queue()
    return render(
        request,
        "agenda/admin/queue.html",
        {"events": Paginator(pending, 50).get_page(request.GET.get("p")), "count": pending.count()},
    )


@require_POST
@permission_required(MODERATE, raise_exception=True)
def moderate(request, pk):
    event = get_object_or_404(Event, pk=pk)
    try:
        if request.POST.get("action") == "publish":
            services.event_moderate(moderator=request.user, event=event, publish=True)
            messages.success(request, _("Sortie validée : elle est publiée dans l'agenda."))
        else:
            services.event_moderate(
                moderator=request.user,
                event=event,
                publish=False,
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("Sortie refusée."))
    except services.AgendaError as error:
        messages.error(request, error.message)
    return redirect("agenda_moderation")
