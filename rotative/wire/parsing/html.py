"""Agency bodies (XHTML, NITF, escaped HTML, plain text) to the safe HTML subset of Rotative.

Two passes. First a small renderer walks the lxml tree and writes HTML with only the tags we keep,
mapping the vocabularies (NITF `hl2` → `h2`, `bq` → `blockquote`, `block` unwrapped; XHTML `h1`
→ `h2`, `h5`/`h6` → `h4`), dropping metadata and active content with everything inside it
(`script`, `style`, `head`, XHTML `header`, NITF `media`…), unwrapping anything else, and
wrapping bare text of containers into paragraphs. Then nh3 (ammonia) cleans the result against
the same allow-list, so the guarantee never rests on the renderer alone: only p, br, h2-h4,
blockquote, ul, ol, li, a, b, strong, i, em, sub, sup survive, with no attribute but `href` on
`a` (http, https and mailto only; relative links dropped) and rel="noopener noreferrer nofollow".
"""

from __future__ import annotations

import re
from html import escape

import nh3
from lxml import etree

from . import signoff
from .xml import local

ALLOWED_TAGS = frozenset(
    {"p", "br", "h2", "h3", "h4", "blockquote", "ul", "ol", "li"}
    | {"a", "b", "strong", "i", "em", "sub", "sup"}
)
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"

_RENAME = {
    "h1": "h2",
    "hl1": "h2",
    "hl2": "h2",
    "h5": "h4",
    "h6": "h4",
    "bq": "blockquote",
    "tr": "p",
    "dt": "p",
    "dd": "p",
    "pre": "p",
    "address": "p",
    "figcaption": "p",
    "caption": "p",
    "credit": "p",  # NITF bq/credit
}
# Removed with all their content.
_DROP = frozenset(
    {
        "script",
        "style",
        "head",
        "title",
        "meta",
        "link",
        "base",
        "template",
        "noscript",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "form",
        "button",
        "input",
        "select",
        "textarea",
        "svg",
        "math",
        "img",
        "picture",
        "video",
        "audio",
        "source",
        "track",
        "canvas",
        "map",
        "header",  # XHTML bodies of dpa repeat headline, slugline and keywords there
        "nav",
        "body.head",  # NITF: hedline, byline, abstract — taken from the item metadata instead
        "body.end",
        "media",  # NITF media-reference/media-caption
        "fn",
        "note",
    }
)
# Tags kept as blocks; p and headings take inline content, the others may hold blocks.
_BLOCKS = frozenset({"p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li"})
_INLINE = frozenset({"a", "b", "strong", "i", "em", "sub", "sup", "br"})
# Transparent containers: their bare text becomes paragraphs.
_CONTAINERS = frozenset(
    {
        "html",
        "body",
        "body.content",
        "div",
        "section",
        "article",
        "main",
        "aside",
        "footer",
        "figure",
        "block",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "dl",
        "nitf",
        "datacontent",
        "inlinexml",
    }
)
_MAX_DEPTH = 120  # below this, an element is flattened to its text (libxml2 stops at 256)

_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},
    attributes={"a": {"href"}},
    url_schemes=set(LINK_SCHEMES),
    url_relative="deny",
    link_rel=LINK_REL,
    strip_comments=True,
)

_SPACES = re.compile(r"[ \t\r\n]+")
_BLOCK_TAGS = "|".join(sorted(_BLOCKS | {"br"}))
_AROUND_BLOCKS = re.compile(rf" ?(</?(?:{_BLOCK_TAGS})>) ?")
_EMPTY_BLOCK = re.compile(
    r"<(p|h2|h3|h4|li|blockquote|ul|ol|b|strong|i|em|sub|sup)>(?:\s|&nbsp;|<br>)*</\1>"
)
_LEADING_BR = re.compile(r"<p>(?:<br>)+|(?:<br>)+</p>")


def _name(el: etree._Element) -> str:
    name = local(el).lower()
    return _RENAME.get(name, name)


def safe_href(value: str | None) -> str:
    """The link target if its scheme is http, https or mailto; "" otherwise (relative too)."""
    if not value:
        return ""
    href = "".join(ch for ch in value.strip() if ch > " " and ch != "\x7f")
    scheme, colon, rest = href.partition(":")
    if not colon or not rest or scheme.lower() not in LINK_SCHEMES:
        return ""
    return href


def _text(value: str | None) -> str:
    return escape(value, quote=False) if value else ""


class _Renderer:
    def __init__(self) -> None:
        self.out: list[str] = []

    def flow(self, el: etree._Element, depth: int) -> None:
        """Render the children of a container: bare text and inline runs become paragraphs."""
        pending: list[str] = [_text(el.text)]

        def flush() -> None:
            run = "".join(pending)
            if run.strip():
                self.out.append(f"<p>{run}</p>")
            pending.clear()

        for child in el:
            name = _name(child)
            if not name or name in _DROP:
                pass
            elif depth > _MAX_DEPTH:
                pending.append(_text("".join(child.itertext())))
            elif name in _CONTAINERS:
                flush()
                self.flow(child, depth + 1)
            elif name in _BLOCKS:
                flush()
                self.block(child, name, depth + 1)
            else:
                pending.append(self.inline(child, name, depth + 1))
            pending.append(_text(child.tail))
        flush()

    def block(self, el: etree._Element, name: str, depth: int) -> None:
        holds_blocks = any(_name(child) in _BLOCKS or _name(child) in _CONTAINERS for child in el)
        if name in ("ul", "ol", "blockquote", "li") and holds_blocks:
            self.out.append(f"<{name}>")
            self.flow(el, depth)
            self.out.append(f"</{name}>")
        else:
            self.out.append(f"<{name}>{self.inline_children(el, depth)}</{name}>")

    def inline_children(self, el: etree._Element, depth: int) -> str:
        parts = [_text(el.text)]
        for child in el:
            name = _name(child)
            if name and name not in _DROP:
                if depth > _MAX_DEPTH:
                    parts.append(_text("".join(child.itertext())))
                else:
                    parts.append(self.inline(child, name, depth + 1))
            parts.append(_text(child.tail))
        return "".join(parts)

    def inline(self, el: etree._Element, name: str, depth: int) -> str:
        if name == "br":
            return "<br>"
        inner = self.inline_children(el, depth)
        if name == "a":
            href = safe_href(el.get("href"))
            return f'<a href="{escape(href)}">{inner}</a>' if href else inner
        if name in _INLINE or name in _BLOCKS:
            # a block inside a paragraph: kept, nh3 (html5ever) repairs the nesting
            return f"<{name}>{inner}</{name}>"
        if name in ("td", "th"):
            return f"{inner} "
        return inner


def clean(html: str) -> str:
    """Final guard and tidy-up of any HTML: allow-list, links, whitespace, empty blocks."""
    html = _CLEANER.clean(html)
    html = _SPACES.sub(" ", html)
    html = _AROUND_BLOCKS.sub(r"\1", html)
    for _ in range(4):
        tidied = _LEADING_BR.sub(lambda m: "<p>" if m.group(0).startswith("<p>") else "</p>", html)
        tidied = _EMPTY_BLOCK.sub("", tidied)
        if tidied == html:
            break
        html = tidied
    return html.strip()


def from_element(container: etree._Element) -> str:
    """Sanitised HTML of the content of an XHTML body, NITF body.content or DataContent."""
    renderer = _Renderer()
    renderer.flow(container, 0)
    return clean("".join(renderer.out))


def from_html_string(markup: str) -> str:
    """Sanitised HTML of an escaped HTML fragment (inlineData text/html)."""
    if not markup.strip():
        return ""
    parser = etree.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False
    )
    try:
        root = etree.fromstring(f"<html><body>{markup}</body></html>", parser)
    except (etree.XMLSyntaxError, etree.ParserError, ValueError):
        root = None
    if root is None:
        return from_plain_text(markup)
    body = root.find("body")
    return from_element(body if body is not None else root)


def from_plain_text(value: str) -> str:
    """Plain text: paragraphs split on blank lines, hard-wrapped lines joined, all escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    # The sign-off on its own last line would be joined to the last sentence below.
    value, _initials = signoff.strip_text(value)
    paragraphs = [" ".join(chunk.split()) for chunk in re.split(r"\n[ \t]*\n", value)]
    return clean("".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs if p))


_HTML_SNIFF = re.compile(r"^\s*<(p|div|br|h[1-6]|ul|ol|blockquote|section|article)\b[^>]*>", re.I)


def looks_like_html(value: str) -> bool:
    """Plain text that is in fact HTML markup (ANSA labels `<p>…</p>` as text/plain)."""
    return bool(_HTML_SNIFF.match(value)) and bool(re.search(r"</\w+\s*>", value))
