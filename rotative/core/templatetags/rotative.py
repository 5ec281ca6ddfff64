"""Template helpers for French dates and structured data."""

import json

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.safestring import mark_safe

from rotative.core.seo import absolute, description_trim

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.filter
def date_fr(value, with_time=True):
    """`lundi 15 août 2016 à 14h05`, Paris time, `1er` for the first of the month."""
    if not value:
        return ""
    value = timezone.localtime(value)
    day = "1er" if value.day == 1 else str(value.day)
    text = f"{date_format(value, 'l')} {day} {date_format(value, 'F Y')}"
    if with_time:
        text += f" à {value:%H}h{value:%M}"
    return text


@register.filter
def time_fr(value):
    """`14h05`, Paris time."""
    if not value:
        return ""
    value = timezone.localtime(value)
    return f"{value:%H}h{value:%M}"


@register.filter
def iso_datetime(value):
    """`2016-08-15T14:05:09+02:00` for `<time datetime>` and feeds: Paris time, whole seconds
    (HTML's valid date strings allow fractions, but validators and some readers trip on
    microseconds)."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.filter
def alt_beside(image, caption=""):
    """`{% with alt=image|alt_beside:caption %}`: CustomImage.alt_beside."""
    return image.alt_beside(caption or "") if image else ""


@register.filter
def absolute_url(url):
    """A rendition's or a view's URL as robots want it: with the site's address."""
    return absolute(url or "")


@register.filter
def meta_description(text):
    """A text as a <meta name="description">: one line, ~160 characters, cut on a word."""
    return description_trim(str(text or ""))


@register.filter
def jsonld(data):
    """JSON for a <script type="application/ld+json"> element, safe inside HTML."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308 (<>& escaped)


@register.simple_tag(takes_context=True)
def slot_templates(context, name):
    parts = context.get("site_parts")
    return parts.slot(name) if parts else []
