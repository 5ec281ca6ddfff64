"""What editors' actions do to the public site: listings, caches, redirects, banners, schedule."""

import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rotative.core import chrome
from rotative.news.models import ArticlePage
from rotative.news.tests.factories import ArticlePageFactory, SectionPageFactory


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content.decode(), "html.parser").get_text(" ", strip=True)


@pytest.mark.django_db
class TestListingsFollowChanges:
    def test_retitled_story_shows_at_once_on_home_section_and_tag_pages(self, client, section):
        article = ArticlePageFactory(parent=section, title="Ancien titre du jour", tags=["Port"])
        for url in ("/", section.url, "/sujets/port/"):
            assert "Ancien titre du jour" in text(client, url)
        article.title = "Nouveau titre du jour"
        article.save_revision().publish()
        for url in ("/", section.url, "/sujets/port/"):
            page = text(client, url)
            assert "Nouveau titre du jour" in page and "Ancien titre du jour" not in page

    def test_public_pages_tell_shared_caches_to_keep_and_browsers_to_revalidate(
        self, client, section
    ):
        response = client.get(section.url)
        assert "s-maxage=300" in response["Cache-Control"]
        assert "max-age=0" in response["Cache-Control"]


class PurgeRecorder(BaseHTTPRequestHandler):
    """A stand-in Varnish: records the PURGE requests it receives."""

    received: list[str] = []

    def do_PURGE(self):  # noqa: N802
        PurgeRecorder.received.append(f"http://{self.headers['Host']}{self.path}")
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def varnish(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    PurgeRecorder.received = []
    settings.VARNISH_URLS = [f"http://127.0.0.1:{server.server_port}"]
    yield PurgeRecorder.received
    server.shutdown()


@pytest.mark.django_db(transaction=True)
def test_publishing_purges_article_and_every_listing_from_the_http_cache(varnish, home, settings):
    section = SectionPageFactory(parent=home, title="Calvados", slug="calvados")
    article = ArticlePageFactory(parent=section, slug="la-foire-de-lessay", tags=["Foire"])
    other = ArticlePageFactory(parent=section, slug="le-marche-de-bayeux", tags=["Marché"])
    varnish.clear()
    article.title = "La foire de Lessay attire les foules"
    article.save_revision().publish()
    expected = [
        "/calvados/la-foire-de-lessay/",
        "/calvados/",
        "/",
        "/sujets/foire/",
        "/rss.xml",
        "/calvados/rss.xml",
        "/sitemap-news.xml",
        "/fragments/alerte-info/",  # the banner, which may name it
        # The app's API (rotative/api/signal_handlers.py): the list, the story, its comments.
        "/api/v1/articles",
        f"/api/v1/articles/{article.pk}",
        f"/api/v1/articles/{article.pk}/commentaires",
    ]
    assert {settings.SITE_URL + path for path in expected} == set(varnish)
    # Only the pages that show it: another story of the section, its tag, stay cached.
    assert settings.SITE_URL + other.url not in varnish


@pytest.mark.django_db
class TestEditorialFeatures:
    def test_slug_change_leaves_a_redirect(
        self, client, section, django_capture_on_commit_callbacks
    ):
        article = ArticlePageFactory(parent=section, slug="brouillon-de-titre")
        old_url = article.url
        article.slug = "la-vraie-adresse"
        with django_capture_on_commit_callbacks(execute=True):
            article.save_revision().publish()
        response = client.get(old_url)
        assert response.status_code == 301
        assert response["Location"].endswith("/manche/la-vraie-adresse/")

    def test_breaking_news_banner_on_every_page_until_it_expires(self, client, home, section):
        other = SectionPageFactory(parent=home, title="Sports", slug="sports")
        article = ArticlePageFactory(parent=section, title="Incendie à la raffinerie")
        article.is_breaking = True
        article.full_clean()  # the default expiry is set as the admin form would
        assert article.breaking_until > timezone.now() + timedelta(hours=3)
        article.save_revision().publish()
        for url in ("/", other.url, "/recherche/"):
            page = BeautifulSoup(client.get(url).content.decode(), "html.parser")
            banner = page.select_one(".breaking")
            assert banner is not None and "Incendie à la raffinerie" in banner.text, url
        # The alert ends; the pages held by the process follow within seconds (core.chrome).
        ended = ArticlePage.objects.get(pk=article.pk).breaking_until
        with time_machine.travel(ended + timedelta(seconds=chrome.MEMO_SECONDS + 1)):
            assert client.get("/").content.decode().count('class="breaking"') == 0


@pytest.mark.django_db(transaction=True)
def test_worker_publishes_a_scheduled_story_on_time(settings, client, home):
    """The project's own worker, not a cron job, publishes at the scheduled time."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    section = SectionPageFactory(parent=home, title="Manche", slug="manche")
    article = ArticlePageFactory(parent=section, title="Dépêche sous embargo", publish=False)
    go_live = timezone.now() + timedelta(seconds=3)
    article.go_live_at = go_live
    article.save_revision().publish()  # what "Programmer" does in the admin
    assert not ArticlePage.objects.get(pk=article.pk).live
    scheduled = DBTaskResult.objects.get(task_path__endswith="publish_scheduled_pages")
    assert abs((scheduled.run_after - go_live).total_seconds()) < 1

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert not ArticlePage.objects.get(pk=article.pk).live  # not yet due
    assert "Dépêche sous embargo" not in text(client, section.url)

    time.sleep(max(0.0, (go_live - timezone.now()).total_seconds()) + 0.2)
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert ArticlePage.objects.get(pk=article.pk).live
    assert "Dépêche sous embargo" in text(client, section.url)
