"""Agency pictures: fetched from the item's renditions, checked, and stored as site images."""

import io
import logging
import urllib.request

from django.core.files.images import ImageFile
from PIL import Image as PILImage

from rotative.core.models import CustomImage
from rotative.wire import guard

logger = logging.getLogger(__name__)

MAX_PICTURE_BYTES = 25 * 1024 * 1024
PREFERRED_RENDITIONS = ("rnd:highRes", "rnd:web", "rnd:preview", "")


def _best_rendition(picture: dict) -> dict | None:
    renditions = [
        r
        for r in picture.get("renditions", [])
        if r.get("href", "").startswith(("http://", "https://"))
    ]
    for wanted in PREFERRED_RENDITIONS:
        for rendition in renditions:
            if rendition.get("rendition", "") == wanted or not wanted:
                return rendition
    return None


def picture_import(picture: dict, *, title: str) -> CustomImage | None:
    """The dispatch's picture as an image of the site, or None (logged) when it cannot be had."""
    rendition = _best_rendition(picture)
    if rendition is None:
        return None
    try:
        request = urllib.request.Request(  # noqa: S310 (guard.source_open checks the scheme)
            rendition["href"], headers={"User-Agent": "Rotative wire desk"}
        )
        # The agency's file names the address: the same rules as for a source.
        with guard.source_open(request, timeout=15) as response:
            data = response.read(MAX_PICTURE_BYTES + 1)
        if len(data) > MAX_PICTURE_BYTES:
            raise ValueError("picture too large")
        with PILImage.open(io.BytesIO(data)) as probe:
            probe.verify()  # refuses truncated files and non-images
    except (OSError, ValueError, PILImage.DecompressionBombError) as error:
        logger.warning("Agency picture %s not imported: %s", rendition["href"], error)
        return None
    image = CustomImage(
        title=(picture.get("headline") or picture.get("caption") or title)[:255],
        caption=picture.get("caption", "")[:500],
        credit=picture.get("credit", "")[:200],
    )
    name = rendition["href"].rsplit("/", 1)[-1].split("?")[0][:80] or "photo.jpg"
    image.file = ImageFile(io.BytesIO(data), name=name)
    image.save()
    return image
