"""`{% held "name" %}…{% endheld %}`: a part of the layout rendered once per edition and
page address for every anonymous reader, then held by the process (core.chrome).

The header and the footer cost about a fifth of an article page's time in process (two
dozen translated strings and reversed addresses, the newsletter form) and show an anonymous
reader nothing of their own: anonymous pages are kept by shared caches, so nothing in them
may depend on who asks (accounts/header_account.html). What they show of the page (the
section marked current, the way back after logging in, the newsletter form's source)
depends on its address only.

Rendered for each request instead: a logged-in reader (their name, the logout form), an
address with a query string (the search words in the header, the way back with them), an
editor's preview, and anything but GET and HEAD.
"""

from django import template
from django.utils.safestring import mark_safe

from rotative.core import chrome

register = template.Library()

# A few pieces per address read: the articles of the moment, the sections, La Une.
_store = chrome.Store(max_entries=1000)


class HeldNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        if not holdable(request):
            return self.nodelist.render(context)
        html = chrome.memo(
            f"held:{self.name}",
            lambda: str(self.nodelist.render(context)),
            key=(chrome.site_key(request), request.path),
            store=_store,
        )
        return mark_safe(html)  # noqa: S308 (rendered by the template, escaped there)


def holdable(request) -> bool:
    if request is None or request.method not in ("GET", "HEAD") or request.GET:
        return False
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    return user is not None and not user.is_authenticated


@register.tag("held")
def do_held(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('{% held "name" %} takes a quoted name')
    nodelist = parser.parse(("endheld",))
    parser.delete_first_token()
    return HeldNode(bits[1][1:-1], nodelist)
