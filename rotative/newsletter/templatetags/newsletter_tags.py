"""The sign-up form of the article page and of the footer: the same form, two headings."""

from django import template

from rotative.newsletter.forms import SignupForm
from rotative.newsletter.services import signup_wording

register = template.Library()


@register.inclusion_tag("components/newsletter_signup.html", takes_context=True)
def newsletter_signup(context, place: str):
    request = context.get("request")
    # The page's own path, the same for every reader: public pages stay cacheable.
    source = request.path if request is not None else ""
    return {
        "place": place,
        "form": SignupForm(initial={"source": source}),
        "wording": signup_wording(),
    }
