"""What the site tells the front cache, and when: purges leave with the commit from the process
that published, without a worker; a cache out of reach costs the editor at most the timeout
and leaves the purge to a worker. Behind Varnish the banner is a fragment of its own.
(deploy/varnish/ against a real varnishd: test_varnish.py.)"""

import socket
import time

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from rotative.news.tests.factories import ArticlePageFactory
from rotative.news.tests.test_publishing import PurgeRecorder, varnish  # noqa: F401 (fixture)

RETRY_TASK = "rotative.core.tasks.front_cache_purge"
ESI = "varnish=ESI/1.0"


def retouch(article, title):
    article.title = title
    article.save_revision().publish()


@pytest.fixture
def task_queue(settings):
    """The production queue: a task waits for a worker instead of running inline."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_a_publication_purges_at_once_with_no_worker_running(
    varnish,  # noqa: F811
    task_queue,
    section,
    settings,
):
    article = ArticlePageFactory(parent=section, title="La foire de Lessay")
    varnish.clear()
    retouch(article, "La foire de Lessay attire les foules")
    assert settings.SITE_URL + article.url in varnish
    assert not DBTaskResult.objects.filter(task_path__icontains="purge").exists()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_a_cache_out_of_reach_leaves_the_purge_to_a_worker(task_queue, section, settings):
    settings.VARNISH_URLS = [f"http://127.0.0.1:{closed_port()}"]
    article = ArticlePageFactory(parent=section, title="La foire de Lessay")
    DBTaskResult.objects.all().delete()
    retouch(article, "La foire de Lessay attire les foules")
    retry = DBTaskResult.objects.get(task_path=RETRY_TASK)
    cache_url, urls = retry.args_kwargs["args"]
    assert cache_url == settings.VARNISH_URLS[0]
    assert settings.SITE_URL + article.url in urls


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_purge_once_the_cache_answers(
    varnish,  # noqa: F811
    task_queue,
    section,
    settings,
):
    reachable = settings.VARNISH_URLS
    settings.VARNISH_URLS = [f"http://127.0.0.1:{closed_port()}"]
    article = ArticlePageFactory(parent=section, title="La foire de Lessay")
    DBTaskResult.objects.all().delete()
    retouch(article, "La foire de Lessay attire les foules")
    retry = DBTaskResult.objects.get(task_path=RETRY_TASK)
    _, urls = retry.args_kwargs["args"]
    retry.args_kwargs["args"] = [reachable[0], urls]  # the same cache, back on its feet
    retry.save()
    varnish.clear()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert settings.SITE_URL + article.url in varnish
    assert sorted(varnish) == sorted(urls)


@pytest.mark.django_db(transaction=True)
def test_a_cache_that_does_not_answer_holds_the_editor_for_the_timeout_only(
    task_queue, section, settings
):
    silent = socket.create_server(("127.0.0.1", 0))  # accepts, never answers
    try:
        settings.VARNISH_URLS = [f"http://127.0.0.1:{silent.getsockname()[1]}"]
        settings.FRONT_CACHE_TIMEOUT_SECONDS = 0.3
        article = ArticlePageFactory(parent=section, title="La foire de Lessay")
        DBTaskResult.objects.all().delete()
        started = time.monotonic()
        retouch(article, "La foire de Lessay attire les foules")
        assert time.monotonic() - started < 3  # one timeout, not one per page purged
        assert DBTaskResult.objects.filter(task_path=RETRY_TASK).count() == 1
    finally:
        silent.close()


@pytest.mark.django_db
class TestTheBannerBehindVarnish:
    def test_pages_asked_by_varnish_include_the_banner_fragment(self, client, section):
        response = client.get(section.url, HTTP_SURROGATE_CAPABILITY=ESI)
        assert b'<esi:include src="/fragments/alerte-info/"/>' in response.content
        assert response["Surrogate-Control"] == 'content="ESI/1.0"'

    def test_pages_asked_directly_carry_the_banner_itself(self, client, section):
        article = ArticlePageFactory(parent=section, title="Incendie à la raffinerie")
        article.is_breaking = True
        article.full_clean()
        article.save_revision().publish()
        response = client.get(section.url)
        assert b"esi:include" not in response.content
        assert "Surrogate-Control" not in response
        assert "Incendie à la raffinerie" in response.content.decode()

    def test_the_fragment_is_the_banner_and_kept_a_minute(self, client, section):
        assert client.get("/fragments/alerte-info/").content.strip() == b""
        article = ArticlePageFactory(parent=section, title="Incendie à la raffinerie")
        article.is_breaking = True
        article.full_clean()
        article.save_revision().publish()
        response = client.get("/fragments/alerte-info/")
        assert "Incendie à la raffinerie" in response.content.decode()
        assert f'href="{article.url}"' in response.content.decode()
        assert "s-maxage=60" in response["Cache-Control"]
