"""En direct for readers: the page, the push stream (SSE) and its polling fallback."""

from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from rotative.core.utils import parse_id
from rotative.live import selectors, streaming
from rotative.live.hub import hub
from rotative.live.models import SITE_CHANNEL, LiveLabel


def _channel(request) -> str:
    """The site's feed, or a live blog readers may follow (published and public)."""
    channel = request.GET.get("canal", SITE_CHANNEL)
    if not streaming.CHANNEL.match(channel):
        raise Http404
    if channel != SITE_CHANNEL and not selectors.live_channel_is_public(channel=channel):
        raise Http404
    return channel


def _last_id(request) -> int:
    return streaming.last_event_id(request.headers.get("Last-Event-ID"), request.GET.get("depuis"))


@require_GET
def feed_page(request):
    label = None
    if request.GET.get("etiquette"):
        label = get_object_or_404(LiveLabel, slug=request.GET["etiquette"])
    before = request.GET.get("avant")
    entries = selectors.entries_feed(
        channel=SITE_CHANNEL,
        label=label,
        before=parse_id(before),
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
    """Server-Sent Events (rotative/asgi.py serves this path without Django; see streaming)."""
    if "wsgi.version" in request.META:
        # Under WSGI (runserver, a test server) an endless stream would hold a thread and a
        # worker for as long as the page is open, and keep the process from exiting: the
        # page's script falls back to polling on this answer.
        return HttpResponse(
            "Push needs the ASGI server; poll instead.", status=503, content_type="text/plain"
        )
    channel = request.GET.get("canal", SITE_CHANNEL)
    if not streaming.CHANNEL.match(channel) or not await streaming.channel_is_public(channel):
        raise Http404
    last_id = _last_id(request)
    return StreamingHttpResponse(
        _events(channel, last_id),
        content_type="text/event-stream",
        headers={"Cache-Control": "no-cache, no-store", "X-Accel-Buffering": "no"},
    )


async def _events(channel: str, last_id: int):
    subscription = await hub.subscribe(channel)
    try:
        async for chunk in streaming.events(subscription, last_id):
            yield chunk
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
