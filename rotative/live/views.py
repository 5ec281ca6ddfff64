"""En direct for readers: the page, the push stream (SSE) and its polling fallback."""

import asyncio
import re

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import Http404, HttpResponseNotModified, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from rotative.live import selectors
from rotative.live.hub import hub
from rotative.live.models import SITE_CHANNEL, LiveLabel

CHANNEL = re.compile(r"^(site|blog-\d{1,10})$")
HEARTBEAT_SECONDS = 15


def _channel(request) -> str:
    channel = request.GET.get("canal", SITE_CHANNEL)
    if not CHANNEL.match(channel):
        raise Http404
    return channel


def _last_id(request) -> int:
    value = request.headers.get("Last-Event-ID") or request.GET.get("depuis") or ""
    return int(value) if value.isdigit() else 0


@require_GET
def feed_page(request):
    label = None
    if request.GET.get("etiquette"):
        label = get_object_or_404(LiveLabel, slug=request.GET["etiquette"])
    before = request.GET.get("avant")
    entries = selectors.entries_feed(
        channel=SITE_CHANNEL,
        label=label,
        before=int(before) if before and before.isdigit() else None,
        limit=selectors.FEED_PAGE_SIZE + 1,
    )
    more = len(entries) > selectors.FEED_PAGE_SIZE
    entries = entries[: selectors.FEED_PAGE_SIZE]
    return render(
        request,
        "live/feed_page.html",
        {
            "entries": entries,
            "labels": LiveLabel.objects.all(),
            "label": label,
            "next_before": entries[-1].pk if more and entries else None,
            "first_page": before is None,
            "last_event_id": selectors.last_event_id(channel=SITE_CHANNEL),
        },
    )


async def stream(request):
    """Server-Sent Events: what happened since Last-Event-ID, then every change as it comes."""
    channel = _channel(request)
    last_id = _last_id(request)
    return StreamingHttpResponse(
        _events(channel, last_id),
        content_type="text/event-stream",
        headers={"Cache-Control": "no-cache, no-store", "X-Accel-Buffering": "no"},
    )


async def _events(channel: str, last_id: int):
    subscription = await hub.subscribe(channel)
    try:
        yield f"retry: {settings.LIVE_RETRY_MS}\n\n".encode()
        if last_id:
            missed = await sync_to_async(selectors.messages_after_closing, thread_sensitive=False)(
                last_id=last_id, channel=channel
            )
            for message in missed:
                last_id = message.id
                yield message.frame
        while not subscription.overflowed:
            try:
                message = await asyncio.wait_for(subscription.queue.get(), HEARTBEAT_SECONDS)
            except TimeoutError:
                yield b": ping\n\n"  # keeps proxies from closing an idle connection
                continue
            if message.id > last_id:
                last_id = message.id
                yield message.frame
    finally:
        hub.unsubscribe(subscription)


@require_GET
def poll(request):
    """For pages without a push connection: cheap when nothing changed (304 Not Modified)."""
    channel = _channel(request)
    last_id = _last_id(request)
    newest = selectors.last_event_id(channel=channel)
    etag = f'"{channel}-{newest}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        messages = (
            selectors.messages_after(last_id=last_id, channel=channel) if newest > last_id else []
        )
        response = JsonResponse(
            {"last": newest, "events": [message.payload for message in messages]}
        )
    response["ETag"] = etag
    patch_cache_control(response, no_cache=True, max_age=0)
    return response
