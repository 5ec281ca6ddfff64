from django import template

from rotative.mobile import selectors

register = template.Library()


@register.simple_tag
def app_head(site_name: str) -> dict:
    """What every page's <head> says of the app (templates/mobile/head.html)."""
    return {
        "theme": selectors.theme_colours()["theme"],
        "short_name": selectors.short_name(site_name),
        "icon": selectors.icon_url(site_name, "192"),
        "apple_touch_icon": selectors.apple_touch_icon_url(site_name),
    }
