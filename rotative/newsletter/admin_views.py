"""The newsletter's staff screens in the Wagtail admin.

« Lettre du matin »: the list of digests, and the edit page where an editor reorders,
rewrites, previews, tests and sends the day's digest (the digest package does it).

« Abonnés »: find a subscriber, read their consent history, and answer a request made by
mail or by post (export their data, or erase it) for someone who cannot use the signed
links themselves.
"""

import json

from django import forms
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
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rotative.core.utils import parse_id
from rotative.newsletter import digest as digests
from rotative.newsletter import selectors, services
from rotative.newsletter.models import Digest, Subscriber

EDIT = "newsletter.change_digest"
VIEW_SUBSCRIBERS = "newsletter.view_subscriber"
ERASE_SUBSCRIBERS = "newsletter.delete_subscriber"
SEARCH_RESULTS = 20


# --- « Lettre du matin » ----------------------------------------------------------------------


class DigestForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Objet du message"), max_length=200)
    intro = forms.CharField(
        label=gettext_lazy("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Quelques lignes en tête de la lettre (facultatif)."),
    )


class ItemForm(forms.Form):
    position = forms.IntegerField(label=gettext_lazy("Position"), min_value=1, max_value=999)
    title = forms.CharField(label=gettext_lazy("Titre"), max_length=255, required=False)
    summary = forms.CharField(
        label=gettext_lazy("Résumé"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


@permission_required(EDIT, raise_exception=True)
def digest_list(request):
    upcoming = digests.next_at(digests.SEND_AT).date()
    return render(
        request,
        "newsletter/admin/digest_list.html",
        {
            "digests": Paginator(Digest.objects.select_related("mailing"), 30).get_page(
                request.GET.get("p")
            ),
            "upcoming": upcoming,
            "upcoming_digest": Digest.objects.filter(date=upcoming).first(),
        },
    )


@require_POST
@permission_required(EDIT, raise_exception=True)
def digest_prepare(request):
    """Compose the next morning's draft now, without waiting for the scheduled run."""
    digest = digests.digest_compose(day=digests.next_at(digests.SEND_AT).date())
    return redirect("newsletter_digest_edit", pk=digest.pk)


def _forms(digest, items, data=None):
    digest_form = DigestForm(data, initial={"subject": digest.subject, "intro": digest.intro})
    rows = [
        (
            item,
            ItemForm(
                data,
                prefix=f"item-{item.pk}",
                initial={"position": item.position, "title": item.title, "summary": item.summary},
            ),
        )
        for item in items
    ]
    return digest_form, rows


@require_http_methods(["GET", "POST"])
@permission_required(EDIT, raise_exception=True)
def digest_edit(request, pk):
    digest = get_object_or_404(Digest, pk=pk)
    items = list(digest.items.select_related("article").order_by("position", "pk"))
    digest_form, rows = _forms(digest, items, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if digest_form.is_valid() and all(form.is_valid() for _item, form in rows):
            try:
                _apply(request, digest, digest_form, rows)
            except digests.DigestError as error:
                messages.error(request, error.message)
            return redirect("newsletter_digest_edit", pk=digest.pk)
        messages.error(request, _("La lettre n'a pas été enregistrée : corrigez les erreurs."))
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "newsletter/admin/digest_edit.html",
        {
            "digest": digest,
            "digest_form": digest_form,
            "rows": rows,
            "query": query,
            "results": _search(query, exclude=[item.article_id for item in items]),
            "progress": selectors.mailing_progress(mailing_id=digest.mailing_id)
            if digest.mailing_id
            else None,
        },
        status=400 if request.method == "POST" else 200,
    )


def _apply(request, digest, digest_form, rows):
    """Save what the editor typed first, so that a move or a removal never loses it."""
    digests.digest_update(
        digest=digest,
        user=request.user,
        subject=digest_form.cleaned_data["subject"],
        intro=digest_form.cleaned_data["intro"],
        items=[
            digests.ItemChange(
                item_id=item.pk,
                position=form.cleaned_data["position"],
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
            )
            for item, form in rows
        ],
    )
    move, remove = request.POST.get("move", ""), request.POST.get("remove", "")
    if move:
        item_id, _sep, direction = move.partition(":")
        item_id = parse_id(item_id)  # "²" passes str.isdigit() and fails int()
        if item_id and direction in ("up", "down"):
            digests.digest_item_move(
                digest=digest,
                user=request.user,
                item_id=item_id,
                offset=-1 if direction == "up" else 1,
            )
    elif remove_id := parse_id(remove):
        digests.digest_item_remove(digest=digest, user=request.user, item_id=remove_id)
        messages.success(request, _("Article retiré de la lettre."))
    else:
        messages.success(request, _("Lettre enregistrée."))


def _search(query, *, exclude):
    from rotative.news.models import ArticlePage

    if len(query) < 2:
        return []
    return list(
        ArticlePage.objects.published()
        .filter(title__icontains=query)
        .exclude(pk__in=exclude)
        .newest_first()
        .only("title", "first_published_at", "url_path")[:SEARCH_RESULTS]
    )


@require_POST
@permission_required(EDIT, raise_exception=True)
def digest_add(request, pk):
    from rotative.news.models import ArticlePage

    digest = get_object_or_404(Digest, pk=pk)
    article = ArticlePage.objects.filter(pk=parse_id(request.POST.get("article")) or 0).first()
    if article is None:
        messages.error(request, _("Cet article n'existe pas."))
    else:
        try:
            digests.digest_item_add(digest=digest, user=request.user, article=article)
            messages.success(request, _("« %(title)s » ajouté à la lettre.") % {"title": article})
        except digests.DigestError as error:
            messages.error(request, error.message)
    return redirect("newsletter_digest_edit", pk=digest.pk)


# Shown in an <iframe> of the edit page, hence SAMEORIGIN rather than the site's DENY.
@xframe_options_sameorigin
@permission_required(EDIT, raise_exception=True)
def digest_preview(request, pk):
    """The HTML (or, with ?format=texte, the text) exactly as it will be sent, personal
    links aside."""
    digest = get_object_or_404(Digest, pk=pk)
    html, text = digests.digest_preview(digest=digest)
    if request.GET.get("format") == "texte":
        return HttpResponse(text, content_type="text/plain; charset=utf-8")
    return HttpResponse(html)


@require_POST
@permission_required(EDIT, raise_exception=True)
def digest_test(request, pk):
    digest = get_object_or_404(Digest, pk=pk)
    try:
        address = digests.digest_send_test(digest=digest, user=request.user)
        messages.success(request, _("Test envoyé à %(address)s.") % {"address": address})
    except digests.DigestError as error:
        messages.error(request, error.message)
    return redirect("newsletter_digest_edit", pk=digest.pk)


@require_POST
@permission_required(EDIT, raise_exception=True)
def digest_send(request, pk):
    digest = get_object_or_404(Digest, pk=pk)
    try:
        digests.digest_send(digest=digest, user=request.user)
        messages.success(request, _("La lettre part vers ses abonnés."))
    except digests.DigestError as error:
        messages.error(request, error.message)
    return redirect("newsletter_digest_edit", pk=digest.pk)


# --- « Abonnés » ------------------------------------------------------------------------------


@require_GET
@permission_required(VIEW_SUBSCRIBERS, raise_exception=True)
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
@permission_required(VIEW_SUBSCRIBERS, raise_exception=True)
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
@permission_required(VIEW_SUBSCRIBERS, raise_exception=True)
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
@permission_required(ERASE_SUBSCRIBERS, raise_exception=True)
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
