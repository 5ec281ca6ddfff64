"""Ad photos: every image is made here with Pillow, hostile ones by hand."""

import io
import random
import resource
import struct
import time
import warnings
import zlib

import pytest
from PIL import ExifTags, Image, ImageCms, ImageFile, PngImagePlugin

from rotative.classifieds.photos import (
    GALLERY,
    LISTING,
    MAX_BYTES,
    THUMBNAIL,
    PhotoError,
    photo_process,
    photos_process,
)

RED, BLUE, WHITE = (255, 0, 0), (0, 0, 255), (255, 255, 255)


def _encoded(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def _noise(size: tuple[int, int]) -> Image.Image:
    """Incompressible pixels, so that cutting the file in two cuts into the picture."""
    width, height = size
    return Image.frombytes("RGB", size, random.Random(0).randbytes(width * height * 3))


def _forged_png(*, width: int, height: int) -> bytes:
    """A 1×1 PNG whose header claims another size, with a valid checksum: a pixel bomb."""
    png = _encoded(Image.new("L", (1, 1)), "PNG")
    ihdr = b"IHDR" + struct.pack(">II", width, height) + png[24:29]
    return png[:8] + struct.pack(">I", 13) + ihdr + struct.pack(">I", zlib.crc32(ihdr)) + png[33:]


def _opened(rendition: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(rendition))
    image.load()
    return image


def _close_to(pixel: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 24 for a, b in zip(pixel[:3], colour, strict=True))


# --- what comes out -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image_format", "size"),
    [("JPEG", (400, 300)), ("JPEG", (4800, 3600)), ("PNG", (400, 300)), ("WEBP", (400, 300))],
)
def test_phone_photo_stands_upright_without_its_metadata(image_format, size):
    width, height = size
    stored = Image.new("RGB", size, BLUE)
    stored.paste(RED, (0, 0, width // 2, height // 2))  # top left as the sensor saw it
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # shown turned a quarter clockwise
    exif[ExifTags.Base.Make] = "Téléphone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (49.0, 38.0, 22.0)
    data = _encoded(stored, image_format, exif=exif, xmp=b"<x:xmpmeta>Cherbourg</x:xmpmeta>")
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    photo = photo_process(data=data, filename="IMG_0042")

    assert (photo.width, photo.height) == (height, width)
    gallery = _opened(photo.gallery)
    assert gallery.size == photo.gallery_size == ((900, 1200) if width > 1200 else (300, 400))
    assert _close_to(gallery.getpixel((gallery.width - 10, 10)), RED)
    assert _close_to(gallery.getpixel((10, 10)), BLUE)
    for rendition in (photo.gallery, photo.listing, photo.thumbnail):
        assert not _opened(rendition).getexif()
        assert not _opened(rendition).info.keys() & {"exif", "xmp", "icc_profile"}
        for marker in (b"Exif", b"EXIF", b"XMP ", b"Cherbourg", b"ICCP"):
            assert marker not in rendition


@pytest.mark.parametrize(
    ("mode", "clear", "opaque"),
    [("RGBA", (0, 0, 0, 0), (*RED, 255)), ("LA", (0, 0), (0, 255)), ("P", 0, 1)],
)
def test_transparency_is_laid_on_white(mode, clear, opaque):
    image = Image.new(mode, (200, 100), clear)  # the right half stays see-through
    image.paste(opaque, (0, 0, 100, 100))
    options = {}
    if mode == "P":
        image.putpalette([0, 0, 0, *RED])
        options["transparency"] = 0

    photo = photo_process(data=_encoded(image, "PNG", **options), filename="logo.png")

    gallery = _opened(photo.gallery)
    assert (gallery.format, gallery.mode) == ("WEBP", "RGB")
    assert _close_to(gallery.getpixel((150, 50)), WHITE)
    assert not _close_to(gallery.getpixel((50, 50)), WHITE)


@pytest.mark.parametrize(
    ("size", "gallery_size", "listing_size"),
    [
        ((2000, 1000), (1600, 800), (480, 240)),
        ((1000, 2000), (600, 1200), (180, 360)),
        ((1600, 1200), (1600, 1200), (480, 360)),
        ((300, 200), (300, 200), (300, 200)),
        ((50, 30), (50, 30), (50, 30)),
        ((4000, 100), (1600, 40), (480, 12)),
    ],
)
def test_renditions_fit_their_box_and_never_grow(size, gallery_size, listing_size):
    photo = photo_process(data=_encoded(Image.new("RGB", size, BLUE), "PNG"), filename="a.png")

    assert (photo.width, photo.height) == size
    assert (photo.gallery_size, photo.listing_size) == (gallery_size, listing_size)
    assert _opened(photo.gallery).size == gallery_size
    assert _opened(photo.listing).size == listing_size
    assert _opened(photo.thumbnail).size == THUMBNAIL
    assert gallery_size[0] <= GALLERY[0] and gallery_size[1] <= GALLERY[1]
    assert listing_size[0] <= LISTING[0] and listing_size[1] <= LISTING[1]


@pytest.mark.parametrize("mode", ["P", "1"])
def test_palette_and_black_and_white_are_shrunk_smoothly(mode):
    stripes = Image.new(mode, (3200, 100), 0)
    if mode == "P":
        stripes.putpalette([0, 0, 0, *WHITE])
    for x in range(0, 3200, 2):
        stripes.paste(1, (x, 0, x + 1, 100))  # one pixel column in two is white

    gallery = _opened(photo_process(data=_encoded(stripes, "PNG"), filename="a.png").gallery)

    assert _close_to(gallery.getpixel((800, 25)), (128, 128, 128))


def test_sixteen_bit_grey_keeps_its_shade():
    grey = Image.new("I;16", (64, 48), 32768)

    gallery = _opened(photo_process(data=_encoded(grey, "PNG"), filename="scan.png").gallery)

    assert _close_to(gallery.getpixel((32, 24)), (128, 128, 128))


def test_thumbnail_is_cropped_from_the_centre():
    wide = Image.new("RGB", (1800, 300), RED)
    wide.paste(BLUE, (600, 0, 1200, 300))  # a blue middle third between red sides

    thumbnail = _opened(photo_process(data=_encoded(wide, "PNG"), filename="a.png").thumbnail)

    assert thumbnail.size == THUMBNAIL
    assert _close_to(thumbnail.getpixel((5, 60)), BLUE)
    assert _close_to(thumbnail.getpixel((154, 60)), BLUE)


@pytest.mark.parametrize("image_format", ["PNG", "WEBP", "MPO"])
def test_format_is_read_from_the_bytes_not_the_name(image_format):
    data = _encoded(Image.new("RGB", (64, 48), BLUE), image_format)

    photo = photo_process(data=data, filename="photo.jpg")

    assert photo.original_name == "photo.jpg"
    assert _opened(photo.gallery).format == "WEBP"


@pytest.mark.parametrize(
    "icc_profile",
    [ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(), b"not a profile"],
    ids=["sRGB", "broken"],
)
def test_colour_profile_is_applied_then_dropped(icc_profile):
    data = _encoded(Image.new("RGB", (64, 48), BLUE), "JPEG", icc_profile=icc_profile)

    photo = photo_process(data=data, filename="photo.jpg")

    assert b"ICCP" not in photo.gallery
    assert _close_to(_opened(photo.gallery).getpixel((32, 24)), BLUE)


def test_name_is_the_file_name_without_the_path():
    data = _encoded(Image.new("RGB", (8, 8)), "PNG")

    assert photo_process(data=data, filename=r"C:\Users\yves\photo.png").original_name == (
        "photo.png"
    )


# --- what is refused ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "height"),
    [(10_000, 6_001), (4_900, 4_900), (10_000, 10_000), (20_000, 20_000)],
    ids=["ours", "just-over", "pillow-warning", "pillow-error"],
)
def test_pixel_bomb_is_refused_before_decoding(monkeypatch, width, height):
    def no_decoding(*args, **kwargs):
        raise AssertionError("pixels decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    monkeypatch.setattr(PngImagePlugin.PngImageFile, "verify", no_decoding)
    data = _forged_png(width=width, height=height)
    memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()

    with warnings.catch_warnings(), pytest.raises(PhotoError) as refused:
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        photo_process(data=data, filename="scan.png")

    assert refused.value.message == (
        "scan.png : l'image est trop grande (plus de 24 millions de pixels) : "
        "réduisez-la avant de l'envoyer."
    )
    assert time.monotonic() - started < 1
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory_before
    assert grown_kib < 50 * 1024


def _black_png(*, width: int, height: int) -> bytes:
    """A real, valid PNG of black grey pixels: its zlib stream holds the whole picture, so it
    is a few kilobytes per megapixel. Built row by row: never held decoded in memory."""
    row = bytes(width + 1)  # filter byte 0, then black pixels
    deflate = zlib.compressobj(9)
    idat = b"".join(deflate.compress(row) for _ in range(height)) + deflate.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def test_a_sixty_megapixel_png_of_a_few_hundred_kilobytes_is_refused_undecoded(monkeypatch):
    data = _black_png(width=8_000, height=7_500)
    assert len(data) < 300_000
    decoded = []
    real_load = ImageFile.ImageFile.load
    monkeypatch.setattr(
        ImageFile.ImageFile, "load", lambda image: decoded.append(image) or real_load(image)
    )

    with pytest.raises(PhotoError) as refused:
        photo_process(data=data, filename="plan.png")

    assert refused.value.message == (
        "plan.png : l'image est trop grande (plus de 24 millions de pixels) : "
        "réduisez-la avant de l'envoyer."
    )
    assert decoded == []


def test_a_jpeg_is_allowed_more_pixels_as_it_is_decoded_at_a_reduced_scale(monkeypatch):
    small = _encoded(Image.new("L", (8, 8)), "JPEG")
    frame = small.index(b"\xff\xc0") + 5  # start of frame: precision, then height and width
    data = small[:frame] + struct.pack(">HH", 6_000, 8_000) + small[frame + 4 :]
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: pytest.fail("decoded"))

    with pytest.raises(PhotoError, match="plus de 40 millions de pixels"):
        photo_process(data=data, filename="reflex.jpg")


class _CountedReads(io.BytesIO):
    reads = 0

    def read(self, *args):
        type(self).reads += 1
        return super().read(*args)


def test_files_past_the_ads_ten_photos_are_never_read():
    _CountedReads.reads = 0
    files = [(f"{n}.jpg", _CountedReads(_good("a.jpg")[1])) for n in range(3)]

    photos, errors = photos_process(files=files, already=9)

    assert len(photos) == 1 and _CountedReads.reads == 1
    assert errors == ["Au plus 10 photos par annonce : les suivantes n'ont pas été gardées."]


def test_more_than_ten_files_are_refused_before_any_is_read():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from rotative.classifieds.forms import PhotosField

    class Unread(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("file read")

    uploads = [Unread(f"{n}.jpg", b"\xff\xd8\xff", "image/jpeg") for n in range(11)]

    with pytest.raises(ValidationError) as refused:
        PhotosField(required=False).clean(uploads)

    assert refused.value.messages == ["Au plus 10 photos par annonce : vous en avez envoyé 11."]


def test_pillow_bomb_warning_alone_is_also_a_refusal(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)
    data = _encoded(Image.new("RGB", (40, 40)), "PNG")

    with warnings.catch_warnings(), pytest.raises(PhotoError, match="trop grande"):
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        photo_process(data=data, filename="scan.png")


def test_oversized_file_is_refused_before_opening(monkeypatch):
    monkeypatch.setattr(Image, "open", lambda *args, **kwargs: pytest.fail("file opened"))
    data = b"\xff\xd8\xff" + bytes(MAX_BYTES - 2)

    with pytest.raises(PhotoError) as refused:
        photo_process(data=data, filename="photo.jpg")

    assert refused.value.message == "photo.jpg : le fichier dépasse 10 Mo."


def test_file_of_exactly_the_limit_is_not_refused_for_its_size():
    with pytest.raises(PhotoError, match="pas une image lisible"):
        photo_process(data=b"\x89PNG\r\n\x1a\n" + bytes(MAX_BYTES - 8), filename="photo.png")


REFUSED_FORMAT = "ce format n'est pas accepté (JPEG, PNG ou WebP)."
UNREADABLE = "ce fichier n'est pas une image lisible."


@pytest.mark.parametrize(
    ("filename", "data", "reason"),
    [
        ("chat.gif", _encoded(Image.new("P", (8, 8)), "GIF"), REFUSED_FORMAT),
        ("chat.jpg", _encoded(Image.new("P", (8, 8)), "GIF"), REFUSED_FORMAT),
        ("vacances.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", REFUSED_FORMAT),
        ("plan.tiff", _encoded(Image.new("RGB", (8, 8)), "TIFF"), REFUSED_FORMAT),
        ("scan.bmp", _encoded(Image.new("RGB", (8, 8)), "BMP"), REFUSED_FORMAT),
        (
            "logo.svg",
            b'<?xml version="1.0"?>\n<SVG xmlns="http://www.w3.org/2000/svg"><script/></SVG>',
            REFUSED_FORMAT,
        ),
        ("facture.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", REFUSED_FORMAT),
        ("photo.jpg", random.Random(1).randbytes(4096), UNREADABLE),
        ("notes.txt", "Vends vélo, très bon état.".encode(), UNREADABLE),
        ("vide.jpg", b"", UNREADABLE),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, UNREADABLE),
        ("photo.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 garbage!", UNREADABLE),
    ],
)
def test_wrong_file_is_refused_with_its_name(filename, data, reason):
    with pytest.raises(PhotoError) as refused:
        photo_process(data=data, filename=filename)

    assert refused.value.message == f"{filename} : {reason}"


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_truncated_file_is_refused(image_format):
    data = _encoded(_noise((200, 150)), image_format)

    with pytest.raises(PhotoError) as refused:
        photo_process(data=data[: len(data) // 2], filename="photo")

    assert refused.value.message == f"photo : {UNREADABLE}"


# --- several at once ------------------------------------------------------------------------


def _good(name: str) -> tuple[str, bytes]:
    return name, _encoded(Image.new("RGB", (32, 24), BLUE), "JPEG")


def test_good_photos_are_kept_and_bad_ones_explained():
    files = [_good("un.jpg"), ("deux.gif", b"GIF89a..."), _good("trois.jpg")]

    photos, errors = photos_process(files=files)

    assert [photo.original_name for photo in photos] == ["un.jpg", "trois.jpg"]
    assert errors == [f"deux.gif : {REFUSED_FORMAT}"]


def test_no_more_than_ten_photos():
    files = [_good(f"{number}.jpg") for number in range(1, 13)]

    photos, errors = photos_process(files=files)

    assert [photo.original_name for photo in photos] == [f"{n}.jpg" for n in range(1, 11)]
    assert errors == ["Au plus 10 photos par annonce : les suivantes n'ont pas été gardées."]


@pytest.mark.parametrize(("already", "kept"), [(0, 3), (8, 2), (10, 0), (12, 0)])
def test_photos_the_ad_already_has_count(already, kept):
    photos, errors = photos_process(files=[_good("a.jpg")] * 3, already=already)

    assert len(photos) == kept
    assert len(errors) == (0 if kept == 3 else 1)


def test_nothing_sent_nothing_refused():
    assert photos_process(files=[]) == ([], [])
