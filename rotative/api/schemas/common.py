"""Shapes shared by the news, live and comments endpoints: a picture with its renditions,
a link to a web page."""

from datetime import datetime

from django.utils import timezone
from ninja import Field, Schema

from rotative.core.seo import absolute


class RenditionOut(Schema):
    url: str = Field(..., description="Adresse absolue du fichier.")
    width: int = Field(..., description="En pixels.")
    height: int = Field(..., description="En pixels.")


class ImageOut(Schema):
    renditions: list[RenditionOut] = Field(
        ..., description="Du plus petit au plus grand : choisir selon la largeur de l'écran."
    )
    alt: str = Field(
        ...,
        description="Ce que montre l'image, pour la synthèse vocale ; vide quand la légende "
        "le dit déjà.",
    )
    caption: str = Field("", description="La légende imprimée sous l'image.")
    credit: str = Field("", description="Le crédit, à afficher après la légende (« - AFP »).")


def paris(moment: datetime | None) -> datetime | None:
    """Europe/Paris, whole seconds: the offset the reader's clock shows."""
    return timezone.localtime(moment).replace(microsecond=0) if moment else None


def image_out(image, specs, *, caption: str = "") -> dict | None:
    """A CustomImage as ImageOut: its renditions for `specs` (prefetched by the caller when
    they exist), its alt text beside `caption` (else its own caption), and its credit."""
    if image is None:
        return None
    caption = caption or image.caption
    renditions = [image.get_rendition(spec) for spec in specs]
    return {
        "renditions": sorted(
            ({"url": absolute(r.url), "width": r.width, "height": r.height} for r in renditions),
            key=lambda r: r["width"],
        ),
        "alt": image.alt_beside(caption),
        "caption": caption,
        "credit": image.credit,
    }
