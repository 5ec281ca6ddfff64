"""« Abonnés » in the Wagtail admin: find a subscriber, read their consent history, and answer
a request made by mail or by post (export their data, or erase it) for someone who cannot
use the signed links themselves."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rotative.newsletter import selectors, services
from rotative.newsletter.models import Subscriber

VIEW = "newsletter.view_subscriber"
ERASE = "newsletter.delete_subscriber"


@require_GET
@permission_required(VIEW, raise_exception=True)
def subscribers(request):
    query = request.GET.get("q", "").strip()
    listing = Subscriber.objects.order_by("-created_at")
    if query:
        listing = listing.filter(email__icontains=services.email_normalize(query))
    counts = dict(Subscriber.objects.values_list("status").annotate(n=Count("*")))
    return render(
        request,
        "newsletter/admin/subscribers.html",
        {
            "subscribers": Paginator(listing, 50).get_page(request.GET.get("p")),
            "query": query,
            "counts": [(label, counts.get(value, 0)) for value, label in Subscriber.Status.choices],
        },
    )


@require_GET
@permission_required(VIEW, raise_exception=True)
def subscriber(request, pk):
    subscriber = get_object_or_404(Subscriber, pk=pk)
    return render(
        request,
        "newsletter/admin/subscriber.html",
        {
            "subscriber": subscriber,
            "consents": subscriber.consents.order_by("-created_at"),
            "deliveries": subscriber.deliveries.select_related("mailing").order_by("-pk")[:50],
        },
    )


@require_GET
@permission_required(VIEW, raise_exception=True)
def subscriber_export(request, pk):
    subscriber = get_object_or_404(Subscriber, pk=pk)
    export = selectors.subscriber_export(subscriber=subscriber)
    response = HttpResponse(
        json.dumps(export, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"abonne-{subscriber.pk}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_POST
@permission_required(ERASE, raise_exception=True)
def subscriber_erase(request, pk):
    subscriber = get_object_or_404(Subscriber, pk=pk)
    if request.POST.get("confirm") != subscriber.email:
        messages.error(request, _("Recopiez l'adresse exacte pour confirmer l'effacement."))
        return redirect("newsletter_subscriber", pk=pk)
    services.subscriber_erase(subscriber=subscriber)
    messages.success(
        request,
        _("Les données de %(email)s sont effacées ; l'adresse ne recevra plus rien.")
        % {"email": subscriber.email},
    )
    return redirect("newsletter_subscribers")
