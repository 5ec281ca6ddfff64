"""A busy web process makes readers wait their turn; it never fails them for being busy."""

import asyncio
import threading
import time

from django.http import HttpResponse
from django.urls import path

from rotative import urls as site_urls
from rotative.ops.concurrency import BoundedASGIHandler

busy = {"now": 0, "most": 0}
lock = threading.Lock()


def slow_page(request):
    with lock:
        busy["now"] += 1
        busy["most"] = max(busy["most"], busy["now"])
    time.sleep(0.1)  # a page that takes its time (a search, say)
    with lock:
        busy["now"] -= 1
    return HttpResponse("ok")


def thread_page(request):
    return HttpResponse(str(threading.get_ident()))


def broken_page(request):
    raise RuntimeError("une page cassée")


urlpatterns = [
    path("lent/", slow_page),
    path("fil/", thread_page),
    path("casse/", broken_page),
    *site_urls.urlpatterns,
]


async def get(app, url, *, body=False):
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": url,
        "raw_path": url.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    sent, body_read = [], asyncio.Event()

    async def receive():
        if not body_read.is_set():
            body_read.set()
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.sleep(3600)  # the reader stays connected

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    if body:
        return status, b"".join(
            m.get("body", b"") for m in sent if m["type"] == "http.response.body"
        )
    return status


def test_a_process_works_on_a_few_requests_at_once_and_answers_every_one(settings):
    settings.ROOT_URLCONF = __name__
    settings.WEB_CONCURRENT_REQUESTS = 2
    busy.update(now=0, most=0)
    app = BoundedASGIHandler()

    async def crowd():
        return await asyncio.gather(*(get(app, "/lent/") for _ in range(8)))

    statuses = asyncio.run(crowd())
    assert statuses == [200] * 8
    assert busy["most"] == 2


def test_requests_reuse_the_process_threads_instead_of_starting_one_each(settings, monkeypatch):
    settings.ROOT_URLCONF = __name__
    app = BoundedASGIHandler()
    started = []
    original_start = threading.Thread.start

    def start(thread):
        started.append(thread.name)
        original_start(thread)

    monkeypatch.setattr(threading.Thread, "start", start)

    async def one_after_another():
        return [await get(app, "/fil/", body=True) for _ in range(20)]

    answers = asyncio.run(one_after_another())
    assert {status for status, _ in answers} == {200}
    # One thread for twenty readers, each served by it in turn (Django's handler started one
    # per request: twenty).
    assert len({body for _, body in answers}) == 1
    assert len(started) == 1


def test_a_failing_page_still_answers_500_and_the_next_reader_is_served(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    app = BoundedASGIHandler()

    async def two():
        return [await get(app, "/casse/"), await get(app, "/fil/")]

    assert asyncio.run(two()) == [500, 200]


def test_the_web_process_puts_what_it_started_with_out_of_the_collectors_reach():
    """The production entry point (deploy/Procfile's uvicorn rotative.asgi:application)."""
    import subprocess
    import sys

    from django.conf import settings as django_settings

    done = subprocess.run(  # noqa: S603 (our own fixed command line)
        [sys.executable, "-c", "import gc, rotative.asgi; print(gc.get_freeze_count())"],
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert int(done.stdout.strip().splitlines()[-1]) > 100_000
