"""The reader's side of the app's tokens, in « Mon compte »."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rotative.api.models import DeviceToken
from rotative.api.services import token_revoke


@login_required
@require_GET
def devices(request):
    tokens = DeviceToken.objects.active().filter(user=request.user).order_by("-created_at", "-pk")
    return render(request, "api/devices.html", {"tokens": tokens})


@login_required
@require_POST
def device_revoke(request, token_id: int):
    token = DeviceToken.objects.active().filter(user=request.user, pk=token_id).first()
    if token is None:  # another reader's, or already signed out: nothing to say about it
        raise Http404
    token_revoke(token=token)
    messages.success(
        request, _("L'application est déconnectée de « %(device)s ».") % {"device": token.device}
    )
    return redirect("api_devices:list")
