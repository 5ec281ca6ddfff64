"""What the ads, jobs and agenda answers share: a commune as the app shows it, and a picture
rendition as an absolute address with its size."""

import math

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from rotative.core.seo import absolute

COMMUNE_TEXT = Field(
    ...,
    min_length=1,
    max_length=120,
    description=str(
        _("La commune comme le site la propose : « Carantilly (50570) », ou « 50570 ».")
    ),
)


class CommuneOut(Schema):
    insee: str
    name: str
    postal_code: str
    department: str
    label: str = Field(..., description="« Carantilly (50570) »")


def commune_out(commune) -> dict | None:
    if commune is None:
        return None
    return {
        "insee": commune.insee,
        "name": commune.name,
        "postal_code": commune.postal_code,
        "department": commune.department,
        "label": str(commune),
    }


class SizedImageOut(Schema):
    url: str = Field(..., description="Adresse absolue de l'image (WebP).")
    width: int | None
    height: int | None


def rendition(file, width: int | None, height: int | None) -> dict | None:
    if not file:
        return None
    return {"url": absolute(file.url), "width": width, "height": height}


def fitted(width: int, height: int, box: tuple[int, int]) -> tuple[int, int]:
    """The size Pillow's `thumbnail` gives a picture shrunk into `box` (never enlarged): the
    renditions' sizes, computed rather than read back from storage."""
    if width <= box[0] and height <= box[1]:
        return width, height
    x, y = box
    aspect = width / height
    if x / y >= aspect:
        exact = y * aspect
        x = max(min(math.floor(exact), math.ceil(exact), key=lambda n: abs(aspect - n / y)), 1)
    else:
        exact = x / aspect
        y = max(
            min(
                math.floor(exact),
                math.ceil(exact),
                key=lambda n: 0 if n == 0 else abs(aspect - x / n),
            ),
            1,
        )
    return x, y
