"""An article's own parts are rendered once and held by each process (news.article_parts),
yet a reader always gets the article as published now: a new version or a correction shows
at once, a preview never leaks into the public page nor the public page into a preview, a
picture's caption edited in the admin shows within seconds, and nothing a reader sees of
their own (« Lire plus tard », the comment form) is held for another."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Site

from rotative.accounts.tests.factories import ReaderFactory
from rotative.bookmarks.services import bookmark_add
from rotative.core import chrome
from rotative.core.models import SiteIdentity
from rotative.news.models import ArticlePage
from rotative.news.tests.factories import ArticlePageFactory, ImageFactory
from rotative.news.tests.test_admin import article_form

MORNING = datetime(2026, 12, 6, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))

pytestmark = pytest.mark.django_db


def read(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


def headline(page: BeautifulSoup) -> str:
    return page.select_one("h1.article__title").get_text(strip=True)


def structured(page: BeautifulSoup) -> dict:
    return json.loads(page.select_one('script[type="application/ld+json"]').string)


def test_a_new_version_shows_at_once_in_the_page_its_head_and_its_structured_data(client, section):
    article = ArticlePageFactory(parent=section, title="La digue de Granville a cédé")
    read(client, article.url)  # now held
    article = ArticlePage.objects.get(pk=article.pk)
    article.title = "La digue de Granville a cédé dans la nuit"
    article.save_revision().publish()

    page = read(client, article.url)
    assert headline(page) == "La digue de Granville a cédé dans la nuit"
    og_title = page.select_one('meta[property="og:title"]')["content"]
    assert og_title == "La digue de Granville a cédé dans la nuit"
    assert structured(page)["headline"] == "La digue de Granville a cédé dans la nuit"


def test_a_preview_shows_the_draft_and_the_public_page_stays_the_published_one(client, section):
    editor = get_user_model().objects.create_superuser("redaction", "r@example.org", "motdepasse")
    client.force_login(editor)
    article = ArticlePageFactory(parent=section, title="Version publiée")
    assert headline(read(client, article.url)) == "Version publiée"  # held

    url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
    data = article_form(section, ImageFactory(), title="Version en préparation", slug=article.slug)
    assert client.post(url, data).json()["is_valid"]
    assert "Version en préparation" in client.get(url).content.decode()
    assert headline(read(client, article.url)) == "Version publiée"
    assert "Version en préparation" not in client.get(article.url).content.decode()


def test_a_caption_edited_in_the_admin_shows_within_seconds(client, section):
    with time_machine.travel(MORNING, tick=False) as clock:
        image = ImageFactory(caption="La digue avant la tempête")
        article = ArticlePageFactory(parent=section, lead_image=image)
        assert (
            "La digue avant la tempête" in read(client, article.url).select_one("figcaption").text
        )
        image.caption = "La digue, la veille de la tempête"
        image.save()  # not the article: its publication is the same
        clock.shift(timedelta(seconds=chrome.MEMO_SECONDS + 1))
        caption = read(client, article.url).select_one("figcaption").text
        assert "La digue, la veille de la tempête" in caption


def test_the_paper_renamed_is_the_publisher_at_once(client, section):
    article = ArticlePageFactory(parent=section)
    read(client, article.url)
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.name = "La Vigie du Cotentin"
    identity.save()
    assert structured(read(client, article.url))["publisher"]["name"] == "La Vigie du Cotentin"


def test_what_a_reader_sees_of_their_own_is_never_held_for_another(client, section):
    article = ArticlePageFactory(parent=section, title="Le marché de Noël de Coutances")
    saver, other = ReaderFactory(), ReaderFactory()
    bookmark_add(user=saver, target=article)

    client.force_login(saver)
    saved = read(client, article.url).select_one(".bookmark__button").get_text(strip=True)
    client.force_login(other)
    not_saved = read(client, article.url).select_one(".bookmark__button").get_text(strip=True)
    client.logout()
    anonymous = read(client, article.url)

    assert saved.startswith("Enregistré")
    assert not_saved == "Lire plus tard"
    assert "L'espace des commentaires est ouvert aux inscrits" in anonymous.text
    assert headline(anonymous) == "Le marché de Noël de Coutances"


def test_many_articles_read_keep_the_process_bounded(client, section):
    from rotative.news import article_parts

    articles = [ArticlePageFactory(parent=section) for _ in range(4)]
    limit = article_parts._store.max_entries
    article_parts._store.max_entries = 2
    try:
        for article in articles:
            read(client, article.url)
        assert len(article_parts._store._pieces) == 2  # the two read last
        assert headline(read(client, articles[0].url)) == articles[0].title
    finally:
        article_parts._store.max_entries = limit
