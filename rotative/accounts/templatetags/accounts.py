from django import template
from django.urls import reverse

from rotative.accounts import selectors

register = template.Library()


@register.simple_tag
def display_name(user) -> str:
    return selectors.display_name_of(user=user)


@register.simple_tag(takes_context=True)
def return_to(context) -> str:
    """Where logging in, signing up or out brings the reader back: this page, unless it is
    an account page itself (back to the login form after logging in would go round)."""
    request = context.get("request")
    if request is None or request.path.startswith(reverse("accounts_profile")):
        return ""
    return request.get_full_path()
