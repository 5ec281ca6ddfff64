"""Checking professional accounts in the Wagtail admin: the SIRET against the company name."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rotative.accounts import services
from rotative.accounts.models import Professional

VERIFY = "accounts.change_professional"
TABS = {"": Professional.Status.PENDING, "verifies": Professional.Status.VERIFIED}


@permission_required(VERIFY, raise_exception=True)
def professionals(request):
    tab = request.GET.get("onglet", "")
    status = TABS.get(tab, Professional.Status.PENDING)
    listing = Professional.objects.filter(status=status).select_related("user")
    return render(
        request,
        "accounts/admin/professionals.html",
        {
            "professionals": Paginator(listing.order_by("requested_at"), 50).get_page(
                request.GET.get("p")
            ),
            "pending_count": Professional.objects.filter(
                status=Professional.Status.PENDING
            ).count(),
            "tab": tab,
        },
    )


@require_POST
@permission_required(VERIFY, raise_exception=True)
def professional_review(request, pk):
    professional = get_object_or_404(Professional, pk=pk)
    try:
        if request.POST.get("action") == "verify":
            services.professional_verify(moderator=request.user, professional=professional)
            messages.success(request, _("%(name)s est vérifié.") % {"name": professional})
        else:
            services.professional_refuse(
                moderator=request.user,
                professional=professional,
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("Demande refusée."))
    except services.ProfessionalError as error:
        messages.error(request, error.message)
    return redirect("accounts_professionals")
