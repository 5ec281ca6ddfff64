from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from rotative.core import chrome
from rotative.live import selectors
from rotative.live.models import SITE_CHANNEL

register = template.Library()

# The abbreviations of French typography (Django's locale gives "Nov" for novembre).
DAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
MONTHS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)


@register.filter
def live_time(value):
    """`14h05` today, `hier, 14h05`, then `lun. 23 nov., 14h05` (Paris time)."""
    if not value:
        return ""
    value = timezone.localtime(value)
    today = timezone.localdate()
    clock = f"{value:%H}h{value:%M}"
    if value.date() == today:
        return clock
    if value.date() == today - timedelta(days=1):
        return f"hier, {clock}"
    number = "1er" if value.day == 1 else value.day
    return f"{DAYS[value.weekday()]} {number} {MONTHS[value.month - 1]}, {clock}"


@register.inclusion_tag("live/sidebar.html", takes_context=True)
def live_sidebar(context):
    """The latest entries for the side column of every page, pushed like the feed (kept
    rendered a few seconds: selectors.sidebar_entries)."""
    cached = chrome.memo("live_sidebar", selectors.sidebar_entries)
    return {
        "request": context.get("request"),
        "items": mark_safe(cached["items"]),  # noqa: S308 (rendered by our own templates)
        "last_event_id": cached["last_event_id"],
        "channel": SITE_CHANNEL,
        "max_entries": selectors.SIDEBAR_SIZE + 4,
    }
