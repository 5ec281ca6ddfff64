"""A posting form that comes back with an error keeps its photos: re-encoded, kept for their
owner alone, shown as thumbnails, attached on the next valid submit."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rotative.accounts.tests.factories import ReaderFactory
from rotative.classifieds.models import Ad, PendingPhoto
from rotative.classifieds.tests.factories import CAMERA
from rotative.geo.tests.factories import commune

pytestmark = pytest.mark.django_db
POST = "/annonces/deposer/?categorie=bonnes-affaires"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    commune("carantilly")


def jpeg(name="buffet.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (120, 90, 60)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def form(**extra):
    data = {k: v for k, v in CAMERA.items() if k != "category"}
    return {**data, "commune_text": "Carantilly (50570)", **extra}


def kept_photos(response):
    """The thumbnails the form shows, and the ids it sends back (checked boxes)."""
    page = BeautifulSoup(response.content, "html.parser")
    boxes = page.select("input[name=pending_photos]")
    return [box.find_previous("img")["src"] for box in boxes], [
        box["value"] for box in boxes if box.has_attr("checked")
    ]


def test_the_photo_stays_when_the_form_comes_back_and_joins_the_ad(client, seller):
    client.force_login(seller)
    response = client.post(POST, form(title="", photos=[jpeg()]))  # the title is missing
    assert response.status_code == 400
    thumbnails, ids = kept_photos(response)
    assert len(thumbnails) == 1 and thumbnails[0].endswith("-vignette.webp")
    assert "inutile de les choisir à nouveau" in response.content.decode()

    # The reader fixes the title and sends again, without choosing the photo again.
    response = client.post(POST, form(pending_photos=ids))
    ad = Ad.objects.get()
    assert response["Location"] == f"/annonces/{ad.pk}/apercu/"
    assert ad.photos.count() == 1
    assert not PendingPhoto.objects.exists()  # attached, no longer pending


def test_a_photo_kept_through_two_errors_and_a_new_one_both_join(client, seller):
    client.force_login(seller)
    first = client.post(POST, form(title="", photos=[jpeg("a.jpg")]))
    _, ids = kept_photos(first)
    second = client.post(POST, form(price="", pending_photos=ids, photos=[jpeg("b.jpg")]))
    assert second.status_code == 400
    _, ids = kept_photos(second)
    assert len(ids) == 2
    client.post(POST, form(pending_photos=ids))
    assert Ad.objects.get().photos.count() == 2


def test_one_readers_pending_photo_is_never_shown_or_given_to_another(client, seller):
    client.force_login(seller)
    _, ids = kept_photos(client.post(POST, form(title="", photos=[jpeg()])))

    other = ReaderFactory(email="autre@example.fr")
    client.force_login(other)
    response = client.post(POST, form(title="", pending_photos=ids))
    assert kept_photos(response) == ([], [])
    client.post(POST, form(pending_photos=ids))
    ad = Ad.objects.get(owner=other)
    assert ad.photos.count() == 0
    assert PendingPhoto.objects.filter(owner=seller).count() == 1  # still the seller's


def test_pending_photos_of_an_abandoned_form_are_forgotten_after_a_day(client, seller):
    from datetime import timedelta

    from django.utils import timezone

    from rotative.classifieds.services import pending_photos_purge

    client.force_login(seller)
    client.post(POST, form(title="", photos=[jpeg()]))
    pending = PendingPhoto.objects.get()
    path = pending.gallery.path
    assert pending_photos_purge(now=timezone.now() + timedelta(hours=23)) == 0
    assert pending_photos_purge(now=timezone.now() + timedelta(hours=25)) == 1
    assert not PendingPhoto.objects.exists()
    import os

    assert not os.path.exists(path)
