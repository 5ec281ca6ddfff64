"""Wire desk screens in the Wagtail admin: the queue, a dispatch's preview, publishing."""

import nh3
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rotative.news.models import SectionPage
from rotative.wire import selectors, services
from rotative.wire.models import Dispatch, QuarantinedFile, WireSource

QUEUE_PAGE_SIZE = 50


@permission_required("wire.change_dispatch", raise_exception=True)
def queue(request):
    filters = selectors.QueueFilters.from_query(request.GET)
    dispatches = Paginator(selectors.dispatch_queue(filters=filters), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("p")
    )
    dispatches.object_list = list(dispatches.object_list)
    waiting = selectors.dispatches_waiting_for_section(dispatches.object_list)
    for dispatch in dispatches.object_list:
        dispatch.waits_for_section = dispatch.pk in waiting
    return render(
        request,
        "wire/queue.html",
        {
            "dispatches": dispatches,
            "filters": filters,
            "sources": WireSource.objects.all(),
            "statuses": Dispatch.Status.choices,
            "query_without_page": selectors.query_without_page(request.GET),
        },
    )


@permission_required("wire.change_dispatch", raise_exception=True)
def preview(request, pk):
    dispatch = get_object_or_404(Dispatch.objects.select_related("source", "article"), pk=pk)
    suggested = selectors.section_suggested(dispatch=dispatch)
    return render(
        request,
        "wire/preview.html",
        {
            "dispatch": dispatch,
            # Sanitised when parsed; sanitised again here, as it goes into the admin's page.
            "body_html": nh3.clean(dispatch.body_html),
            "versions": Dispatch.objects.filter(guid=dispatch.guid).order_by("-version"),
            "sections": SectionPage.objects.live().order_by("nav_order", "title"),
            "suggested_section": suggested,
        },
    )


@require_POST
@permission_required("wire.change_dispatch", raise_exception=True)
def publish(request, pk):
    dispatch = get_object_or_404(Dispatch, pk=pk)
    back = reverse("wire_preview", args=[pk])
    if dispatch.article_id:
        messages.error(request, _("Cette dépêche a déjà son article."))
        return redirect(back)
    section = SectionPage.objects.filter(pk=request.POST.get("section") or None).first()
    edit_first = request.POST.get("action") == "edit"
    try:
        article = services.dispatch_publish(
            dispatch=dispatch, section=section, user=request.user, live=not edit_first
        )
    except services.NoSectionError:
        messages.error(request, _("Choisissez une rubrique pour cette dépêche."))
        return redirect(back)
    if edit_first:
        return redirect("wagtailadmin_pages:edit", article.pk)
    messages.success(request, _("Dépêche publiée : « %(title)s ».") % {"title": article.title})
    return redirect("wire_queue")


@permission_required("wire.view_quarantinedfile", raise_exception=True)
def quarantine_download(request, pk):
    """The original bytes, as delivered: only through the admin, never from a public URL."""
    from django.http import FileResponse

    record = get_object_or_404(QuarantinedFile, pk=pk)
    return FileResponse(
        record.original.open("rb"),
        as_attachment=True,
        filename=record.filename or record.original.name.rsplit("/", 1)[-1],
        content_type="application/octet-stream",
    )
