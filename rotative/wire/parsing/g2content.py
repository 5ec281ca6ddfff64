"""NewsML-G2 content: contentSet bodies (inlineXML, inlineData), renditions, links, itemRefs."""

from __future__ import annotations

import base64
import binascii

from lxml import etree

from . import html
from .common import code_of, to_int
from .items import ItemLink, Rendition, WireParseError
from .xml import kid, kids, local, namespace, text

NAR = "http://iptc.org/std/nar/2006-10-01/"
_RENDITION_URI = "http://cv.iptc.org/newscodes/rendition/"


def _g2(el: etree._Element | None, name: str) -> etree._Element | None:
    return kid(el, name, NAR)


def _all(el: etree._Element | None, name: str) -> list[etree._Element]:
    return kids(el, name, NAR)


def _rendition(el: etree._Element) -> Rendition | None:
    href = (el.get("href") or el.get("residref") or "").strip()
    if not href:
        return None
    rendition = (el.get("rendition") or "").strip()
    uri = (el.get("renditionuri") or "").strip()
    if not rendition and uri.startswith(_RENDITION_URI):
        rendition = "rnd:" + uri[len(_RENDITION_URI) :].strip("/")
    return Rendition(
        href=href,
        rendition=rendition or uri,
        content_type=(el.get("contenttype") or "").strip(),
        width=to_int(el.get("width")),
        height=to_int(el.get("height")),
        size=to_int(el.get("size")),
    )


def _inline_data(el: etree._Element) -> str:
    content_type = (el.get("contenttype") or "").split(";")[0].strip().lower()
    raw = "".join(el.itertext())
    encoding = code_of(el.get("encoding") or el.get("encodinguri") or "").lower()
    if encoding == "base64":
        try:
            raw = base64.b64decode(raw, validate=False).decode("utf-8")
        except (binascii.Error, ValueError):
            raise WireParseError("Contenu inlineData en base64 illisible.") from None
    elif encoding:
        return ""  # an encoding we do not know: leave the body empty rather than show garbage
    if content_type in ("", "text/plain"):
        return (
            html.from_html_string(raw) if html.looks_like_html(raw) else html.from_plain_text(raw)
        )
    if "html" in content_type or content_type.endswith("xml"):
        return html.from_html_string(raw)
    return ""


def _inline_xml(el: etree._Element) -> tuple[str, str, str]:
    """(body, NITF byline, NITF abstract) of an inlineXML holding XHTML or NITF."""
    nodes = [node for node in el.iter() if isinstance(node.tag, str)]
    content = next((n for n in nodes if local(n) == "body.content"), None)
    body = content if content is not None else next((n for n in nodes if local(n) == "body"), el)
    byline = text(next((n for n in nodes if local(n) == "byline"), None))
    abstract = text(next((n for n in nodes if local(n) == "abstract"), None))
    return html.from_element(body), byline, abstract


def content(item: etree._Element) -> tuple[str, list[Rendition], str, str]:
    body, byline, abstract, renditions = "", "", "", []
    for content_set in _all(item, "contentSet"):
        for child in content_set:
            name = local(child) if namespace(child) == NAR else ""
            if name == "inlineXML" and not body:
                body, byline, abstract = _inline_xml(child)
            elif name == "inlineData" and not body:
                body = _inline_data(child)
            elif name == "remoteContent":
                rendition = _rendition(child)
                if rendition is not None:
                    renditions.append(rendition)
    return body, renditions, byline, abstract


def links(item_meta: etree._Element | None) -> list[ItemLink]:
    return [
        ItemLink(
            rel=(link.get("rel") or "").strip(),
            href=(link.get("href") or "").strip(),
            residref=(link.get("residref") or link.get("guidref") or "").strip(),
            version=to_int(link.get("version")),
            content_type=(link.get("contenttype") or "").strip(),
            title=text(_g2(link, "title")),
        )
        for link in _all(item_meta, "link")
    ]


def package_links(item: etree._Element) -> list[ItemLink]:
    links = []
    for group in _all(_g2(item, "groupSet"), "group"):
        for ref in _all(group, "itemRef"):
            links.append(
                ItemLink(
                    rel=(group.get("role") or "").strip(),  # the group's role, e.g. group:main
                    href=(ref.get("href") or "").strip(),
                    residref=(ref.get("residref") or "").strip(),
                    version=to_int(ref.get("version")),
                    content_type=(ref.get("contenttype") or "").strip(),
                    title=text(_g2(ref, "title")) or text(_g2(ref, "headline")),
                )
            )
    return links
