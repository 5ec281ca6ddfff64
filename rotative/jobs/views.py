"""L'emploi's public pages: validation at the edge, reads through selectors, writes through
services. An offer shows only to whom its state allows, else the same 404 as an id that
never existed."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from rotative.accounts.selectors import (
    account_email_confirmed,
    is_verified_professional,
    professional_of,
)
from rotative.core.ratelimit import client_ip, rate_limit_allows
from rotative.core.slugs import slugify_fr
from rotative.core.utils import parse_id
from rotative.jobs import selectors, services
from rotative.jobs.forms import ApplicationForm, OfferForm, initial_of, search_form
from rotative.jobs.jsonld import offer_jsonld
from rotative.jobs.models import ApplyBy, JobApplication, JobOffer
from rotative.jobs.services import PARIS

OFFERS_PER_DAY = 30
OFFERS_REFUSAL = gettext_lazy("Vous avez déposé beaucoup d'offres aujourd'hui : réessayez demain.")


def offer_post_allowed(request) -> bool:
    """Counts one offer posted by this employer from this address: the site's form and the
    app's API share the count."""
    return rate_limit_allows(
        scope="jobs-post",
        key=f"{request.user.pk}:{client_ip(request)}",
        limit=OFFERS_PER_DAY,
        window=86400,
    )


APPLICATIONS_PER_DAY = 10


@require_safe
def search(request):
    form = search_form(request.GET)
    page = selectors.offer_search(
        filters=form.filters(), page=parse_id(request.GET.get("page")) or 1
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "jobs/search.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _visible_offer_or_404(request, pk) -> JobOffer:
    offer = get_object_or_404(JobOffer.objects.select_related("commune", "employer"), pk=pk)
    if not offer.visible_to(request.user):
        raise Http404
    return offer


@require_safe
def offer(request, pk, slug):
    offer = _visible_offer_or_404(request, pk)
    if slug != offer.slug:
        return redirect(offer, permanent=True)
    is_owner = request.user.is_authenticated and request.user.pk == offer.posted_by_id
    online = offer.is_online()
    if online and not is_owner:
        services.offer_viewed(offer=offer)
    return _offer_page(request, offer, online=online, is_owner=is_owner)


def _offer_page(request, offer, *, online, is_owner, form=None, status=200):
    with_cv = offer.apply_by == ApplyBy.FORM
    return render(
        request,
        "jobs/offer.html",
        {
            "offer": offer,
            "form": form or ApplicationForm(with_cv=with_cv),
            "can_apply": account_email_confirmed(user=request.user),
            "applied": selectors.application_of(offer=offer, user=request.user)
            if with_cv
            else None,
            "online": online,
            "is_owner": is_owner,
            "jsonld": offer_jsonld(
                offer=offer, url=request.build_absolute_uri(offer.get_absolute_url())
            )
            if online
            else None,
        },
        status=status,
    )


@require_POST
def apply(request, pk):
    """A candidate's letter, relayed to the employer by e-mail, or kept with a PDF CV for the
    employer to read on the site."""
    offer = get_object_or_404(JobOffer.objects.select_related("commune", "employer"), pk=pk)
    if not offer.is_online() or offer.apply_by not in (ApplyBy.EMAIL, ApplyBy.FORM):
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(offer.get_absolute_url())
    is_owner = request.user.pk == offer.posted_by_id
    if not account_email_confirmed(user=request.user) or is_owner:
        return _offer_page(request, offer, online=True, is_owner=is_owner, status=403)
    with_cv = offer.apply_by == ApplyBy.FORM
    if with_cv and selectors.application_of(offer=offer, user=request.user):
        messages.info(request, services.already_applied_message())
        return redirect(offer)
    form = ApplicationForm(request.POST, request.FILES, with_cv=with_cv)

    def refused(status):
        return _offer_page(request, offer, online=True, is_owner=False, form=form, status=status)

    if not form.is_valid():
        return refused(400)
    if not rate_limit_allows(
        scope="jobs-apply",
        key=f"{request.user.pk}:{client_ip(request)}",
        limit=APPLICATIONS_PER_DAY,
        window=86400,
    ):
        form.add_error(None, _("Vous avez envoyé beaucoup de candidatures aujourd'hui."))
        return refused(429)
    letter = {"name": form.cleaned_data["name"], "message": form.cleaned_data["message"]}
    try:
        if with_cv:
            services.application_submit(
                offer=offer, candidate=request.user, cv=form.cleaned_data["cv"], **letter
            )
        else:
            services.application_relay(offer=offer, candidate=request.user, **letter)
    except services.JobsError as error:
        form.add_error(None, error.message)
        return refused(400)
    messages.success(request, _("Votre candidature est envoyée à l'employeur."))
    return redirect(offer)


def _employer_gate(request):
    """None for a verified professional; else the page that says why they cannot post."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if is_verified_professional(user=request.user):
        return None
    return render(
        request,
        "jobs/post.html",
        {"not_employer": True, "professional": professional_of(user=request.user)},
        status=403,
    )


def _today():
    return timezone.now().astimezone(PARIS).date()


@require_http_methods(["GET", "POST"])
def post(request):
    refused = _employer_gate(request)
    if refused is not None:
        return refused
    if request.method == "GET":
        return render(request, "jobs/post.html", {"form": OfferForm(today=_today())})
    return _save(request, offer=None)


@require_http_methods(["GET", "POST"])
def edit(request, pk):
    refused = _employer_gate(request)
    if refused is not None:
        return refused
    offer = get_object_or_404(JobOffer.objects.select_related("commune"), pk=pk)
    if offer.posted_by_id != request.user.pk or offer.status == JobOffer.Status.EXPIRED:
        raise Http404
    if request.method == "GET":
        form = OfferForm(initial=initial_of(offer), today=_today())
        return render(request, "jobs/post.html", {"form": form, "offer": offer})
    return _save(request, offer=offer)


def _save(request, *, offer):
    form = OfferForm(request.POST, today=_today())
    context = {"form": form, "offer": offer}
    if not form.is_valid():
        return render(request, "jobs/post.html", context, status=400)
    if not offer_post_allowed(request):
        form.add_error(None, OFFERS_REFUSAL)
        return render(request, "jobs/post.html", context, status=429)
    submit = request.POST.get("action") != "draft"
    try:
        saved = services.offer_save(
            by=request.user, offer=offer, submit=submit, **form.offer_fields()
        )
    except services.JobsError as error:
        form.add_error(None, error.message)
        return render(request, "jobs/post.html", context, status=400)
    if submit:
        messages.success(
            request, _("Merci ! Votre offre sera publiée dès qu'un modérateur l'aura validée.")
        )
    else:
        messages.success(request, _("Brouillon enregistré."))
    return redirect("jobs:mine") if not submit else redirect(saved)


@require_safe
def mine(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(
        request,
        "jobs/mine.html",
        {
            "offers": selectors.offers_of(user=request.user),
            "can_post": is_verified_professional(user=request.user),
            "now": timezone.now(),
        },
    )


@require_safe
def my_applications(request):
    """« Mes candidatures »: the reader's own applications, nobody else's."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    response = render(
        request,
        "jobs/my_applications.html",
        {"applications": selectors.applications_sent(user=request.user), "now": timezone.now()},
    )
    return _private(response)


def _own_offer_or_404(request, pk) -> JobOffer:
    if not request.user.is_authenticated:
        raise Http404
    offer = get_object_or_404(JobOffer, pk=pk)
    if offer.posted_by_id != request.user.pk:
        raise Http404
    return offer


@require_POST
def renew(request, pk):
    offer = _own_offer_or_404(request, pk)
    try:
        renewed = services.offer_renew(by=request.user, offer=offer)
    except services.JobsError as error:
        messages.error(request, error.message)
    else:
        until = timezone.localtime(renewed.expires_at, PARIS)
        messages.success(
            request,
            _("Offre renouvelée : en ligne jusqu'au %(date)s.")
            % {"date": until.strftime("%d/%m/%Y")},
        )
    return redirect("jobs:mine")


@require_POST
def close(request, pk):
    offer = _own_offer_or_404(request, pk)
    try:
        services.offer_close(by=request.user, offer=offer)
    except services.JobsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Offre retirée : elle est signalée comme pourvue."))
    return redirect("jobs:mine")


def _private(response):
    """Candidates' data: kept by no cache, shared or the browser's."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def applications(request, pk):
    """The applications an offer received through the site: its employer's eyes only."""
    offer = _own_offer_or_404(request, pk)
    listed = list(selectors.applications_of(offer=offer))
    services.applications_seen(offer=offer)
    return _private(
        render(request, "jobs/applications.html", {"offer": offer, "applications": listed})
    )


@require_safe
def application_cv(request, pk):
    """A candidate's CV, streamed to the employer who posted the offer, and to no one else:
    the same 404 as an id that never existed, staff and the candidate included."""
    if not request.user.is_authenticated:
        raise Http404
    application = get_object_or_404(JobApplication.objects.select_related("offer"), pk=pk)
    if application.offer.posted_by_id != request.user.pk:
        raise Http404
    try:
        handle = application.cv.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"cv-{slugify_fr(application.name, max_length=60, fallback='candidat')}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)
