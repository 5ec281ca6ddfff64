from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from rotative.classifieds import categories as c
from rotative.classifieds import formatting, selectors

register = template.Library()

SIDE_CACHE_KEY = "classifieds:side-blocks"
SIDE_CACHE_SECONDS = 60


# One way to write numbers everywhere (classifieds.formatting): `61 000 km`, `120 600 €`.
register.filter("thousands", formatting.thousands)
register.filter("euros", formatting.euros)
register.filter("ad_price", formatting.ad_price)
register.filter("ad_facts", formatting.ad_facts)
register.filter("ads_count", formatting.ads_count_label)


@register.filter
def owner_actions(ad, user) -> frozenset[str]:
    """The owner's buttons the ad allows (Ad.owner_actions, the rule the services apply)."""
    return ad.owner_actions(user)


@register.simple_tag
def classifieds_side_blocks():
    """Immobilier, Automobile, Bonnes affaires in the side column, kept a minute."""
    html = cache.get(SIDE_CACHE_KEY)
    if html is None:
        ads = selectors.ads_for_side_blocks(per_category=4)
        html = render_to_string(
            "classifieds/sidebar.html",
            {"blocks": [(value, label, ads[value]) for value, label in c.Category.choices]},
        )
        cache.set(SIDE_CACHE_KEY, html, SIDE_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 (rendered by our own template, escaped there)
