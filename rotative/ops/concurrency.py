"""How many requests one web process works on at once.

Django runs each request's views in a thread of its own under ASGI: with 32 readers at once,
a process ran 32 threads that queued for its 10 pooled database connections, and those that
waited more than DATABASE_POOL_TIMEOUT failed (500) while the process was merely busy. A
process cannot render faster by taking on more: Python runs one thread at a time. So it
works on at most WEB_CONCURRENT_REQUESTS requests (by default the pool's size, so that no
request waits for a connection), and the others wait their turn in the server's event loop,
their body already read, where waiting costs nothing and fails nobody. En direct's push
streams do not go through here (rotative/asgi.py).
"""

import asyncio

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.db import close_old_connections


class BoundedASGIHandler(ASGIHandler):
    def __init__(self):
        super().__init__()
        self.slots = asyncio.Semaphore(settings.WEB_CONCURRENT_REQUESTS)

    async def run_get_response(self, request):
        async with self.slots:
            response = await super().run_get_response(request)
            # The connection goes back to the pool with the slot, not once the answer has
            # reached a slow reader (it is read again if the answer streams from the database).
            await sync_to_async(close_old_connections)()
        return response
