from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from rotative.classifieds import categories as c
from rotative.classifieds import selectors

register = template.Library()

SIDE_CACHE_KEY = "classifieds:side-blocks"
SIDE_CACHE_SECONDS = 60


@register.filter
def euros(value):
    """`120 600 €`: French thousands separator (narrow no-break space) and euro sign."""
    if value in (None, ""):
        return ""
    return f"{int(value):,}".replace(",", "\u202f") + "\u00a0€"


@register.simple_tag
def classifieds_side_blocks():
    """Immobilier, Automobile, Bonnes affaires in the side column, kept a minute."""
    html = cache.get(SIDE_CACHE_KEY)
    if html is None:
        ads = selectors.ads_for_side_blocks()
        html = render_to_string(
            "classifieds/sidebar.html",
            {"blocks": [(value, label, ads[value]) for value, label in c.Category.choices]},
        )
        cache.set(SIDE_CACHE_KEY, html, SIDE_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 (rendered by our own template, escaped there)
