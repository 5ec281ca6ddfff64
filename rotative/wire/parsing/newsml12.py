"""NewsML 1.2 (root `NewsML`, no namespace), as AFP's French services deliver it, to WireItem.

- guid: the PublicIdentifier without its trailing revision number
  (`urn:newsml:afp.com:20240710:240710125902.qpsp2jzk:1` → `…qpsp2jzk`), so that successive
  revisions of a story share one guid, as in NewsML-G2; the full identifier stays in
  `extra["public_identifier"]`. Without PublicIdentifier it is rebuilt from ProviderId, DateId and
  NewsItemId. `version` is the RevisionId.
- signals: "update" for a revision above 1, "correction"/"kill" from NewsManagement/Instruction,
  "kill" for a Canceled status. An Embargoed status becomes "usable" with `embargoed` set from
  StatusWillChange/DateAndTime (or "withheld" when that date is missing).
- NewsComponents with Role Photo (or holding only photos) become Pictures: caption from their
  Caption component, renditions from their ContentItems (Href, MimeType, Width/Height, size).
- The body is the first text ContentItem outside photos and captions: NITF (`nitf/body/
  body.content`), XHTML (`body`) or the paragraphs put straight into DataContent.
- located: Location/Property City, else the place before the first comma of the DateLine;
  creditline: CreditLine, else the provider (AFP credits itself "AFP").
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import NamedTuple

from lxml import etree

from . import html
from .common import check_required, place_of_dateline, provider_name, to_int, unique
from .dates import parse_datetime
from .items import Concept, ItemLink, Picture, Rendition, WireItem, WireParseError
from .xml import kid, kids, lang_of, local, text

FORMAT = "newsml-1.2"
_PHOTO_ROLES = {"photo", "picture", "image", "graphic", "illustration"}
_PHOTO_MEDIA = {"photo", "image", "graphic", "picture"}
_STATUSES = {"usable": "usable", "withheld": "withheld", "canceled": "canceled"}
_CORRECTION = {"correction", "rectification", "rectificatif", "correct"}
_KILL = {"kill", "suppression", "annulation", "cancel", "canceled", "cancelled", "withdraw"}


def _formal(el: etree._Element | None) -> str:
    return (el.get("FormalName") or "").strip() if el is not None else ""


def _role(component: etree._Element) -> str:
    return _formal(kid(component, "Role")).lower()


def _first(elements, name: str) -> etree._Element | None:
    """The first `name` child with text among `elements` (NewsLines, metadata blocks)."""
    for el in elements:
        found = kid(el, name)
        if found is not None and text(found):
            return found
    return None


def _first_formal(elements, name: str) -> str:
    """The first FormalName of a `name` child among `elements` (Language, Party…)."""
    for el in elements:
        value = _formal(kid(el, name))
        if value:
            return value
    return ""


def _is_photo_component(component: etree._Element) -> bool:
    if _role(component) in _PHOTO_ROLES:
        return True
    items = list(component.iter("ContentItem"))
    media = {_formal(kid(c, "MediaType")).lower() for c in items}
    return bool(items) and media <= _PHOTO_MEDIA and "" not in media


def _photo_components(news_item: etree._Element) -> list[etree._Element]:
    found: list[etree._Element] = []
    for component in news_item.iter("NewsComponent"):
        if _is_photo_component(component) and not any(
            ancestor in found for ancestor in component.iterancestors("NewsComponent")
        ):
            found.append(component)
    return found


def _inside(el: etree._Element, containers: list[etree._Element]) -> bool:
    node = el.getparent()
    while node is not None:
        if any(node is c for c in containers) or _role_of(node) == "caption":
            return True
        node = node.getparent()
    return False


def _role_of(node: etree._Element) -> str:
    return _role(node) if node.tag == "NewsComponent" else ""


def _properties(el: etree._Element | None) -> dict[str, str]:
    props: dict[str, str] = {}
    for prop in kids(el, "Property"):
        name = _formal(prop).lower()
        if name and name not in props:
            props[name] = (prop.get("Value") or "").strip()
    return props


def _data_content_html(item: etree._Element) -> str:
    data = kid(item, "DataContent")
    if data is None:
        return ""
    nodes = [n for n in data.iter() if isinstance(n.tag, str)]
    content = next((n for n in nodes if local(n) == "body.content"), None)
    if content is None:
        content = next((n for n in nodes if local(n) == "body"), None)
    if content is not None:
        return html.from_element(content)
    if len(nodes) == 1:  # no markup at all: plain text
        raw = "".join(data.itertext())
        if html.looks_like_html(raw):
            return html.from_html_string(raw)
        return html.from_plain_text(raw)
    return html.from_element(data)


def _picture(component: etree._Element, fallback_guid: str) -> Picture:
    renditions = []
    for item in component.iter("ContentItem"):
        href = (item.get("Href") or "").strip()
        if not href:
            continue
        parent = item.getparent()
        rendition = ""
        if parent is not None and parent is not component:
            rendition = _formal(kid(parent, "Role"))  # HighDef, Quicklook, Thumbnail…
        chars = kid(item, "Characteristics")
        props = _properties(chars)
        renditions.append(
            Rendition(
                href=href,
                rendition=rendition,
                content_type=_formal(kid(item, "MimeType")),
                width=to_int(props.get("width")),
                height=to_int(props.get("height")),
                size=to_int(text(kid(chars, "SizeInBytes"))),
            )
        )
    caption = ""
    for sub in component.iter("NewsComponent"):
        if _role(sub) == "caption":
            caption = " ".join(
                text(kid(ci, "DataContent")) for ci in sub.iter("ContentItem")
            ).strip()
            break
    lines = kid(component, "NewsLines")
    headline = text(kid(lines, "HeadLine"))
    return Picture(
        guid=(component.get("Duid") or component.get("Euid") or fallback_guid).strip(),
        headline=headline,
        caption=caption or headline,
        credit=text(kid(lines, "CreditLine")) or text(kid(lines, "CopyrightLine")),
        renditions=tuple(renditions),
    )


def _identity(news_item: etree._Element) -> tuple[str, int, int, str]:
    """(guid, version, previous revision, public identifier)."""
    ident = kid(kid(news_item, "Identification"), "NewsIdentifier")
    revision_el = kid(ident, "RevisionId")
    raw_revision = text(revision_el)
    version = to_int(raw_revision) if raw_revision else 1
    if version is None:
        raise WireParseError(f"RevisionId illisible : « {raw_revision[:20]} ».")
    previous = to_int(revision_el.get("PreviousRevision")) if revision_el is not None else None
    public = text(kid(ident, "PublicIdentifier"))
    guid = re.sub(rf":{version}$", "", public) if public else ""
    if not guid:
        parts = [text(kid(ident, n)) for n in ("ProviderId", "DateId", "NewsItemId")]
        if parts[2]:
            guid = "urn:newsml:" + ":".join(p for p in parts if p)
    if not guid:
        raise WireParseError(
            "Identifiant manquant : ni PublicIdentifier ni NewsItemId dans NewsIdentifier."
        )
    return guid, version, previous or 0, public


def _subjects(metas: list[etree._Element]) -> list[Concept]:
    subjects = []
    for meta in metas:
        for code in kids(meta, "SubjectCode"):
            for subject in code:
                formal = _formal(subject)
                if not formal:
                    continue
                qcode = f"subj:{formal}" if re.fullmatch(r"\d{8}", formal) else formal
                subjects.append(Concept(qcode=qcode, type=local(subject)))
    return subjects


class _Blocks(NamedTuple):
    """The metadata blocks of the item's own components (photos and their captions aside)."""

    lines: list[etree._Element]  # NewsLines
    admin: list[etree._Element]  # AdministrativeMetadata
    metas: list[etree._Element]  # DescriptiveMetadata


def _blocks(news_item: etree._Element, photos: list[etree._Element]) -> _Blocks:
    components = [
        c
        for c in news_item.iter("NewsComponent")
        if not _inside(c, photos) and not any(c is p for p in photos)
    ]

    def found(name: str) -> list[etree._Element]:
        return [x for x in (kid(c, name) for c in components) if x is not None]

    return _Blocks(
        found("NewsLines"), found("AdministrativeMetadata"), found("DescriptiveMetadata")
    )


def _body(news_item: etree._Element, photos: list[etree._Element]) -> str:
    """ContentItem: the first text one outside photos and captions that has a body."""
    for item in news_item.iter("ContentItem"):
        media = _formal(kid(item, "MediaType")).lower()
        if media in ("", "text") and not _inside(item, photos):
            body = _data_content_html(item)
            if body:
                return body
    return ""


def _status(management: etree._Element | None) -> tuple[str, datetime | None]:
    """NewsManagement/Status and StatusWillChange: (pub_status, embargoed)."""
    status = _formal(kid(management, "Status")).lower() or "usable"
    will_change = kid(management, "StatusWillChange")
    embargoed = parse_datetime(text(kid(will_change, "DateAndTime")), "StatusWillChange")
    if status == "embargoed":
        return ("usable" if embargoed else "withheld"), embargoed
    if status not in _STATUSES:
        raise WireParseError(f"Statut NewsML inconnu : « {status[:40]} ».")
    if _formal(kid(will_change, "FutureStatus")).lower() != "usable":
        embargoed = None
    return _STATUSES[status], embargoed


def _signals(
    management: etree._Element | None, *, version: int, previous: int, pub_status: str
) -> tuple[str, ...]:
    """A revision is an update; NewsManagement/Instruction says correction or kill."""
    signals = []
    if version > 1 or previous > 0:
        signals.append("update")
    for instruction in kids(management, "Instruction"):
        name = _formal(instruction).lower()
        if name in _CORRECTION:
            signals.append("correction")
        elif name in _KILL:
            signals.append("kill")
    if pub_status == "canceled":
        signals.append("kill")
    return unique(signals)


def _urgency(management: etree._Element | None) -> int | None:
    urgency = to_int(_formal(kid(management, "Urgency")))
    return urgency if urgency is not None and urgency <= 9 else None


def _links(management: etree._Element | None) -> tuple[ItemLink, ...]:
    residrefs = [(a.get("NewsItem") or "").strip() for a in kids(management, "AssociatedWith")]
    return tuple(ItemLink(rel="associatedWith", residref=r) for r in residrefs if r)


def _management(management: etree._Element | None, *, version: int, previous: int) -> dict:
    """NewsManagement: status and embargo, signals, dates, urgency, associated items."""
    pub_status, embargoed = _status(management)
    return {
        "pub_status": pub_status,
        "embargoed": embargoed,
        "signals": _signals(management, version=version, previous=previous, pub_status=pub_status),
        "first_created": parse_datetime(text(kid(management, "FirstCreated")), "FirstCreated"),
        "version_created": parse_datetime(
            text(kid(management, "ThisRevisionCreated")), "ThisRevisionCreated"
        ),
        "urgency": _urgency(management),
        "links": _links(management),
    }


def _provider(news_item: etree._Element, admin: list[etree._Element]) -> str:
    """AdministrativeMetadata/Provider/Party, else the NewsIdentifier's ProviderId."""
    party = _first_formal([kid(a, "Provider") for a in admin], "Party")
    ident = kid(kid(news_item, "Identification"), "NewsIdentifier")
    return provider_name(party or text(kid(ident, "ProviderId")))


def _news_lines(lines: list[etree._Element], provider: str) -> dict:
    """NewsLines: each field from the first component that has it."""
    return {
        "headline": text(_first(lines, "HeadLine")),
        "slugline": text(_first(lines, "SlugLine")),
        "dateline": text(_first(lines, "DateLine")),
        "creditline": text(_first(lines, "CreditLine")) or provider,
        "byline": text(_first(lines, "ByLine")),
        "description": text(_first(lines, "SubHeadLine")),
    }


def _located(metas: list[etree._Element], dateline: str) -> str:
    """Location/Property City, else the place before the first comma of the DateLine."""
    for meta in metas:
        for location in kids(meta, "Location"):
            city = _properties(location).get("city", "")
            if city:
                return city
    return place_of_dateline(dateline)


def _descriptive(news_item: etree._Element, metas: list[etree._Element]) -> dict:
    """DescriptiveMetadata: language (else xml:lang), subjects, genres."""
    return {
        "language": _first_formal(metas, "Language") or lang_of(news_item),
        "subjects": unique(_subjects(metas)),
        "genres": unique(Concept(name=_formal(g)) for m in metas for g in kids(m, "Genre")),
    }


def _keywords(blocks: _Blocks) -> tuple[str, ...]:
    """KeywordLine in NewsLines, and Property Keyword in DescriptiveMetadata."""
    keywords = [text(k) for x in blocks.lines for k in kids(x, "KeywordLine")]
    keywords += [
        (p.get("Value") or "").strip()
        for m in blocks.metas
        for p in kids(m, "Property")
        if _formal(p).lower() == "keyword"
    ]
    return unique(keywords)


def _extra(extra_base: dict, public: str, blocks: _Blocks) -> dict:
    extra = dict(extra_base)
    extra["public_identifier"] = public
    extra["of_interest_to"] = [_formal(o) for m in blocks.metas for o in kids(m, "OfInterestTo")]
    copyright_line = text(_first(blocks.lines, "CopyrightLine"))
    if copyright_line:
        extra["copyright"] = copyright_line
    return extra


def _item(news_item: etree._Element, extra_base: dict) -> WireItem:
    guid, version, previous, public = _identity(news_item)
    photos = _photo_components(news_item)
    blocks = _blocks(news_item, photos)
    body = _body(news_item, photos)
    management = _management(kid(news_item, "NewsManagement"), version=version, previous=previous)
    provider = _provider(news_item, blocks.admin)
    lines = _news_lines(blocks.lines, provider)
    pictures = tuple(_picture(p, guid) for p in photos)
    kind = "picture" if not body and pictures else "text"
    if kind == "picture" and not lines["headline"]:
        lines["headline"] = pictures[0].headline
    item = WireItem(
        format=FORMAT,
        kind=kind,
        guid=guid,
        version=version,
        **management,
        **lines,
        located=_located(blocks.metas, lines["dateline"]),
        **_descriptive(news_item, blocks.metas),
        keywords=_keywords(blocks),
        body_html=body,
        pictures=pictures,
        provider=provider,
        extra=_extra(extra_base, public, blocks),
    )
    return check_required(item)


def parse_document(root: etree._Element, extra: dict) -> list[WireItem]:
    news_items = kids(root, "NewsItem")
    if not news_items:
        raise WireParseError("Le document NewsML 1.2 ne contient aucun NewsItem.")
    items = []
    for number, news_item in enumerate(news_items, start=1):
        try:
            items.append(_item(news_item, extra))
        except WireParseError as error:
            if len(news_items) == 1:
                raise
            raise WireParseError(
                f"Le document NewsML est refusé (NewsItem {number} sur {len(news_items)}) : "
                f"{error.reason}"
            ) from None
    return items
