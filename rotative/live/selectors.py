"""Reads of En direct: the feed, and events rendered once for every connection to share."""

import json
from dataclasses import dataclass

from django.db import connection
from django.template.loader import render_to_string

from rotative.live.models import LiveEntry, LiveEvent, LiveLabel

FEED_PAGE_SIZE = 20
SIDEBAR_SIZE = 6
REPLAY_LIMIT = 500


def entries_feed(
    *,
    channel: str,
    label: LiveLabel | None = None,
    before: int | None = None,
    limit: int = FEED_PAGE_SIZE,
) -> list[LiveEntry]:
    """Visible entries, newest first; `before` (an entry id) gives the next, older, page."""
    entries = (
        LiveEntry.objects.visible()
        .in_channel(channel)
        .select_related("label", "article", "image", "author")
        .order_by("-published_at", "-pk")
    )
    if label is not None:
        entries = entries.filter(label=label)
    if before is not None:
        anchor = LiveEntry.objects.filter(pk=before).values_list("published_at", flat=True).first()
        if anchor is not None:
            entries = entries.filter(published_at__lte=anchor).exclude(pk__gte=before)
    return list(entries[:limit])


def last_event_id(*, channel: str | None = None) -> int:
    events = (
        LiveEvent.objects.all() if channel is None else LiveEvent.objects.filter(channel=channel)
    )
    return events.order_by("-id").values_list("id", flat=True).first() or 0


@dataclass(frozen=True)
class Message:
    """One event as sent to readers: an SSE frame and the same as JSON, made once."""

    id: int
    channel: str
    frame: bytes
    payload: dict


def _message(event: LiveEvent) -> Message:
    entry = event.entry
    gone = event.action == LiveEvent.Action.DELETED or entry.deleted_at is not None
    payload = {
        "id": event.id,
        "action": "deleted" if gone else event.action,
        "entry": entry.pk,
        "label": entry.label.slug if entry.label else "",
        "html": "" if gone else render_to_string("live/entry.html", {"entry": entry}),
    }
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    frame = f"id: {event.id}\nevent: entry\ndata: {data}\n\n".encode()
    return Message(id=event.id, channel=event.channel, frame=frame, payload=payload)


def messages_after(
    *, last_id: int, channel: str | None = None, limit: int = REPLAY_LIMIT
) -> list[Message]:
    events = LiveEvent.objects.filter(id__gt=last_id).select_related(
        "entry__label", "entry__article", "entry__image", "entry__author"
    )
    if channel is not None:
        events = events.filter(channel=channel)
    return [_message(event) for event in events.order_by("id")[:limit]]


def messages_after_closing(**kwargs) -> list[Message]:
    """For the hub's worker threads, which have no request cycle to close their connection."""
    try:
        return messages_after(**kwargs)
    finally:
        connection.close()


def last_event_id_closing() -> int:
    try:
        return last_event_id()
    finally:
        connection.close()
