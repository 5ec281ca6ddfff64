"""The shapes of the ads' API (routers/classifieds.py): what the app sends and reads."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from rotative.api.market import COMMUNE_TEXT, CommuneOut, SizedImageOut, commune_out, fitted
from rotative.api.market import rendition as rendition_of
from rotative.classifieds import categories as c
from rotative.classifieds.formatting import ad_price
from rotative.core.images_reencode import GALLERY, LISTING, THUMBNAIL
from rotative.core.seo import absolute

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


class PhotoOut(Schema):
    gallery: SizedImageOut = Field(..., description="Au plus 1600 × 1200.")
    listing: SizedImageOut = Field(..., description="Au plus 480 × 360.")
    thumbnail: SizedImageOut = Field(..., description="160 × 120, recadrée.")


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
        return photo_out(photos[0]) if photos else None

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
        return [photo_out(photo) for photo in ad.photos.all()]


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


def photo_out(photo) -> dict:
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


class AdIn(Schema):
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


class PhotosOut(Schema):
    photos: list[PhotoOut]
    state: str = Field(..., description="« pending » : de nouveau en attente de validation.")


class MessageIn(Schema):
    text: str = Field(..., min_length=1, max_length=2000)


class AdMessageOut(Schema):
    id: int
    text: str
    created_at: datetime
    url: str = Field(..., description="La conversation sur le site, pour la suivre.")
