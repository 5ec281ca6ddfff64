"""« Rappels des pronostics »: the reader's opt-in to the reminders of the matches they have
not predicted, and the one-click stop of a reminder mail (no login: the signed token)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from rotative.accounts.decorators import confirmed_email_required
from rotative.newsletter.models import PushSubscription
from rotative.pronostics import services
from rotative.pronostics.models import ReminderPreference


class ReminderForm(forms.Form):
    by_email = forms.BooleanField(label=gettext_lazy("par e-mail"), required=False)
    by_push = forms.BooleanField(
        label=gettext_lazy("par notification sur mes navigateurs"), required=False
    )


@confirmed_email_required  # a reminder goes to the account's address: it must be the reader's
@require_http_methods(["GET", "POST"])
def reminders(request):
    preference = ReminderPreference.objects.filter(user=request.user).first()
    has_browser = PushSubscription.objects.filter(user=request.user).exists()
    if request.method == "POST":
        form = ReminderForm(request.POST)
        if form.is_valid():
            saved = services.reminder_preference_set(
                user=request.user,
                by_email=form.cleaned_data["by_email"],
                by_push=form.cleaned_data["by_push"],
            )
            if saved.by_email or saved.by_push:
                messages.success(request, _("C'est noté : vous serez prévenu avant les matchs."))
            else:
                messages.success(request, _("Vous ne recevrez plus de rappels."))
            return redirect("pronostics:reminders")
    else:
        form = ReminderForm(
            initial={
                "by_email": bool(preference and preference.by_email),
                "by_push": bool(preference and preference.by_push),
            }
        )
    return render(
        request,
        "pronostics/reminders.html",
        {
            "form": form,
            "has_browser": has_browser,
            "wants_push": bool(preference and preference.by_push),
            "reminder_hours": settings.PRONOSTICS_REMINDER_HOURS,
        },
    )


@csrf_exempt  # the signed token is the proof; mail clients post here (RFC 8058)
@require_http_methods(["GET", "POST"])
def reminders_stop(request, token):
    if request.method == "POST":
        stopped = services.reminders_stop(token=token)
        return render(request, "pronostics/reminders_stopped.html", {"stopped": stopped})
    return render(request, "pronostics/reminders_stop.html", {"token": token})
