"""Reads of En direct: the feed, the side column kept rendered for every page, and events
rendered once for every connection to share."""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator

from rotative.core import chrome
from rotative.core.models import CustomImage
from rotative.core.site_parts import Alert
from rotative.live.models import SITE_CHANNEL, LiveBlogPage, LiveEntry, LiveEvent, LiveLabel

FEED_PAGE_SIZE = 20
SIDEBAR_SIZE = 6
SIDEBAR_CACHE_KEY = "live:sidebar"
SIDEBAR_CACHE_SECONDS = 5
REPLAY_LIMIT = 500
BLOG_CHANNEL = re.compile(r"^blog-(\d{1,10})$")
# The rendition live/entry.html shows: fetched with the entries, one query for all of them,
# instead of one per pictured entry whenever Wagtail's rendition cache is cold.
ENTRY_RENDITIONS = ("fill-480x270|format-webp",)


def _entry_images(lookup: str = "image") -> Prefetch:
    return Prefetch(lookup, queryset=CustomImage.objects.prefetch_renditions(*ENTRY_RENDITIONS))


def live_channels_public(*, channels: Iterable[str]) -> set[str]:
    """Which of `channels` readers may follow: the site's feed, and the live blogs that are
    published and not in a private section (password, login or group restriction).

    Asked at every read, never stored with the entries: a blog's posts appear when it is
    published and disappear when it is unpublished or made private.
    """
    channels = set(channels)
    public = {SITE_CHANNEL} & channels
    ids = {int(match[1]) for channel in channels if (match := BLOG_CHANNEL.match(channel))}
    if ids:
        blogs = LiveBlogPage.objects.live().public().filter(pk__in=ids)
        public |= {f"blog-{pk}" for pk in blogs.values_list("pk", flat=True)}
    return public


def live_channel_is_public(*, channel: str) -> bool:
    return channel in live_channels_public(channels=[channel])


def entry_path(entry: LiveEntry, request=None) -> str:
    """Where a reader reads `entry`: its article once published, else the entry in its feed."""
    if entry.article_id and entry.article.live:
        return entry.article.get_url(request) or "/"
    if entry.channel == SITE_CHANNEL:
        feed = reverse("live:feed")
    elif match := BLOG_CHANNEL.match(entry.channel):
        blog = LiveBlogPage.objects.filter(pk=match[1]).first()
        feed = (blog.get_url(request) if blog else None) or reverse("live:feed")
    else:  # a malformed record: no address to give (its alert fails, alone)
        raise ValueError(f"Unknown live channel: {entry.channel!r}")
    return f"{feed}#direct-{entry.pk}"


def breaking_entry(*, candidates: int = 5) -> LiveEntry | None:
    """The newest current alert of En direct that readers may follow (a draft blog's is not)."""
    entries = list(
        LiveEntry.objects.breaking_now()
        .select_related("article")
        .order_by("-published_at", "-pk")[:candidates]
    )
    if not entries:
        return None
    public = live_channels_public(channels={entry.channel for entry in entries})
    return next((entry for entry in entries if entry.channel in public), None)


BANNER_TITLE_LENGTH = 140


def breaking_alert(request=None) -> Alert | None:
    """The banner's alert from En direct (registered in LiveConfig.ready)."""
    entry = breaking_entry()
    if entry is None:
        return None
    text = re.sub(r"\s+", " ", strip_tags(entry.body)).strip()
    return Alert(
        Truncator(text).chars(BANNER_TITLE_LENGTH), entry_path(entry, request), entry.published_at
    )


def live_blogs_open_to_post():
    """The live blogs the desk offers: published, public, not ended, newest first.

    A draft blog is prepared on its page (summary, title) and gets its posts once published:
    posts cannot be kept private once the push is open, so the desk does not offer it."""
    return (
        LiveBlogPage.objects.live().public().exclude(state=LiveBlogPage.State.ENDED).order_by("-pk")
    )


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
        .select_related("label", "article", "author")
        .prefetch_related(_entry_images())
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


def sidebar_entries() -> dict:
    """The side column's latest entries of the site's feed, rendered (`items`), and the event
    id they were rendered at (`last_event_id`), from which the page's push resumes.

    On every page, so kept rendered for a few seconds: dropped at each change of this process
    (sidebar_forget); another process's change shows at once through the push.
    """
    cached = cache.get(SIDEBAR_CACHE_KEY)
    if cached is None:
        entries = entries_feed(channel=SITE_CHANNEL, limit=SIDEBAR_SIZE)
        cached = {
            "items": "".join(
                render_to_string("live/entry.html", {"entry": entry}) for entry in entries
            ),
            "last_event_id": last_event_id(channel=SITE_CHANNEL),
        }
        cache.set(SIDEBAR_CACHE_KEY, cached, SIDEBAR_CACHE_SECONDS)
    return cached


def sidebar_forget() -> None:
    cache.delete(SIDEBAR_CACHE_KEY)
    chrome.edition_bump()


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


@dataclass(frozen=True)
class Batch:
    """Events read after an id: the public ones as messages, and the last id read (public or
    not), so that a run of private events is passed over instead of read again forever."""

    messages: list[Message]
    last_read: int
    private_channels: set[str]
    full: bool


def message_batch_after(
    *, last_id: int, channel: str | None = None, limit: int = REPLAY_LIMIT
) -> Batch:
    events = (
        LiveEvent.objects.filter(id__gt=last_id)
        .select_related("entry__label", "entry__article", "entry__author")
        .prefetch_related(_entry_images("entry__image"))
    )
    if channel is not None:
        events = events.filter(channel=channel)
    events = list(events.order_by("id")[:limit])
    channels = {event.channel for event in events}
    public = live_channels_public(channels=channels)
    return Batch(
        messages=[_message(event) for event in events if event.channel in public],
        last_read=events[-1].id if events else last_id,
        private_channels=channels - public,
        full=len(events) == limit,
    )


def messages_after(
    *, last_id: int, channel: str | None = None, limit: int = REPLAY_LIMIT
) -> list[Message]:
    """What readers may see after `last_id`: events of private channels are left out."""
    return message_batch_after(last_id=last_id, channel=channel, limit=limit).messages


def messages_after_closing(**kwargs) -> list[Message]:
    """For the hub's worker threads, which have no request cycle to close their connection."""
    try:
        return messages_after(**kwargs)
    finally:
        connection.close()


def message_batch_after_closing(**kwargs) -> Batch:
    try:
        return message_batch_after(**kwargs)
    finally:
        connection.close()


def live_channel_is_public_closing(*, channel: str) -> bool:
    try:
        return live_channel_is_public(channel=channel)
    finally:
        connection.close()


def last_event_id_closing() -> int:
    try:
        return last_event_id()
    finally:
        connection.close()
