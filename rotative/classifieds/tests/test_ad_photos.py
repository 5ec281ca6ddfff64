"""Photos in the ad form: refused ones named, the text kept, the rest stored re-encoded."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rotative.classifieds.models import Ad
from rotative.classifieds.tests.factories import CAMERA
from rotative.geo.tests.factories import commune

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def jpeg_with_gps(name="leica.jpg", size=(1200, 900)) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (120, 90, 60))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (49.0, 3.0, 58.0), 3: "W", 4: (1.0, 14.0, 59.0)}  # GPS position
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def form(**extra):
    data = {k: v for k, v in CAMERA.items() if k != "category"}
    return {**data, "commune_text": "Carantilly (50570)", **extra}


def test_a_refused_photo_is_named_and_the_text_kept(client, seller):
    commune("carantilly")
    client.force_login(seller)
    gif = SimpleUploadedFile("animation.gif", b"GIF89a" + b"\x00" * 40, content_type="image/gif")
    response = client.post(
        "/annonces/deposer/?categorie=bonnes-affaires",
        form(photos=[jpeg_with_gps(), gif]),
    )
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    errors = " ".join(e.get_text() for e in page.select(".field-error"))
    assert "animation.gif : ce format n'est pas accepté (JPEG, PNG ou WebP)." in errors
    assert page.select_one("[name=title]")["value"] == "Leica Q2 à l'état neuf"
    assert not Ad.objects.exists()


def test_photos_are_stored_reencoded_without_their_gps_position(client, seller):
    commune("carantilly")
    client.force_login(seller)
    client.post(
        "/annonces/deposer/?categorie=bonnes-affaires",
        form(photos=[jpeg_with_gps("face.jpg"), jpeg_with_gps("dos.jpg", (900, 1200))]),
    )
    ad = Ad.objects.get()
    photos = list(ad.photos.all())
    assert [(p.width, p.height) for p in photos] == [(1200, 900), (900, 1200)]
    for stored in (photos[0].gallery, photos[0].listing, photos[0].thumbnail):
        data = stored.read()
        assert stored.name.endswith(".webp") and b"Exif" not in data
        assert not Image.open(io.BytesIO(data)).getexif()
    preview = BeautifulSoup(client.get(f"/annonces/{ad.pk}/apercu/").content, "html.parser")
    assert len(preview.select(".ad-gallery img")) == 2

    client.post(f"/annonces/{ad.pk}/modifier/", form(remove_photos=[str(photos[0].pk)]))
    assert list(ad.photos.values_list("pk", flat=True)) == [photos[1].pk]


def test_a_huge_picture_and_too_many_files_are_refused_with_the_reason(client, seller):
    from rotative.classifieds.tests.test_photos import _black_png

    commune("carantilly")
    client.force_login(seller)
    plan = SimpleUploadedFile("plan.png", _black_png(width=8_000, height=7_500), "image/png")
    response = client.post("/annonces/deposer/?categorie=bonnes-affaires", form(photos=[plan]))
    assert response.status_code == 400
    errors = " ".join(
        e.get_text() for e in BeautifulSoup(response.content, "html.parser").select(".field-error")
    )
    assert "plan.png : l'image est trop grande (plus de 24 millions de pixels)" in errors

    many = [jpeg_with_gps(f"{n}.jpg", (40, 30)) for n in range(11)]
    response = client.post("/annonces/deposer/?categorie=bonnes-affaires", form(photos=many))
    assert response.status_code == 400
    assert "Au plus 10 photos par annonce : vous en avez envoyé 11." in response.content.decode()
    assert not Ad.objects.exists()
