"""The newsroom's En direct screen: post at the top, the latest entries below, edit, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rotative.live import services
from rotative.live.forms import LiveEntryForm
from rotative.live.models import SITE_CHANNEL, LiveEntry

POST = "live.add_liveentry"
CHANGE = "live.change_liveentry"
DELETE = "live.delete_liveentry"
RECENT = 30


@permission_required(POST, raise_exception=True)
def desk(request):
    channel = request.GET.get("canal", SITE_CHANNEL)
    form = LiveEntryForm(request.POST or None, for_user=request.user, initial={"channel": channel})
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        channel = fields.pop("channel", "") or SITE_CHANNEL
        try:
            services.live_entry_publish(author=request.user, channel=channel, **fields)
        except services.LiveEntryError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, _("Entrée publiée dans le direct."))
            return redirect(f"{reverse('live_desk')}?canal={channel}")
    recent = (
        LiveEntry.objects.filter(channel=channel, deleted_at__isnull=True)
        .select_related("label", "author")
        .order_by("-published_at")[:RECENT]
    )
    return render(request, "live/admin/desk.html", {"form": form, "recent": recent})


@permission_required(CHANGE, raise_exception=True)
def edit(request, pk):
    entry = get_object_or_404(LiveEntry, pk=pk, deleted_at__isnull=True)
    form = LiveEntryForm(request.POST or None, instance=entry, for_user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.live_entry_edit(entry=LiveEntry.objects.get(pk=pk), **form.cleaned_data)
        except services.LiveEntryError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, _("Entrée modifiée : les lecteurs voient la correction."))
            return redirect("live_desk")
    return render(request, "live/admin/edit.html", {"form": form, "entry": entry})


@require_POST
@permission_required(DELETE, raise_exception=True)
def delete(request, pk):
    entry = get_object_or_404(LiveEntry, pk=pk, deleted_at__isnull=True)
    services.live_entry_delete(entry=entry)
    messages.success(request, _("Entrée supprimée du direct."))
    return redirect("live_desk")
