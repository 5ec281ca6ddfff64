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

`{% held "name" site_wide %}`: a piece that shows nothing of the page either (the side
column, what the head says of the app), held once for the whole site, or once per part of it
(its URL namespace: the agenda's own pages leave out its side block).

A held piece may carry the request's CSP nonce (its scripts): it is rendered with a marker in
its place, which each request replaces with its own nonce. Never a CSRF token: a form that
posts is rendered for each reader (« Lire plus tard »).
"""

import secrets

from django import template
from django.utils.safestring import mark_safe

from rotative.core import chrome

register = template.Library()

# A few pieces per address read: the articles of the moment, the sections, La Une.
_store = chrome.Store(max_entries=1000)

# Where a held piece had the request's nonce; unguessable, so that no text can carry it.
NONCE_MARKER = f"nonce-{secrets.token_hex(16)}"


class _MarkedNonce:
    """The request as the held piece's templates see it: its nonce is the marker."""

    csp_nonce = NONCE_MARKER

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return getattr(self._request, name)


class HeldNode(template.Node):
    def __init__(self, name: str, nodelist, *, site_wide: bool = False):
        self.name = name
        self.nodelist = nodelist
        self.site_wide = site_wide

    def render(self, context):
        request = context.get("request")
        if not holdable(request):
            return self.nodelist.render(context)

        def render_marked() -> str:
            with context.push(request=_MarkedNonce(request)):
                return str(self.nodelist.render(context))

        html = chrome.memo(
            f"held:{self.name}",
            render_marked,
            key=(chrome.site_key(request), _part(request) if self.site_wide else request.path),
            store=_store,
        )
        if NONCE_MARKER in html:
            html = html.replace(NONCE_MARKER, str(request.csp_nonce))
        return mark_safe(html)  # noqa: S308 (rendered by the template, escaped there)


def _part(request) -> tuple[str]:
    match = getattr(request, "resolver_match", None)
    return (match.namespace if match else "",)


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
    site_wide = bits[2:] == ["site_wide"]
    if (
        len(bits) not in (2, 3)
        or (len(bits) == 3 and not site_wide)
        or bits[1][0] not in "\"'"
        or bits[1][0] != bits[1][-1]
    ):
        raise template.TemplateSyntaxError('{% held "name" [site_wide] %} takes a quoted name')
    nodelist = parser.parse(("endheld",))
    parser.delete_first_token()
    return HeldNode(bits[1][1:-1], nodelist, site_wide=site_wide)
