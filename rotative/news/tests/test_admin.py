"""Editors write, preview and schedule articles in the French Wagtail admin."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from rotative.news.models import ArticlePage
from rotative.news.tests.factories import ArticlePageFactory, ImageFactory


@pytest.fixture
def editor(db, client):
    user = get_user_model().objects.create_superuser(
        "redaction", "redaction@example.org", "motdepasse"
    )
    client.force_login(user)
    return user


def draftail(text):
    """The rich-text editor's JSON for one plain paragraph."""
    block = {"key": "a", "text": text, "type": "unstyled", "depth": 0}
    return json.dumps(
        {"blocks": [{**block, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}
    )


def article_form(section, image, **overrides):
    data = {
        "title": "Les ostréiculteurs de Blainville face à la tempête",
        "slug": "ostreiculteurs-blainville",
        "chapo": "Les parcs ont résisté, mais la saison s'annonce difficile.",
        "lead_image": image.pk,
        "lead_image_caption": "",
        "body-count": "2",
        "body-0-type": "paragraph",
        "body-0-value": draftail("Le vent a soufflé toute la nuit."),
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-1-type": "intertitle",
        "body-1-value": "Des parcs endommagés",
        "body-1-deleted": "",
        "body-1-order": "1",
        "authors": [],
        "agency": "",
        "dateline": "",
        "tags": "Huîtres, Tempête",
        "article_communes-TOTAL_FORMS": "0",
        "article_communes-INITIAL_FORMS": "0",
        "article_communes-MIN_NUM_FORMS": "0",
        "article_communes-MAX_NUM_FORMS": "1000",
        "corrections-TOTAL_FORMS": "1",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
        "corrections-0-date": "2026-11-20 10:30",
        "corrections-0-text": "Le nom du port a été corrigé.",
        "corrections-0-ORDER": "1",
        "corrections-0-DELETE": "",
        "breaking_until": "",
        "go_live_at": "",
        "expire_at": "",
        "seo_title": "",
        "search_description": "",
        "comment_notifications": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
class TestEditorialAdmin:
    def test_admin_speaks_french(self, client, editor, section):
        html = client.get(
            reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
        ).content.decode()
        assert "Chapô" in html
        assert "Enregistrer le brouillon" in html
        assert "Rectificatifs" in html or "rectificatifs" in html

    def test_editor_writes_and_publishes_an_article(self, client, editor, section):
        image = ImageFactory()
        url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
        response = client.post(
            url, article_form(section, image, **{"action-publish": "action-publish"})
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        article = ArticlePage.objects.get(slug="ostreiculteurs-blainville")
        assert article.live
        public = client.get(article.url).content.decode()
        assert "Le vent a soufflé toute la nuit." in public
        assert "Des parcs endommagés" in public
        assert "Rectificatif du vendredi 20 novembre 2026 à 10h30" in public

    def test_editor_schedules_an_article_to_the_minute(self, client, editor, section):
        url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
        data = article_form(section, ImageFactory(), go_live_at="2099-01-15 06:45")
        data["action-publish"] = "action-publish"
        assert client.post(url, data).status_code == 302
        article = ArticlePage.objects.get(slug="ostreiculteurs-blainville")
        assert not article.live
        revision = article.latest_revision
        go_live = timezone.localtime(revision.approved_go_live_at)  # Paris time
        assert go_live.strftime("%Y-%m-%d %H:%M") == "2099-01-15 06:45"

    def test_dateline_without_agency_is_refused(self, client, editor, section):
        url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
        data = article_form(section, ImageFactory(), dateline="Moscou")
        data["action-publish"] = "action-publish"
        response = client.post(url, data)
        assert response.status_code == 200
        assert "Indiquez l&#x27;agence de cette dépêche datée." in response.content.decode()
        assert not ArticlePage.objects.filter(slug="ostreiculteurs-blainville").exists()

    def test_preview_shows_the_unpublished_draft(self, client, editor, section):
        article = ArticlePageFactory(parent=section, title="Version publiée")
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
        data = article_form(
            section, ImageFactory(), title="Version en préparation", slug=article.slug
        )
        assert client.post(url, data).json()["is_valid"]
        preview = client.get(url).content.decode()
        assert "Version en préparation" in preview
        assert "Version en préparation" not in client.get(article.url).content.decode()


@pytest.mark.django_db
def test_renditions_are_webp_and_follow_the_focal_point(section, client):
    # A picture whose subject (a red square) sits on the far right, marked as focal point.
    picture = PILImage.new("RGB", (1600, 600), (255, 255, 255))
    picture.paste((200, 0, 0), (1400, 200, 1600, 400))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG")
    from django.core.files.images import ImageFile

    image = ImageFactory(file=ImageFile(io.BytesIO(buffer.getvalue()), name="rouge.jpg"))
    image.focal_point_x, image.focal_point_y = 1500, 300
    image.focal_point_width, image.focal_point_height = 200, 200
    image.save()
    rendition = image.get_rendition("fill-480x270|format-webp")
    with rendition.file.open() as handle:
        out = PILImage.open(handle)
        assert out.format == "WEBP"
        assert out.size == (480, 270)
        assert out.convert("RGB").getpixel((470, 135))[0] > 150  # the red subject stays in frame
