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


urlpatterns = [path("lent/", slow_page), *site_urls.urlpatterns]


async def get(app, url):
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
    return next(m["status"] for m in sent if m["type"] == "http.response.start")


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
