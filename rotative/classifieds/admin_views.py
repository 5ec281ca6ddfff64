"""Moderators' queue of ads in the Wagtail admin."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rotative.classifieds import selectors, services
from rotative.classifieds.models import Ad

MODERATE = "classifieds.change_ad"


@permission_required(MODERATE, raise_exception=True)
def queue(request):
    reported_tab = request.GET.get("onglet") == "signalees"
    pending = Ad.objects.filter(status=Ad.Status.PENDING)
    reported = selectors.ads_reported()
    listing = (reported if reported_tab else pending).select_related("commune", "owner")
    listing = listing.annotate(
        open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True))
    ).prefetch_related("reports")
    return render(
        request,
        "classifieds/admin/queue.html",
        {
            "ads": Paginator(listing.order_by("updated_at"), 50).get_page(request.GET.get("p")),
            "count": pending.count(),
            "reported_count": reported.count(),
            "reported_tab": reported_tab,
        },
    )


@require_POST
@permission_required(MODERATE, raise_exception=True)
def moderate(request, pk):
    ad = get_object_or_404(Ad, pk=pk)
    try:
        if request.POST.get("action") == "approve":
            services.ad_approve(moderator=request.user, ad=ad)
            messages.success(request, _("Annonce validée : elle est en ligne pour 60 jours."))
        elif request.POST.get("action") == "dismiss":
            services.ad_reports_dismiss(moderator=request.user, ad=ad)
            messages.success(request, _("Signalements classés : l'annonce reste en ligne."))
        else:
            services.ad_reject(moderator=request.user, ad=ad, reason=request.POST.get("reason"))
            messages.success(request, _("Annonce refusée."))
    except services.AdError as error:
        messages.error(request, error.message)
    return redirect("classifieds_moderation")
