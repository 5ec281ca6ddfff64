"""Petites annonces in the app: the site's search (its form, its selectors), an ad's page,
posting through the same services and moderation, writing to an advertiser, « Mes annonces »."""

from datetime import datetime
from typing import Literal

from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from rotative.accounts.selectors import account_email_confirmed, verified_professional_of
from rotative.api.auth import READER, reader
from rotative.api.errors import AUTH_ERRORS, COMMON_ERRORS, ApiError, ErrorOut, not_found
from rotative.api.formbridge import TextInput, form_data, form_invalid
from rotative.api.market import COMMUNE_TEXT, CommuneOut, RenditionOut, commune_out, fitted
from rotative.api.market import rendition as rendition_of
from rotative.api.pagination import CursorPagination
from rotative.classifieds import categories as c
from rotative.classifieds import selectors, services
from rotative.classifieds.formatting import ad_price
from rotative.classifieds.forms import AdForm, SearchForm
from rotative.classifieds.models import Ad
from rotative.core.images_reencode import GALLERY, LISTING, THUMBNAIL
from rotative.core.seo import absolute

router = Router(tags=["Petites annonces"])
mine_router = Router(tags=["Petites annonces"])

CategoryCode = Literal["immobilier", "automobile", "bonnes-affaires"]
TransactionCode = Literal["vente", "location"]
PropertyCode = Literal["maison", "appartement", "terrain", "parking", "local"]
EnergyCode = Literal["A", "B", "C", "D", "E", "F", "G"]
FeesCode = Literal["acquereur", "vendeur", "locataire", "bailleur"]
VehicleCode = Literal["voiture", "moto", "utilitaire", "caravane"]
FuelCode = Literal["essence", "diesel", "hybride", "electrique", "gpl", "autre"]
GearboxCode = Literal["manuelle", "automatique"]
GoodsCode = Literal["multimedia", "maison", "loisirs", "mode", "enfants", "autre"]
ConditionCode = Literal["neuf", "tres-bon-etat", "bon-etat", "a-reparer"]
SortCode = Literal["recent", "prix-croissant", "prix-decroissant"]
INT32 = 2_147_483_647  # PostgreSQL's integer: the ads' positive integer columns
INT16 = 32_767

# The web's sorts (selectors.SORTS), each ending with the id so that a cursor never repeats.
SORTS = {
    "recent": ("-published_at", "-pk"),
    "prix-croissant": ("price", "-published_at", "-pk"),
    "prix-decroissant": ("-price", "-published_at", "-pk"),
}


# --- reading --------------------------------------------------------------------------------


class PhotoOut(Schema):
    gallery: RenditionOut = Field(..., description="Au plus 1600 × 1200.")
    listing: RenditionOut = Field(..., description="Au plus 480 × 360.")
    thumbnail: RenditionOut = Field(..., description="160 × 120, recadrée.")


class AttributeOut(Schema):
    label: str
    value: str


class AdOut(Schema):
    id: int
    title: str
    category: CategoryCode
    category_label: str
    commune: CommuneOut
    price: int = Field(..., description="Prix en euros (par mois pour une location).")
    price_label: str = Field(..., description="« 120 600 € », « 640 € / mois ».")
    is_professional: bool
    photo: PhotoOut | None = Field(None, description="La première photo, s'il y en a.")
    published_at: datetime | None
    url: str = Field(..., description="La page de l'annonce sur le site.")

    @staticmethod
    def resolve_category_label(ad) -> str:
        return str(c.Category(ad.category).label)

    @staticmethod
    def resolve_commune(ad) -> dict:
        return commune_out(ad.commune)

    @staticmethod
    def resolve_price_label(ad) -> str:
        return ad_price(ad)

    @staticmethod
    def resolve_photo(ad) -> dict | None:
        photos = list(ad.photos.all())  # prefetched
        return _photo(photos[0]) if photos else None

    @staticmethod
    def resolve_url(ad) -> str:
        return absolute(ad.get_absolute_url())


class AdDetailOut(AdOut):
    description: str = Field(..., description="Texte brut ; les sauts de ligne comptent.")
    attributes: list[AttributeOut] = Field(
        ..., description="Les caractéristiques de la catégorie, comme sur la page."
    )
    photos: list[PhotoOut]
    professional: str | None = Field(None, description="Le professionnel qui publie l'annonce.")
    can_contact: bool = Field(
        ..., description="Si le lecteur connecté peut écrire à l'annonceur (POST …/messages)."
    )
    state: str = Field(
        ...,
        description="« published » pour tout lecteur ; son auteur voit aussi « pending », "
        "« draft », « rejected », « sold », « expired ».",
    )

    @staticmethod
    def resolve_attributes(ad) -> list[dict]:
        return [{"label": label, "value": str(value)} for label, value in ad.attributes()]

    @staticmethod
    def resolve_photos(ad) -> list[dict]:
        return [_photo(photo) for photo in ad.photos.all()]


class MyAdOut(AdOut):
    state: Literal["draft", "pending", "published", "rejected", "sold", "expired"]
    state_label: str = Field(..., description="« En attente de validation », « Expirée »…")
    online_until: datetime | None
    rejection_reason: str

    @staticmethod
    def resolve_url(ad) -> str:
        return absolute(ad.owner_url)  # a draft leads to its preview

    @staticmethod
    def resolve_state_label(ad) -> str:
        return ad.status_label


def _photo(photo) -> dict:
    gallery = fitted(photo.width, photo.height, GALLERY)
    listing = fitted(*gallery, LISTING)
    return {
        "gallery": rendition_of(photo.gallery, *gallery),
        "listing": rendition_of(photo.listing, *listing),
        "thumbnail": rendition_of(photo.thumbnail, *THUMBNAIL),
    }


class AdSearchIn(Schema):
    categorie: CategoryCode | None = None
    q: str = Field("", max_length=100, description="Des mots du titre ou de la description.")
    ou: str = Field(
        "",
        max_length=120,
        description="Une commune (« Carantilly (50570) », « 50570 ») ou un département (« 50 »).",
    )
    rayon: int | None = Field(
        None, ge=0, le=100, description="Autour de la commune, en km : 5, 10, 20, 50 ou 100."
    )
    prix_min: int | None = Field(None, ge=0, le=1_000_000_000, description="En euros.")
    prix_max: int | None = Field(None, ge=0, le=1_000_000_000, description="En euros.")
    surface_min: int | None = Field(None, ge=0, le=10_000_000, description="En m².")
    surface_max: int | None = Field(None, ge=0, le=10_000_000, description="En m².")
    annee_min: int | None = Field(None, ge=1900, le=2100)
    annee_max: int | None = Field(None, ge=1900, le=2100)
    km_min: int | None = Field(None, ge=0, le=10_000_000)
    km_max: int | None = Field(None, ge=0, le=10_000_000)
    transaction: TransactionCode | None = None
    property_type: PropertyCode | None = None
    vehicle_type: VehicleCode | None = None
    fuel: FuelCode | None = None
    goods_type: GoodsCode | None = None
    condition: ConditionCode | None = None
    tri: SortCode = Field(
        "recent",
        description="Comme sur le site : les plus récentes d'abord (aussi avec des mots : "
        "pas de tri par pertinence ni par distance), ou par prix.",
    )


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


class AdIn(TextInput):
    """The site's form, field for field (the category's own fields are ignored for the
    others). Photos follow, by POST /annonces/{id}/photos."""

    category: CategoryCode
    title: str = Field(..., min_length=1, max_length=80)
    description: str = Field(..., min_length=1, max_length=4000)
    price: int = Field(..., ge=0, le=1_000_000_000, description="En euros (par mois : location).")
    commune: str = COMMUNE_TEXT
    transaction: TransactionCode | None = None
    property_type: PropertyCode | None = None
    surface: int | None = Field(None, ge=0, le=INT32, description="En m².")
    land_surface: int | None = Field(None, ge=0, le=INT32, description="En m².")
    rooms: int | None = Field(None, ge=0, le=INT16)
    bedrooms: int | None = Field(None, ge=0, le=INT16)
    energy_class: EnergyCode | None = None
    ghg_class: EnergyCode | None = None
    charges: int | None = Field(None, ge=0, le=INT32, description="En euros par mois.")
    fees: int | None = Field(None, ge=0, le=INT32, description="En euros.")
    fees_paid_by: FeesCode | None = None
    vehicle_type: VehicleCode | None = None
    brand: str | None = Field(None, max_length=40)
    model_name: str | None = Field(None, max_length=60)
    year: int | None = Field(None, ge=1900, le=2100)
    mileage: int | None = Field(None, ge=0, le=INT32, description="En km.")
    fuel: FuelCode | None = None
    gearbox: GearboxCode | None = None
    power: int | None = Field(None, ge=0, le=INT16, description="En chevaux.")
    goods_type: GoodsCode | None = None
    condition: ConditionCode | None = None


def _confirmed(user) -> None:
    if not account_email_confirmed(user=user):
        raise ApiError(
            403,
            "email_unverified",
            _("Confirmez d'abord votre adresse e-mail : suivez le lien que nous avons envoyé."),
        )


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
    _confirmed(user)
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


class PhotosOut(Schema):
    photos: list[PhotoOut]
    state: str = Field(..., description="« pending » : de nouveau en attente de validation.")


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
    _confirmed(user)
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
    return Status(201, {"photos": [_photo(photo) for photo in ad.photos.all()], "state": ad.state})


# --- writing to the advertiser --------------------------------------------------------------


class MessageIn(TextInput):
    text: str = Field(..., min_length=1, max_length=2000)


class MessageOut(Schema):
    id: int
    text: str
    created_at: datetime
    url: str = Field(..., description="La conversation sur le site, pour la suivre.")


@router.post(
    "/{int:ad_id}/messages",
    response={201: MessageOut, 404: ErrorOut, **AUTH_ERRORS},
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
    _confirmed(user)
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
