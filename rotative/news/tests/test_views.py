"""Page views counted without cookies feed "Les plus lus" and the En ce moment bar."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.utils import timezone

from rotative.home.models import PinnedTopic
from rotative.news import services
from rotative.news.models import ArticleViewCount
from rotative.news.tests.factories import ArticlePageFactory

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"


def read(client, article, times=1, user_agent=BROWSER):
    """`times` readers, each from their own address (one address counts once per article)."""
    for n in range(times):
        response = client.post(
            f"/vues/{article.pk}/", HTTP_USER_AGENT=user_agent, REMOTE_ADDR=f"192.0.2.{n + 1}"
        )
        assert response.status_code == 204
        assert not response.cookies


def bar(client, url="/"):
    page = BeautifulSoup(client.get(url).content.decode(), "html.parser")
    return [a.text for a in page.select(".en-ce-moment a")]


@pytest.mark.django_db
class TestViewCounting:
    def test_beacon_counts_reads_per_hour_without_cookie(self, client, section):
        article = ArticlePageFactory(parent=section)
        read(client, article, times=3)
        assert ArticleViewCount.objects.get(article=article).count == 3

    def test_robots_and_scripts_are_not_counted(self, client, section):
        article = ArticlePageFactory(parent=section)
        read(client, article, user_agent="Googlebot/2.1 (+http://www.google.com/bot.html)")
        read(client, article, user_agent="")
        assert not ArticleViewCount.objects.exists()

    def test_only_post_is_accepted(self, client, section):
        article = ArticlePageFactory(parent=section)
        assert client.get(f"/vues/{article.pk}/").status_code == 405

    def test_unknown_article_is_not_found(self, client, db):
        assert client.post("/vues/999999/", HTTP_USER_AGENT=BROWSER).status_code == 404
        assert not ArticleViewCount.objects.exists()

    def test_buffered_views_are_added_not_overwritten(self, section, settings):
        settings.ARTICLE_VIEWS_FLUSH_SECONDS = 3600
        article = ArticlePageFactory(parent=section)
        for _ in range(4):
            services.article_view_record(article_id=article.pk)
        assert not ArticleViewCount.objects.exists()  # still in the buffer
        services.article_views_flush()
        services.article_view_record(article_id=article.pk)
        services.article_views_flush()
        assert ArticleViewCount.objects.get(article=article).count == 5


@pytest.mark.django_db
class TestMostReadAndTrending:
    def test_home_lists_most_read_of_the_last_24_hours(self, client, section):
        popular = ArticlePageFactory(parent=section, title="Le pont de Portbail rouvre")
        quiet = ArticlePageFactory(parent=section, title="Réunion du comité des fêtes")
        old_hit = ArticlePageFactory(parent=section, title="Un succès de la semaine dernière")
        read(client, popular, times=5)
        read(client, quiet, times=2)
        ArticleViewCount.objects.create(
            article=old_hit, hour=timezone.now() - timedelta(hours=30), count=500
        )
        page = BeautifulSoup(client.get("/").content.decode(), "html.parser")
        most_read = [a.text for a in page.select(".most-read a")]
        assert most_read == [popular.title, quiet.title]

    def test_bar_shows_pinned_topics_then_most_read_tags(self, client, section):
        a = ArticlePageFactory(parent=section, tags=["Tempête", "Cherbourg"])
        b = ArticlePageFactory(parent=section, tags=["Rugby"])
        ArticlePageFactory(parent=section, tags=["Jamais lu"])
        read(client, a, times=3)
        read(client, b, times=5)
        from taggit.models import Tag

        PinnedTopic.objects.create(
            label="Élections municipales", tag=Tag.objects.get(name="Jamais lu")
        )
        assert bar(client) == ["Élections municipales", "Rugby", "Cherbourg", "Tempête"]
        assert bar(client, section.url) == bar(client)  # on every page

    def test_expired_pin_disappears(self, client, section):
        article = ArticlePageFactory(parent=section, tags=["Marée"])
        from taggit.models import Tag

        PinnedTopic.objects.create(
            label="Grandes marées",
            tag=Tag.objects.get(name="Marée"),
            expires_at=timezone.now() - timedelta(minutes=1),
        )
        assert "Grandes marées" not in bar(client)
        read(client, article)
        cache.clear()  # the most-read tags are recomputed once a minute
        assert bar(client) == ["Marée"]

    def test_unpublished_story_leaves_most_read(self, client, section):
        article = ArticlePageFactory(parent=section, title="Sujet retiré", tags=["Retiré"])
        read(client, article, times=3)
        article.unpublish()
        page = BeautifulSoup(client.get("/").content.decode(), "html.parser")
        assert "Sujet retiré" not in page.text
        assert "Retiré" not in bar(client)
