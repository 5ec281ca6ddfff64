"""Moderators' queue of the offers employers send, in the Wagtail admin."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rotative.jobs import discrimination, selectors, services
from rotative.jobs.models import JobOffer

MODERATE = "jobs.change_joboffer"


@permission_required(MODERATE, raise_exception=True)
def queue(request):
    pending = selectors.moderation_queue()
    page = Paginator(pending, 50).get_page(request.GET.get("p"))
    # The grounds of discrimination, checked again: an offer changed in the admin or caught
    # by a rule added since it was sent says why it should be refused.
    for offer in page:
        offer.flags = discrimination.reasons(
            title=offer.title, description=offer.description, profile=offer.profile
        )
    return render(request, "jobs/admin/queue.html", {"offers": page, "count": pending.count()})


@require_POST
@permission_required(MODERATE, raise_exception=True)
def moderate(request, pk):
    offer = get_object_or_404(JobOffer, pk=pk)
    try:
        if request.POST.get("action") == "publish":
            services.offer_moderate(moderator=request.user, offer=offer, publish=True)
            messages.success(request, _("Offre validée : elle est publiée."))
        else:
            services.offer_moderate(
                moderator=request.user,
                offer=offer,
                publish=False,
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("Offre refusée."))
    except services.JobsError as error:
        messages.error(request, error.message)
    return redirect("jobs_moderation")
