"""How a web process works on its requests: a few at once, each in one trip to a thread.

Django runs each request's views in a thread of its own under ASGI: with 32 readers at once,
a process ran 32 threads that queued for its 10 pooled database connections, and those that
waited more than DATABASE_POOL_TIMEOUT failed (500) while the process was merely busy. A
process cannot render faster by taking on more: Python runs one thread at a time. So it
works on at most WEB_CONCURRENT_REQUESTS requests (by default the pool's size, so that no
request waits for a connection), and the others wait their turn in the server's event loop,
their body already read, where waiting costs nothing and fails nobody. En direct's push
streams do not go through here (rotative/asgi.py).

Every middleware and view of the site is synchronous. Django's ASGI handler still builds an
asynchronous chain: a request went from the event loop to a thread for the middleware, back
to the loop for the view, to the thread for the view, back, to the thread to render the
template, and so on, and started a new thread for each request. Profiled under 32 readers
(py-spy, docs/performance.md), those hops and thread starts were about a sixth of an
article's time. Here the chain is the one Django builds for WSGI, run in one trip to a
thread, and the threads are kept for the next requests, as a WSGI server keeps its own.
"""

import asyncio
import gc
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.db import close_old_connections

# Threads kept idle between requests, beyond which a finished request's thread is let go.
IDLE_THREADS_KEPT = 64


class BoundedASGIHandler(ASGIHandler):
    def __init__(self):
        super().__init__()
        self.slots = asyncio.Semaphore(settings.WEB_CONCURRENT_REQUESTS)
        self._idle_threads: list[ThreadPoolExecutor] = []

    def load_middleware(self, is_async=False):
        # The synchronous chain (middleware, view, rendering, as under WSGI), awaited whole.
        super().load_middleware(is_async=False)
        self._middleware_chain = sync_to_async(self._middleware_chain, thread_sensitive=True)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        # One thread per request, as Django's handler gives it (a thread-sensitive context),
        # but taken from those kept instead of started and stopped. A thread still finishing
        # a request whose reader left runs the next one's work after it, never beside it.
        thread = self._idle_threads.pop() if self._idle_threads else _new_thread()
        try:
            async with ThreadSensitiveContext(executor=thread):
                await self.handle(scope, receive, send)
        finally:
            if len(self._idle_threads) < IDLE_THREADS_KEPT:
                self._idle_threads.append(thread)
            else:
                thread.shutdown(wait=False)

    async def run_get_response(self, request):
        async with self.slots:
            response = await super().run_get_response(request)
            # The connection goes back to the pool with the slot, not once the answer has
            # reached a slow reader (it is read again if the answer streams from the database).
            await sync_to_async(close_old_connections)()
        return response


def startup_objects_freeze() -> None:
    """Once the process is ready: what it built to start (Django's apps, models, URL
    patterns, compiled patterns, about 260,000 objects) is put out of the garbage
    collector's reach. Each full collection walked them all again, a pause of a tenth of a
    second every few hundred pages, and a tenth of a page's time on average (measured on an
    article, docs/performance.md); none of them is ever garbage."""
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018 (the URL patterns compiled now, not by a reader)
    gc.collect()
    gc.freeze()


def _new_thread() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="request")
