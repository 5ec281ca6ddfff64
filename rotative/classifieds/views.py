"""Petites annonces for readers: search, detail, post with a preview, the owner's ads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rotative.accounts.decorators import confirmed_email_required
from rotative.accounts.selectors import verified_professional_of
from rotative.classifieds import categories as c
from rotative.classifieds import selectors, services
from rotative.classifieds.forms import AdForm, MessageForm, SearchForm
from rotative.classifieds.models import Ad

PAGE_SIZE = 20


@require_GET
def search(request, category=""):
    if category and category not in c.Category.values:
        raise Http404
    form = SearchForm(request.GET or None)
    filters, place = form.to_filters(category=category)
    # A criterion we cannot apply (an unknown commune, a price out of bounds) is shown as an
    # error beside its field, with no results: never the ads of a search the reader did not ask.
    invalid = form.is_bound and not form.is_valid()
    if invalid:
        counts = dict.fromkeys(c.Category.values, 0)
        found = Ad.objects.none()
    else:
        counts = selectors.ad_counts(filters=filters)
        found = selectors.ad_search(filters=filters)
    paginator = Paginator(found, PAGE_SIZE)
    # The counts already hold the total: spare the paginator its own COUNT over the search.
    paginator.count = counts[category] if category else sum(counts.values())
    ads = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "classifieds/search.html",
        {
            "form": form,
            "ads": ads,
            "category": category,
            "category_label": c.Category(category).label if category else "",
            "categories": [(value, label, counts[value]) for value, label in c.Category.choices],
            "fields": [form[name] for name in _search_fields(category)],
            "place": place,
            "invalid": invalid,
            "query": query.urlencode(),
        },
    )


SEARCH_FIELDS = {
    "": ["q", "ou", "rayon", "prix_min", "prix_max", "tri"],
    c.Category.IMMOBILIER: ["transaction", "property_type", "surface_min", "surface_max"],
    c.Category.AUTOMOBILE: ["vehicle_type", "fuel", "annee_min", "annee_max", "km_min", "km_max"],
    c.Category.BONNES_AFFAIRES: ["goods_type", "condition"],
}


def _search_fields(category: str) -> list[str]:
    own = SEARCH_FIELDS[category] if category else []
    return SEARCH_FIELDS[""][:-1] + own + ["tri"]


@require_GET
def detail(request, pk, slug=""):
    ad = _visible_ad_or_404(request, pk)
    return _detail_page(request, ad, message_form=None)


def _visible_ad_or_404(request, pk, *, online=False):
    """The ad if this user may see it (and, with `online`, if it is online); otherwise the
    same 404 as an id that never existed."""
    ads = selectors.ads_visible_to(user=request.user)
    if online:
        ads = ads.online()
    return get_object_or_404(ads.select_related("commune"), pk=pk)


def _detail_page(request, ad, *, message_form, status=200):
    user = request.user
    is_owner = ad.is_owned_by(user)
    # What the « Contacter » block shows: the owner's messages, the form (the rule `contact`
    # applies), or the way to log in; nothing for anyone else (a moderator, an offline ad).
    if is_owner:
        contact = "owner"
    elif ad.can_be_contacted_by(user):
        contact = "form"
        message_form = message_form if message_form is not None else MessageForm()
    elif not user.is_authenticated:
        contact = "login"
    else:
        contact = ""
    return render(
        request,
        "classifieds/detail.html",
        {
            "ad": ad,
            "is_owner": is_owner,
            "contact": contact,
            "professional": _professional(ad),
            "message_form": message_form if contact == "form" else None,
            "conversations": _conversations(ad) if is_owner else [],
        },
        status=status,
    )


def _professional(ad):
    """The business behind a professional's ad, named on the page as consumer law asks."""
    return verified_professional_of(user_id=ad.owner_id) if ad.is_professional else None


def _conversations(ad):
    from django.contrib.auth import get_user_model

    from rotative.accounts.selectors import display_name_of

    rows = selectors.conversations_of_ad(ad=ad)
    buyers = get_user_model().objects.select_related("profile").in_bulk([r["buyer"] for r in rows])
    return [
        {**row, "name": display_name_of(user=buyers[row["buyer"]])}
        for row in rows
        if row["buyer"] in buyers
    ]


@confirmed_email_required
@require_POST
def contact(request, pk):
    # Only an online ad can be answered: any other id is the same 404 as a missing one.
    ad = _visible_ad_or_404(request, pk, online=True)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            message = services.ad_message_send(
                ad=ad, sender=request.user, text=form.cleaned_data["text"]
            )
        except services.AdError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Message envoyé : l'annonceur le reçoit par e-mail."))
            return redirect(message.get_absolute_url())
    return _detail_page(request, ad, message_form=form, status=400)


@confirmed_email_required
@require_http_methods(["GET", "POST"])
def conversation(request, pk, buyer_id):
    ad = _visible_ad_or_404(request, pk)
    # A conversation exists once its reader has written: the owner reaches no one else, and
    # a user id without a conversation answers the same 404 whether the account exists or not.
    thread = selectors.conversation_thread(ad=ad, buyer_id=buyer_id, reader=request.user)
    if thread is None:
        raise Http404
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ad_message_reply(
                ad=ad, sender=request.user, buyer_id=buyer_id, text=form.cleaned_data["text"]
            )
        except services.AdError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Message envoyé."))
            return redirect("classifieds:conversation", pk, buyer_id)
    return render(
        request,
        "classifieds/conversation.html",
        {"ad": ad, "thread": thread, "form": form, "can_reply": ad.is_online},
        status=400 if form.errors else 200,
    )


@confirmed_email_required
@require_http_methods(["GET", "POST"])
def post(request, pk=None):
    ad = get_object_or_404(selectors.ads_of_owner(user=request.user), pk=pk) if pk else None
    category = ad.category if ad else request.GET.get("categorie", "")
    if category not in c.Category.values:
        return render(
            request, "classifieds/choose_category.html", {"categories": c.Category.choices}
        )
    form = AdForm(
        request.POST or None,
        request.FILES or None,
        instance=ad,
        category=category,
        owner=request.user,
    )
    pending = []
    if request.method == "POST":
        if form.is_valid():
            try:
                ad = services.ad_draft_save(
                    owner=request.user, fields=form.fields_for_service(), ad=ad
                )
                services.ad_photos_update(
                    ad=ad,
                    add=form.cleaned_data.get("photos") or [],
                    pending=form.cleaned_data.get("pending_photos") or [],
                    remove_ids=[int(pk) for pk in form.cleaned_data.get("remove_photos") or []],
                )
            except services.AdError as error:
                form.add_error(None, error.message)
            else:
                return redirect("classifieds:preview", ad.pk)
        # The form comes back: the photos already sent stay with it (kept server-side for
        # this reader, shown as thumbnails), so no one has to choose them again.
        pending = (form.cleaned_data.get("pending_photos") or []) + services.pending_photos_keep(
            owner=request.user, photos=form.processed_photos
        )
    return render(
        request,
        "classifieds/form.html",
        {
            "form": form,
            "ad": ad,
            "category_label": c.Category(category).label,
            "pending_photos": pending,
        },
        status=400 if form.errors else 200,
    )


@confirmed_email_required
@require_http_methods(["GET", "POST"])
def preview(request, pk):
    ads = selectors.ads_of_owner(user=request.user).select_related("commune")
    ad = get_object_or_404(ads, pk=pk)
    if request.method == "POST":
        try:
            services.ad_submit(ad=ad)
        except services.AdError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Merci ! Votre annonce sera en ligne dès qu'un modérateur l'aura validée."),
            )
            return redirect("classifieds:mine")
    return render(request, "classifieds/detail.html", {"ad": ad, "is_owner": True, "preview": True})


@login_required
@require_GET
def mine(request):
    ads = selectors.ads_of_owner(user=request.user)
    return render(
        request,
        "classifieds/mine.html",
        {"ads": ads.select_related("commune").prefetch_related("photos").order_by("-created_at")},
    )


OWNER_ACTIONS = {
    "vendue": (services.ad_mark_sold, _("Annonce marquée comme vendue.")),
    "supprimer": (services.ad_delete, _("Annonce supprimée.")),
    "prolonger": (services.ad_renew, _("Annonce prolongée de 60 jours.")),
}


@confirmed_email_required
@require_POST
def owner_action(request, pk, action):
    if action not in OWNER_ACTIONS:
        raise Http404
    ad = get_object_or_404(selectors.ads_of_owner(user=request.user), pk=pk)
    service, done = OWNER_ACTIONS[action]
    try:
        service(owner=request.user, ad=ad)
    except services.AdError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("classifieds:mine")


@confirmed_email_required
@require_http_methods(["GET", "POST"])
def report(request, pk):
    from rotative.classifieds.forms import AdReportForm

    ad = _visible_ad_or_404(request, pk, online=True)
    form = AdReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ad_report(
                ad=ad,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except services.AdError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Merci, les modérateurs vont examiner cette annonce."))
            return redirect(ad.get_absolute_url())
    return render(
        request,
        "classifieds/report.html",
        {"ad": ad, "form": form},
        status=400 if form.errors else 200,
    )
