"""Readers' pictures (ad photos, event images): checked, turned upright, stripped of metadata,
re-encoded as WebP. Shared in core so that every app taking an upload re-encodes it the same way.

Nothing of the uploaded file is served as is: only pixels decoded here and encoded again. Each
refusal raises PhotoError with the sentence shown to the reader, naming the file, so a form can
keep the good photos and say why the others were left out.
"""

import io
import math
from dataclasses import dataclass, field
from typing import BinaryIO

from PIL import ExifTags, Image, ImageCms, ImageOps

MAX_BYTES = 10 * 1024 * 1024
# Bounds read from the file's header, before a pixel is decoded. A JPEG is decoded at 1/2 to
# 1/8 scale (draft), so a 40-megapixel photo costs a few megabytes; PNG and WebP are decoded
# whole (4 bytes a pixel, then a copy or two): 24 megapixels stay near 100 MB and a second.
# A 60-megapixel PNG of 233 KB cost 2.8 s and 410 MB before.
MAX_PIXELS = 40_000_000
MAX_PIXELS_DECODED_WHOLE = 24_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}

GALLERY = (1600, 1200)
LISTING = (480, 360)
THUMBNAIL = (160, 120)
WEBP_QUALITY = 82

# Orientations 5 to 8 store the picture on its side: width and height swap once upright.
_SIDEWAYS = {5, 6, 7, 8}
_SRGB = ImageCms.createProfile("sRGB")
_RESAMPLE = Image.Resampling.LANCZOS


class PhotoError(Exception):
    """A refused photo; `message` is shown to the reader as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ProcessedPhoto:
    """A photo ready to store: its upright size and its renditions, WebP without metadata."""

    original_name: str
    width: int
    height: int
    gallery: bytes = field(repr=False)
    listing: bytes = field(repr=False)
    thumbnail: bytes = field(repr=False)
    gallery_size: tuple[int, int]
    listing_size: tuple[int, int]


def photo_process(*, data: bytes | BinaryIO, filename: str) -> ProcessedPhoto:
    """One uploaded file as a ProcessedPhoto, or PhotoError: nothing else escapes."""
    name = _display_name(filename)
    if not isinstance(data, bytes):
        # One byte past the limit is enough to refuse: a file is never read further.
        data = data.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise PhotoError(f"{name} : le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo.")
    image_format = _format_of(data)
    if image_format is None:
        raise PhotoError(_unreadable(name))
    if image_format not in ACCEPTED_FORMATS:
        raise PhotoError(f"{name} : ce format n'est pas accepté (JPEG, PNG ou WebP).")
    try:
        return _process(data=data, image_format=image_format, name=name)
    except PhotoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own guard fires on opening, before our check, for sizes far beyond ours.
        # Its warning only arrives as an exception when warnings are errors; otherwise our
        # check refuses the image just after.
        raise PhotoError(_too_large(name, image_format)) from None
    except Exception as error:
        # Pillow's parsers answer a hostile file with OSError, ValueError, SyntaxError,
        # struct.error…: to the reader it is all the same unreadable file.
        raise PhotoError(_unreadable(name)) from error


def _process(*, data: bytes, image_format: str, name: str) -> ProcessedPhoto:
    # Opening reads only the header: the size is known before a single pixel is decoded.
    with Image.open(io.BytesIO(data), formats=[image_format]) as probe:
        if probe.width * probe.height > _pixel_bound(image_format):
            raise PhotoError(_too_large(name, image_format))
        probe.verify()  # checksums and structure; a verified image cannot be decoded after
    with Image.open(io.BytesIO(data), formats=[image_format]) as image:
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
        width, height = image.size
        if orientation in _SIDEWAYS:
            width, height = height, width
        icc_profile = image.info.get("icc_profile")
        box = GALLERY[::-1] if orientation in _SIDEWAYS else GALLERY  # still on its side
        scale = min(box[0] / image.width, box[1] / image.height)
        # JPEG only: libjpeg decodes at 1/2, 1/4 or 1/8 scale when that still covers the
        # gallery, so a phone photo never takes its full size in memory.
        image.draft(None, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
        picture = _shrinkable(image)
        picture.thumbnail(box, _RESAMPLE)
        gallery = _flattened_srgb(ImageOps.exif_transpose(picture), icc_profile=icc_profile)
    listing = gallery.copy()
    listing.thumbnail(LISTING, _RESAMPLE)
    thumbnail = ImageOps.fit(gallery, THUMBNAIL, _RESAMPLE)
    return ProcessedPhoto(
        original_name=name,
        width=width,
        height=height,
        gallery=_webp(gallery),
        listing=_webp(listing),
        thumbnail=_webp(thumbnail),
        gallery_size=gallery.size,
        listing_size=listing.size,
    )


def _shrinkable(image: Image.Image) -> Image.Image:
    """The picture in a mode Pillow shrinks smoothly."""
    if image.mode in ("1", "P"):  # otherwise shrunk pixel by pixel (nearest neighbour)
        return image.convert("RGBA" if image.has_transparency_data else "RGB")
    if image.mode in ("I", "I;16"):  # 16-bit grey, from a scanner: clipped, it comes out white
        return image.convert("I").point(lambda value: value / 256).convert("L")
    return image


def _flattened_srgb(image: Image.Image, *, icc_profile: bytes | None) -> Image.Image:
    """RGB in sRGB, transparency laid on white: what every browser shows the same way."""
    if icc_profile and image.mode in ("RGB", "L", "CMYK"):
        # A phone's Display P3 photo shown without its profile looks dull: convert, then drop.
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            image = ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # an unreadable profile costs some colour accuracy, not the photo
    if image.has_transparency_data:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
    else:
        flat = image.convert("RGB")
    flat.info = {}  # the upload's EXIF, XMP and profile must not reach the encoder
    return flat


def _webp(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=WEBP_QUALITY)
    return buffer.getvalue()


def _format_of(data: bytes) -> str | None:
    """The format the bytes say, whatever the file's name or the browser's content type."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    # Formats a reader may well send are named as refused, not as unreadable.
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if data[4:8] == b"ftyp":  # ISO media: HEIC and HEIF from phones, AVIF, also videos
        return "HEIF"
    if data.startswith(b"%PDF-"):
        return "PDF"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "TIFF"
    if data.startswith((b"\xff\x0a", b"\x00\x00\x00\x0cJXL ")):
        return "JXL"
    if data.startswith(b"BM"):
        return "BMP"
    if b"<svg" in data[:4096].lower():
        return "SVG"
    return None


def _display_name(filename: str) -> str:
    """The file's own name: some browsers send the whole path from the reader's disk."""
    return filename.replace("\\", "/").rsplit("/", 1)[-1].strip() or "photo"


def _pixel_bound(image_format: str) -> int:
    return MAX_PIXELS if image_format == "JPEG" else MAX_PIXELS_DECODED_WHOLE


def _too_large(name: str, image_format: str) -> str:
    millions = _pixel_bound(image_format) // 1_000_000
    return (
        f"{name} : l'image est trop grande (plus de {millions} millions de pixels) : "
        "réduisez-la avant de l'envoyer."
    )


def _unreadable(name: str) -> str:
    return f"{name} : ce fichier n'est pas une image lisible."
