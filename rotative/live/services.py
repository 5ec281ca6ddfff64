"""Writes of En direct: publish, edit and delete entries; every change is an event to push."""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from rotative.core import chrome
from rotative.core.signals import breaking_entry_posted
from rotative.live import broker
from rotative.live.models import SITE_CHANNEL, LiveEntry, LiveEvent

TEXT_MAX_LENGTH = 600  # characters a reader reads, markup aside


class LiveEntryError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _check_body(body: str) -> str:
    text = re.sub(r"\s+", " ", strip_tags(body or "")).strip()
    if not text:
        raise LiveEntryError(_("L'entrée est vide : écrivez au moins une phrase."))
    if len(text) > TEXT_MAX_LENGTH:
        raise LiveEntryError(
            _("Une entrée du direct tient en %(max)d caractères (%(count)d ici).")
            % {"max": TEXT_MAX_LENGTH, "count": len(text)}
        )
    return body


@transaction.atomic
def live_entry_publish(
    *,
    author,
    body: str,
    label=None,
    article=None,
    image=None,
    is_breaking: bool = False,
    channel: str = SITE_CHANNEL,
) -> LiveEntry:
    entry = LiveEntry.objects.create(
        channel=channel,
        body=_check_body(body),
        label=label,
        article=article,
        image=image,
        is_breaking=is_breaking,
        author=author,
    )
    _record(entry, LiveEvent.Action.CREATED, banner=entry.is_breaking)
    _alert_if_breaking(entry)
    return entry


EDITABLE_FIELDS = ("body", "label", "article", "image", "is_breaking")


@transaction.atomic
def live_entry_edit(*, entry: LiveEntry, **changes) -> LiveEntry:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    if "body" in changes:
        changes["body"] = _check_body(changes["body"])
    was_breaking = entry.is_breaking
    for name, value in changes.items():
        setattr(entry, name, value)
    entry.updated_at = timezone.now()
    entry.save()
    _record(entry, LiveEvent.Action.UPDATED, banner=was_breaking or entry.is_breaking)
    _alert_if_breaking(entry)
    return entry


@transaction.atomic
def live_entry_delete(*, entry: LiveEntry) -> None:
    """Kept as a tombstone, so that pages opened before see it go, even after a reconnection."""
    entry.deleted_at = timezone.now()
    entry.save(update_fields=["deleted_at"])
    _record(entry, LiveEvent.Action.DELETED, banner=entry.is_breaking)


def _alert_if_breaking(entry: LiveEntry) -> None:
    """A flagged entry is announced (core.signals.breaking_entry_posted) when it is posted or
    when an edit sets the flag; the newsletter listens and sends the alert (mail and Web Push)
    after the commit, never twice for the same entry. Only from a feed readers may follow.

    Sent in the publishing transaction: what the listeners write is rolled back with it."""
    if entry.is_breaking:
        from rotative.live.selectors import live_channel_is_public

        if not live_channel_is_public(channel=entry.channel):
            return  # a draft blog's post stays private: no alert tells the world of it

        breaking_entry_posted.send(sender=LiveEntry, entry=entry)


def _record(entry: LiveEntry, action: str, *, banner: bool = False) -> None:
    """`banner`: the change may change the « Alerte info » banner on every page, which
    shared caches keep: purge them now, and when the alert ends."""
    from rotative.live.selectors import sidebar_forget
    from rotative.news import services as news_services
    from rotative.news.models.pages import BREAKING_DEFAULT_DURATION

    event = LiveEvent.objects.create(channel=entry.channel, entry=entry, action=action)
    # The side column and the banner of every page (core.chrome): this process reads the
    # change at once, the others after the commit.
    chrome.edition_bump()

    def announce():
        sidebar_forget()
        broker.announce(event_id=event.id)
        if banner:
            news_services.banner_purge()

    transaction.on_commit(announce)
    if banner and entry.is_breaking and entry.deleted_at is None:
        news_services.banner_purge_schedule(at=entry.published_at + BREAKING_DEFAULT_DURATION)
