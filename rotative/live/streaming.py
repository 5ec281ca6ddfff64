"""The Server-Sent Events stream itself, and the bare ASGI app that serves it.

`/en-direct/flux/` is answered by `stream_app` before Django (see rotative/asgi.py): a push
stream stays open for hours, and Django's handler keeps a thread and several layers per open
request, which cost CPU on every event sent to thousands of readers. The Django view
(`live.views.stream`) serves the same stream where the bare app is not mounted.
"""

import asyncio
import re
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from django.conf import settings

from rotative.core.utils import parse_id
from rotative.live import selectors
from rotative.live.hub import CLOSE, PING, Subscription, hub
from rotative.live.models import SITE_CHANNEL

PATH = "/en-direct/flux/"
CHANNEL = re.compile(r"^(site|blog-\d{1,10})$")
HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache, no-store"),
    (b"x-accel-buffering", b"no"),  # nginx: pass each event on at once
    (b"x-content-type-options", b"nosniff"),
    # Served beside Django, so without its security middleware: a stream is no document, but
    # nothing may load or frame it either.
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
]


def last_event_id(header: str | None, since: str | None) -> int:
    return parse_id(header or since) or 0


async def channel_is_public(channel: str) -> bool:
    """A draft or private live blog has no stream: its posts stay on the desk."""
    if channel == SITE_CHANNEL:
        return True
    return await sync_to_async(selectors.live_channel_is_public_closing, thread_sensitive=False)(
        channel=channel
    )


async def events(subscription: Subscription, last_id: int):
    """The stream's bytes: the retry delay, what was missed since `last_id`, then the push."""
    yield f"retry: {settings.LIVE_RETRY_MS}\n\n".encode()
    if last_id:
        missed = await sync_to_async(selectors.messages_after_closing, thread_sensitive=False)(
            last_id=last_id, channel=subscription.channel
        )
        for message in missed:
            last_id = message.id
            yield message.frame
    while True:
        item = await subscription.queue.get()
        if item is CLOSE:
            return
        if item is PING:
            yield b": ping\n\n"
        elif item.id > last_id:
            last_id = item.id
            yield item.frame
        if subscription.overflowed and subscription.queue.empty():
            return  # fell behind: the browser reconnects and replays from last_id


async def stream_app(scope, receive, send) -> None:
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    channel = query.get("canal", ["site"])[0]
    if scope["method"] not in ("GET", "HEAD") or not CHANNEL.match(channel):
        await _refuse(send, 405 if CHANNEL.match(channel) else 404)
        return
    if not await channel_is_public(channel):
        await _refuse(send, 404)
        return
    headers = dict(scope.get("headers", []))
    header = headers.get(b"last-event-id", b"").decode("latin-1")
    since = query.get("depuis", [""])[0]
    subscription = await hub.subscribe(channel)

    async def watch_disconnect():
        while (await receive())["type"] != "http.disconnect":
            pass
        subscription.close()

    watcher = asyncio.create_task(watch_disconnect())
    try:
        await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
        async for chunk in events(subscription, last_event_id(header, since)):
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    except OSError:  # the reader went away mid-write
        pass
    finally:
        watcher.cancel()
        hub.unsubscribe(subscription)


async def _refuse(send, status: int) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": b"Not found" if status == 404 else b""})
