"""The view beacon under abuse: scripted POSTs, impossible ids, a flush that fails."""

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from rotative.news import services
from rotative.news.models import ArticleViewCount
from rotative.news.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
MORNING = datetime(2026, 3, 10, 8, 5, tzinfo=UTC)  # 9h05 in Paris, inside one rate window


@pytest.fixture
def clock(monkeypatch):
    """The site's time, fixed (the rate windows and the hourly counts both follow it)."""
    moment = {"now": MORNING}
    monkeypatch.setattr(timezone, "now", lambda: moment["now"])
    return moment


@pytest.fixture
def buffered(settings):
    """Views stay in the process's buffer until the test flushes them."""
    settings.ARTICLE_VIEWS_FLUSH_SECONDS = 3600
    services.article_views_flush()
    yield
    services.article_views_flush()


def beacon(client, article_id, address="192.0.2.10"):
    return client.post(f"/vues/{article_id}/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=address)


def views_of(article) -> int:
    return sum(ArticleViewCount.objects.filter(article=article).values_list("count", flat=True))


class TestThrottle:
    def test_201_posts_from_one_client_count_as_one_view(self, client, section, clock):
        article = ArticlePageFactory(parent=section)
        statuses = {beacon(client, article.pk).status_code for _ in range(201)}
        assert statuses <= {204, 429}
        assert views_of(article) == 1

    def test_the_same_reader_counts_again_after_the_window(self, client, section, clock):
        article = ArticlePageFactory(parent=section)
        beacon(client, article.pk)
        clock["now"] = MORNING + timedelta(minutes=31)
        beacon(client, article.pk)
        assert views_of(article) == 2

    def test_scripted_posts_do_not_make_an_old_story_most_read(self, client, section, clock):
        today = ArticlePageFactory(parent=section, title="Le marché de Coutances rouvre")
        old = ArticlePageFactory(parent=section, title="Une vieille histoire")
        for n in range(3):
            beacon(client, today.pk, address=f"192.0.2.{n + 1}")
        for _ in range(201):
            beacon(client, old.pk, address="203.0.113.66")
        page = BeautifulSoup(client.get("/").content.decode(), "html.parser")
        assert [a.text for a in page.select(".most-read a")][0] == today.title

    def test_one_address_has_a_cap_on_beacons_whatever_the_article(
        self, client, section, clock, settings
    ):
        settings.ARTICLE_VIEWS_RATE_LIMITS = {"article": (1, 1800), "ip": (3, 3600)}
        articles = [ArticlePageFactory(parent=section) for _ in range(5)]
        statuses = [beacon(client, article.pk).status_code for article in articles]
        assert statuses == [204, 204, 204, 429, 429]
        assert [views_of(article) for article in articles] == [1, 1, 1, 0, 0]
        assert beacon(client, articles[4].pk, address="192.0.2.99").status_code == 204


class TestImpossibleIds:
    @pytest.mark.parametrize("article_id", ["0", "999999", "99999999999999999999"])
    def test_unknown_or_huge_ids_are_not_found_and_nothing_is_buffered(
        self, client, buffered, article_id
    ):
        assert beacon(client, article_id).status_code == 404
        assert services.article_views_flush() == 0

    @pytest.mark.parametrize("article_id", ["abc", "-1", "1e3"])
    def test_non_numeric_ids_are_not_found(self, client, db, article_id):
        assert beacon(client, article_id).status_code == 404

    def test_a_nul_in_the_id_is_a_bad_request(self, client, db):
        # Refused before any view, like a NUL anywhere in a URL (core.middleware).
        assert beacon(client, "%00").status_code == 400

    def test_an_unpublished_story_is_not_counted(self, client, section, buffered):
        article = ArticlePageFactory(parent=section)
        article.unpublish()
        assert beacon(client, article.pk).status_code == 404
        services.article_views_flush()
        assert views_of(article) == 0

    def test_a_huge_id_leaves_the_other_buffered_views_to_be_written(
        self, client, section, buffered, clock
    ):
        article = ArticlePageFactory(parent=section)
        for n in range(2):
            beacon(client, article.pk, address=f"192.0.2.{n + 1}")
        assert beacon(client, "99999999999999999999").status_code == 404
        services.article_views_flush()
        assert views_of(article) == 2


class TestFlush:
    def test_an_impossible_id_recorded_by_code_does_not_drop_the_others(self, section, buffered):
        article = ArticlePageFactory(parent=section)
        services.article_view_record(article_id=article.pk)
        services.article_view_record(article_id=10**20)
        services.article_view_record(article_id=-5)
        services.article_views_flush()
        assert views_of(article) == 1

    def test_a_failed_write_keeps_the_views_for_the_next_flush(
        self, section, buffered, monkeypatch
    ):
        article = ArticlePageFactory(parent=section)
        services.article_view_record(article_id=article.pk)
        write = services._write_view_counts

        def database_gone(pending):
            raise ConnectionError("database unavailable")

        monkeypatch.setattr(services, "_write_view_counts", database_gone)
        with pytest.raises(ConnectionError):
            services.article_views_flush()
        services.article_view_record(article_id=article.pk)
        monkeypatch.setattr(services, "_write_view_counts", write)
        services.article_views_flush()
        assert views_of(article) == 2

    def test_a_failed_flush_during_a_read_answers_the_reader_and_keeps_the_views(
        self, client, section, settings, monkeypatch
    ):
        settings.ARTICLE_VIEWS_FLUSH_SECONDS = 0
        article = ArticlePageFactory(parent=section)

        def database_gone(pending):
            raise ConnectionError("database unavailable")

        write = services._write_view_counts
        monkeypatch.setattr(services, "_write_view_counts", database_gone)
        assert beacon(client, article.pk).status_code == 204
        monkeypatch.setattr(services, "_write_view_counts", write)
        services.article_views_flush()
        assert views_of(article) == 1
