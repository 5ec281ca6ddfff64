"""An article's own parts, rendered once and held by each web process.

What an article page shows of the article itself (its head's OpenGraph and structured data,
its header, picture and corrections, body and tags) is the same for every reader until the
article is published again. Reading and rendering it cost most of the page: six queries, and
a template for each block of its body. Each process holds the parts it rendered under the article's
publication (Wagtail's `Page.cache_key`: its id, path and last publication) and the site's
edition (core.chrome: any page saved, the paper's identity, a section renamed starts a new
one), for at most `chrome.MEMO_SECONDS`, which also bounds how long a change made elsewhere
(a picture's caption or an author's name in the admin) takes to show.

Never held: a preview (an editor's draft), and what differs between readers (the comments'
count, « Lire plus tard », the forms): those are the page template's, around the parts.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from rotative.core import chrome

TEMPLATES = {
    "head": "pages/article/head.html",
    "header": "pages/article/header.html",
    "media": "pages/article/media.html",
    "body": "pages/article/body.html",
    "tags": "pages/article/tags.html",
}
# Many articles are read at once, each with its parts: held apart from the chrome's pieces,
# the least recently read dropped first (a process holds about 30 KB per article).
_store = chrome.Store(max_entries=300)


def parts(request, article, *, names, context) -> dict[str, SafeString]:
    """The article's parts named, as HTML; `context()` gives what their templates read."""

    def render():
        from rotative.core.templatetags.rotative import jsonld

        data = context()
        rendered = {name: render_to_string(TEMPLATES[name], data) for name in names}
        rendered["jsonld"] = jsonld(data["jsonld"])
        return rendered

    if getattr(request, "is_preview", False):  # an editor's draft: never what is held
        return render()
    return chrome.memo(
        "article_parts",
        render,
        key=(chrome.site_key(request), article.pk, article.cache_key, names),
        store=_store,
    )
