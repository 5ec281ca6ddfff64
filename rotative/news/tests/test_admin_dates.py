"""Dates in the editors' admin read and write as the newsroom writes them: 06/12/2026 14:05.

Wagtail's WAGTAIL_*_FORMAT settings are Python strftime formats: written as the template
filter's `d/m/Y H:i`, every date widget showed that literal text, and saving a page again sent it
back (« Saisissez une date et une heure valides »)."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import formats, translation

from rotative.news.models import ArticleCorrection, ArticlePage
from rotative.news.tests.factories import ArticlePageFactory, ImageFactory
from rotative.news.tests.test_admin import article_form

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def editor(db, client):
    user = get_user_model().objects.create_superuser(
        "redaction", "redaction@example.org", "motdepasse"
    )
    client.force_login(user)
    return user


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


def test_the_admin_date_formats_are_read_back_in_french():
    """Wagtail's own check of this (wagtailadmin.E003) only runs with USE_L10N, which Django 5
    removed: what a widget writes must be one of the formats the French forms read."""
    with translation.override("fr"):
        for wagtail_setting, django_setting, example in [
            ("WAGTAIL_DATE_FORMAT", "DATE_INPUT_FORMATS", "06/12/2026"),
            ("WAGTAIL_DATETIME_FORMAT", "DATETIME_INPUT_FORMATS", "06/12/2026 14:05"),
            ("WAGTAIL_TIME_FORMAT", "TIME_INPUT_FORMATS", "14:05"),
        ]:
            fmt = getattr(settings, wagtail_setting)
            assert fmt in formats.get_format(django_setting, lang="fr"), wagtail_setting
            assert paris(2026, 12, 6, 14, 5).strftime(fmt) == example


def breaking_story(section):
    """A live story with an « Alerte info » banner, a dated correction and an expiry."""
    article = ArticlePageFactory(parent=section, title="Incendie au port de Cherbourg")
    article.is_breaking = True
    article.breaking_until = paris(2099, 1, 15, 14, 5)
    article.expire_at = paris(2099, 1, 31, 23, 30)
    article.corrections = [
        ArticleCorrection(date=paris(2026, 11, 20, 10, 30), text="Le nom du quai a été corrigé.")
    ]
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def scheduled_story(section):
    """A draft given its publication date (« Programmer », then « Enregistrer le brouillon »).

    Once published with that date Wagtail locks it until the schedule is cancelled, which
    brings the editor back to this: a draft whose date must survive each save."""
    article = ArticlePageFactory(parent=section, title="Dépêche sous embargo", publish=False)
    article.go_live_at = paris(2099, 1, 16, 6, 45)
    article.save_revision()
    return ArticlePage.objects.get(pk=article.pk)


def said(response):
    """The page's text, French non-breaking spaces as plain ones."""
    text = BeautifulSoup(response.content.decode(), "html.parser").get_text(" ")
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def date_inputs(html):
    page = BeautifulSoup(html, "html.parser")
    names = ("breaking_until", "expire_at", "go_live_at", "corrections-0-date")
    return {
        name: field.get("value", "")
        for name in names
        if (field := page.select_one(f'input[name="{name}"]')) is not None
    }


@pytest.mark.django_db
class TestDatesInTheEditForm:
    def test_the_edit_form_shows_the_dates_as_day_month_year(self, client, editor, section):
        article = breaking_story(section)
        html = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
        assert date_inputs(html) == {
            "breaking_until": "15/01/2099 14:05",
            "expire_at": "31/01/2099 23:30",
            "go_live_at": "",
            "corrections-0-date": "20/11/2026 10:30",
        }
        # A new correction comes dated now, in the same format: nothing to retype.
        new_correction = BeautifulSoup(html, "html.parser").select_one(
            "#id_corrections-EMPTY_FORM_TEMPLATE"
        )
        assert re.search(
            r'name="corrections-__prefix__-date"[^>]*value="\d\d/\d\d/\d{4} \d\d:\d\d"',
            new_correction.decode_contents() if new_correction else html,
        )

    def test_the_breaking_story_republishes_with_its_dates_as_shown(self, client, editor, section):
        article = breaking_story(section)
        edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
        shown = date_inputs(client.get(edit_url).content.decode())
        data = article_form(
            section,
            ImageFactory(),
            title="Incendie au port de Cherbourg : le feu est maîtrisé",
            slug=article.slug,
            is_breaking="on",
            **{"corrections-INITIAL_FORMS": "1", "corrections-0-id": article.corrections.get().pk},
            **shown,
            **{"action-publish": "action-publish"},
        )
        response = client.post(edit_url, data, follow=True)
        assert "Saisissez une date et une heure valides" not in said(response)
        assert "« Incendie au port de Cherbourg : le feu est maîtrisé » a été publiée" in said(
            response
        )
        article.refresh_from_db()
        assert article.title == "Incendie au port de Cherbourg : le feu est maîtrisé"
        assert article.breaking_until == paris(2099, 1, 15, 14, 5)
        assert article.expire_at == paris(2099, 1, 31, 23, 30)
        assert article.corrections.get().date == paris(2026, 11, 20, 10, 30)

    def test_a_scheduled_story_is_saved_again_with_its_date(self, client, editor, section):
        article = scheduled_story(section)
        edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
        shown = date_inputs(client.get(edit_url).content.decode())
        assert shown["go_live_at"] == "16/01/2099 06:45"
        data = article_form(
            section,
            ImageFactory(),
            title="Dépêche sous embargo, complétée",
            slug=article.slug,
            **{"corrections-TOTAL_FORMS": "0"},
            **shown,
            **{"action-publish": "action-publish"},
        )
        response = client.post(edit_url, data, follow=True)
        assert "Saisissez une date et une heure valides" not in said(response)
        assert "« Dépêche sous embargo, complétée » a été planifiée pour publication" in said(
            response
        )
        article.refresh_from_db()
        assert not article.live
        assert article.latest_revision.approved_go_live_at == paris(2099, 1, 16, 6, 45)
        assert article.latest_revision.as_object().title == "Dépêche sous embargo, complétée"
