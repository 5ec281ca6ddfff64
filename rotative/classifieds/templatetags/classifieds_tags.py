from django import template
from django.utils.safestring import mark_safe

from rotative.classifieds import formatting, selectors
from rotative.core import chrome

register = template.Library()


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
    """Immobilier, Automobile, Bonnes affaires in the side column (selectors.side_blocks_html)."""
    html = chrome.memo("classifieds_side", selectors.side_blocks_html)
    return mark_safe(html)  # noqa: S308 (our template, escaped there)
