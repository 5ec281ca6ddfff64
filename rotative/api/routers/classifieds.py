"""Petites annonces in the app: the site's search (its form, its selectors), an ad's page,
posting through the same services and moderation, writing to an advertiser, « Mes annonces »."""

from django.db import transaction
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from rotative.accounts.selectors import verified_professional_of
from rotative.api.auth import READER, confirmed_reader, reader
from rotative.api.errors import AUTH_ERRORS, COMMON_ERRORS, ApiError, ErrorOut, not_found
from rotative.api.formbridge import form_data, form_invalid
from rotative.api.pagination import CursorPagination
from rotative.api.schemas.classifieds import (
    AdDetailOut,
    AdIn,
    AdMessageOut,
    AdOut,
    AdSearchIn,
    MessageIn,
    MyAdOut,
    PhotosOut,
    photo_out,
)
from rotative.classifieds import selectors, services
from rotative.classifieds.forms import AdForm, SearchForm
from rotative.classifieds.models import Ad
from rotative.core.seo import absolute

router = Router(tags=["Petites annonces"])
mine_router = Router(tags=["Petites annonces"])

# The web's sorts (selectors.SORTS), each ending with the id so that a cursor never repeats.
SORTS = {
    "recent": ("-published_at", "-pk"),
    "prix-croissant": ("price", "-published_at", "-pk"),
    "prix-decroissant": ("-price", "-published_at", "-pk"),
}


# --- reading --------------------------------------------------------------------------------


class AdCursorPagination(CursorPagination):
    """The cursor follows the sort the reader chose (`tri`), as the site's pages do."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        sort = request.GET.get("tri") or "recent"
        chosen = CursorPagination(ordering=SORTS.get(sort, SORTS["recent"]))
        return chosen.paginate_queryset(queryset, pagination, request, **params)


@router.get(
    "",
    response={200: list[AdOut], **COMMON_ERRORS},
    summary="Chercher des annonces",
)
@paginate(AdCursorPagination, ordering=SORTS["recent"])
def ad_list(request, filters: Query[AdSearchIn]):
    """The online ads a search of the site would find (the same form and filters: « ou »
    with « rayon » keeps the ads within that many km of the commune). An unknown commune is
    a 422 that says so, never the whole country's ads."""
    values = filters.dict()
    category = values.pop("categorie") or ""
    form = SearchForm(form_data(values))
    if not form.is_valid():
        raise form_invalid(form)
    found, _place = form.to_filters(category=category)
    return selectors.ad_search(filters=found)


@router.get(
    "/{int:ad_id}",
    response={200: AdDetailOut, 401: ErrorOut, 404: ErrorOut, **COMMON_ERRORS},
    summary="Une annonce",
)
def ad_detail(request, ad_id: int):
    """An online ad; its author also sees it in any other state (as on the site)."""
    user = reader(request)
    ad = (
        selectors.ads_visible_to(user=user)
        .select_related("commune")
        .prefetch_related("photos")
        .filter(pk=ad_id)
        .first()
    )
    if ad is None:
        raise not_found(_("Cette annonce n'existe pas ou n'est plus en ligne."))
    return _detail_out(ad, user=user)


def _detail_out(ad: Ad, *, user) -> Ad:
    """The ad with what its page says besides its fields, for AdDetailOut."""
    professional = verified_professional_of(user_id=ad.owner_id) if ad.is_professional else None
    ad.professional = professional.company_name if professional else None
    ad.can_contact = ad.can_be_contacted_by(user)
    return ad


# --- posting --------------------------------------------------------------------------------


@router.post(
    "",
    response={201: AdDetailOut, **AUTH_ERRORS},
    auth=READER,
    summary="Déposer une annonce",
)
def ad_post(request, payload: AdIn):
    """The ad goes to the moderators, as when it is sent from the site's preview: it is
    online once a moderator validates it (`state` is « pending » until then)."""
    user = request.user
    confirmed_reader(user)
    values = payload.dict()
    category = values.pop("category")
    values["commune_text"] = values.pop("commune")
    form = AdForm(form_data(values), None, category=category, owner=user)
    if not form.is_valid():
        raise form_invalid(form, names={"commune_text": "commune"})
    try:
        # One step in the app: a refusal at submission leaves no draft behind.
        with transaction.atomic():
            ad = services.ad_draft_save(owner=user, fields=form.fields_for_service())
            services.ad_submit(ad=ad)
    except services.AdError as error:
        raise ApiError(422, "ad_refused", error.message) from error
    return Status(201, _detail_out(ad, user=user))


@router.post(
    "/{int:ad_id}/photos",
    response={201: PhotosOut, 404: ErrorOut, **AUTH_ERRORS},
    auth=READER,
    summary="Ajouter des photos à mon annonce",
)
def ad_photos_add(request, ad_id: int, photos: File[list[UploadedFile]]):
    """Multipart, field `photos` (JPEG, PNG or WebP, 10 Mo and 10 photos an ad at most), to
    one's own ad. As a change made on the site, the ad goes back to the moderators."""
    from rotative.classifieds.photos import MAX_BYTES, MAX_PHOTOS, photos_process

    user = request.user
    ad = selectors.ads_of_owner(user=user).select_related("commune").filter(pk=ad_id).first()
    if ad is None:
        raise not_found(_("Cette annonce n'existe pas ou n'est pas la vôtre."))
    confirmed_reader(user)
    if len(photos) > MAX_PHOTOS:  # refused before a single one is read, as on the site
        raise ApiError(
            422,
            "photos_refused",
            _("Au plus %(max)d photos par annonce : vous en avez envoyé %(count)d.")
            % {"max": MAX_PHOTOS, "count": len(photos)},
        )
    refused = [
        _("%(name)s : le fichier dépasse 10 Mo.") % {"name": upload.name}
        for upload in photos
        if upload.size > MAX_BYTES
    ]
    kept = [(upload.name, upload) for upload in photos if upload.size <= MAX_BYTES]
    processed, errors = photos_process(files=kept, already=ad.photos.count())
    refused += errors
    if refused:
        raise ApiError(422, "photos_refused", " ".join(refused))
    try:
        with transaction.atomic():
            ad = services.ad_draft_save(owner=user, fields={}, ad=ad)
            services.ad_photos_update(ad=ad, add=processed)
    except services.AdError as error:
        raise ApiError(422, "photos_refused", error.message) from error
    return Status(
        201, {"photos": [photo_out(photo) for photo in ad.photos.all()], "state": ad.state}
    )


# --- writing to the advertiser --------------------------------------------------------------


@router.post(
    "/{int:ad_id}/messages",
    response={201: AdMessageOut, 404: ErrorOut, **AUTH_ERRORS},
    auth=READER,
    summary="Écrire à l'annonceur",
)
def ad_message(request, ad_id: int, payload: MessageIn):
    """The site relays the message by e-mail, neither address shown; the same limits as the
    site's form (one message every 20 seconds, ten an hour)."""
    user = request.user
    ad = selectors.ads_visible_to(user=user).online().filter(pk=ad_id).first()
    if ad is None:
        raise not_found(_("Cette annonce n'existe pas ou n'est plus en ligne."))
    confirmed_reader(user)
    try:
        message = services.ad_message_send(ad=ad, sender=user, text=payload.text)
    except services.AdRateLimited as error:
        raise ApiError(429, "rate_limited", error.message, headers={"Retry-After": "60"}) from error
    except services.AdError as error:
        raise ApiError(422, "message_refused", error.message) from error
    return Status(
        201,
        {
            "id": message.pk,
            "text": message.text,
            "created_at": message.created_at,
            "url": absolute(message.get_absolute_url()),
        },
    )


# --- « Mes annonces » -----------------------------------------------------------------------


@mine_router.get(
    "/annonces",
    response={200: list[MyAdOut], **AUTH_ERRORS},
    auth=READER,
    summary="Mes annonces",
)
@paginate(CursorPagination, ordering=("-created_at", "-pk"))
def my_ads(request):
    """The reader's own ads in every state but deleted, the latest first."""
    ads = selectors.ads_of_owner(user=request.user)
    return ads.select_related("commune").prefetch_related("photos")
