"""NewsML-G2 (IPTC, namespace http://iptc.org/std/nar/2006-10-01/) to WireItem.

Roots: `newsItem`, `packageItem`, and `newsMessage` whose `itemSet` carries several of them.
Elements are matched on namespace URI and local name; QCodes on their code part, since scheme
aliases vary between agencies ("ninat:text", "icls:text"). A `newsMessage` is all or nothing: if
one of its items is refused, the message is refused, naming the item, so that nothing is lost
silently. Concept, knowledge, planning and catalog items carried by a message are not news and
are skipped. Bodies, renditions, links and package itemRefs are read in `g2content`.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from lxml import etree

from .common import check_required, code_of, place_of_dateline, provider_name, to_int, unique
from .dates import parse_datetime
from .g2content import NAR, content, links, package_links
from .items import Concept, Picture, WireItem, WireParseError
from .xml import kid, kids, lang_of, local, namespace, text

FORMAT = "newsml-g2"
ITEM_ROOTS = ("newsItem", "packageItem")
NOT_NEWS = ("conceptItem", "knowledgeItem", "planningItem", "catalogItem")

_KINDS = {"text": "text", "picture": "picture", "composite": "composite"}
_STATUSES = {"usable": "usable", "withheld": "withheld", "canceled": "canceled"}
_SIGNALS = {"update": "update", "correction": "correction", "kill": "kill"}


def parse_document(root: etree._Element, extra: dict) -> list[WireItem]:
    name = local(root)
    if name == "newsMessage":
        return _message(root, extra)
    if name in ITEM_ROOTS:
        return [_item(root, extra)]
    raise WireParseError(
        f"Élément NewsML-G2 « {name} » non pris en charge : seuls newsItem, packageItem "
        "et newsMessage portent des articles."
    )


def _message(root: etree._Element, extra: dict) -> list[WireItem]:
    item_set = kid(root, "itemSet", NAR)
    if item_set is None:
        raise WireParseError("Le newsMessage ne contient pas d'itemSet : aucun article.")
    elements = [el for el in item_set if namespace(el) == NAR and local(el) in ITEM_ROOTS]
    if not elements:
        skipped = sorted({local(el) for el in item_set if local(el) in NOT_NEWS})
        detail = f" (seulement : {', '.join(skipped)})" if skipped else ""
        raise WireParseError(f"Le newsMessage ne contient aucun newsItem ni packageItem{detail}.")
    items = []
    for number, element in enumerate(elements, start=1):
        try:
            items.append(_item(element, extra))
        except WireParseError as error:
            guid = (element.get("guid") or "").strip() or "sans guid"
            raise WireParseError(
                f"Le newsMessage est refusé (élément {number} sur {len(elements)}, {guid}) : "
                f"{error.reason}"
            ) from None
    return items


def _g2(el: etree._Element | None, name: str) -> etree._Element | None:
    return kid(el, name, NAR)


def _all(el: etree._Element | None, name: str) -> list[etree._Element]:
    return kids(el, name, NAR)


def _qcode(el: etree._Element | None) -> str:
    if el is None:
        return ""
    return (el.get("qcode") or el.get("uri") or "").strip()


def _same_lang(a: str, b: str) -> bool:
    return bool(a) and bool(b) and a.split("-")[0].lower() == b.split("-")[0].lower()


def _pick_lang(elements: list[etree._Element], lang: str) -> etree._Element | None:
    """The element in the item's language, else the first one with text."""
    filled = [el for el in elements if text(el)]
    for el in filled:
        if _same_lang(lang_of(el), lang):
            return el
    return filled[0] if filled else None


def _concept_name(el: etree._Element, lang: str) -> str:
    names = _all(el, "name")
    plain = [n for n in names if code_of(n.get("role") or "") in ("", "display", "full")]
    chosen = _pick_lang(plain, lang)
    if chosen is None:
        chosen = _pick_lang(names, lang)
    return text(chosen) or (el.get("literal") or "").strip()


def _concept(el: etree._Element, lang: str) -> Concept:
    return Concept(
        qcode=(el.get("qcode") or "").strip(),
        uri=(el.get("uri") or "").strip(),
        name=_concept_name(el, lang),
        type=(el.get("type") or "").strip(),
    )


def _subject(el: etree._Element, lang: str) -> Concept:
    """A subject named in French when the agency gives a French name, else as `_concept`."""
    french = [n for n in _all(el, "name") if _same_lang(lang_of(n) or lang, "fr") and text(n)]
    if french:
        return replace(_concept(el, lang), name=text(french[0]), lang="fr")
    concept = _concept(el, lang)
    named = [n for n in _all(el, "name") if text(n) == concept.name]
    name_lang = (lang_of(named[0]) if named else "") or lang
    return replace(concept, lang=name_lang if concept.name else "")


def _version(el: etree._Element) -> int:
    raw = el.get("version")
    if raw is None or not raw.strip():
        return 1
    version = to_int(raw)
    if version is None:
        raise WireParseError(f"Numéro de version illisible : « {raw[:20]} ».")
    return version


def _pub_status(item_meta: etree._Element | None) -> str:
    qcode = _qcode(_g2(item_meta, "pubStatus"))
    if not qcode:
        return "usable"  # the NewsML-G2 default
    status = _STATUSES.get(code_of(qcode).lower())
    if status is None:
        raise WireParseError(f"Statut de publication inconnu : « {qcode[:60]} ».")
    return status


def _signals(item_meta: etree._Element | None, pub_status: str) -> tuple[str, ...]:
    found = []
    for signal in _all(item_meta, "signal"):
        qcode = _qcode(signal)
        scheme = qcode.split(":", 1)[0].lower() if ":" in qcode else ""
        if scheme == "sig" or "/newscodes/signal/" in qcode:
            mapped = _SIGNALS.get(code_of(qcode).lower())
            if mapped:
                found.append(mapped)
    if pub_status == "canceled":
        found.append("kill")
    return unique(found)


def _kind(el: etree._Element, item_meta: etree._Element | None) -> str:
    if local(el) == "packageItem":
        return "package"
    qcode = _qcode(_g2(item_meta, "itemClass"))
    return _KINDS.get(code_of(qcode).lower(), "other" if qcode else "text")


def _provider(item_meta: etree._Element | None, creditline: str) -> str:
    provider = _g2(item_meta, "provider")
    if provider is not None:
        qcode = (provider.get("qcode") or "").strip()
        for value in (
            code_of(qcode) if qcode else "",
            provider.get("literal") or "",
            text(_g2(provider, "name")),
            _host(provider.get("uri") or ""),
        ):
            if value.strip():
                return provider_name(value)
    return provider_name(creditline) if creditline else ""


def _host(uri: str) -> str:
    """ "http://www.acmenews.com/about/" → "acmenews.com"."""
    if "://" not in uri:
        return ""
    try:
        host = urlsplit(uri.strip()).hostname or ""
    except ValueError:  # e.g. a malformed IPv6 host
        return ""
    return host.removeprefix("www.")


def _headline(content_meta: etree._Element | None, item_meta, lang: str) -> tuple[str, str]:
    """(headline, sub-headline): the main headline in the item's language when several."""
    headlines = _all(content_meta, "headline")
    main = [h for h in headlines if code_of(h.get("role") or "").lower() in ("", "main")]
    subs = [h for h in headlines if "sub" in (h.get("role") or "").lower()]
    chosen = _pick_lang(main, lang)
    if chosen is None:
        chosen = _pick_lang(headlines, lang)
    headline = text(chosen) or text(_g2(item_meta, "title"))
    return headline, text(_pick_lang(subs, lang))


def _description(content_meta: etree._Element | None, lang: str, prefer: str) -> str:
    descriptions = _all(content_meta, "description")
    preferred = [d for d in descriptions if code_of(d.get("role") or "").lower() == prefer]
    chosen = _pick_lang(preferred, lang)
    return text(chosen if chosen is not None else _pick_lang(descriptions, lang))


def _located(content_meta, item_meta, lang: str, dateline: str) -> str:
    for located in _all(content_meta, "located") + _all(item_meta, "located"):
        name = _concept_name(located, lang)
        if name:
            return name
    return place_of_dateline(dateline)


def _item(el: etree._Element, extra_base: dict) -> WireItem:
    guid = (el.get("guid") or "").strip()
    if not guid:
        raise WireParseError(f"Identifiant de l'élément (attribut guid) manquant sur {local(el)}.")
    item_meta, content_meta = _g2(el, "itemMeta"), _g2(el, "contentMeta")
    language_el = _g2(content_meta, "language")
    lang = (language_el.get("tag") or "").strip() if language_el is not None else ""
    lang = lang or lang_of(el)
    kind = _kind(el, item_meta)
    pub_status = _pub_status(item_meta)
    headline, subheadline = _headline(content_meta, item_meta, lang)
    dateline = text(_g2(content_meta, "dateline"))
    creditline = text(_g2(content_meta, "creditline"))
    body, renditions, nitf_byline, nitf_abstract = content(el)
    description = _description(content_meta, lang, "caption" if kind == "picture" else "summary")
    description = description or nitf_abstract
    pictures: tuple[Picture, ...] = ()
    if kind == "picture":
        pictures = (Picture(guid, headline, description, creditline, tuple(renditions)),)
    else:
        images = tuple(r for r in renditions if r.content_type.startswith("image/"))
        pictures = (Picture(renditions=images),) if images else ()
    urgency = to_int(text(_g2(content_meta, "urgency")))
    extra = dict(extra_base)
    extra["item_class"] = _qcode(_g2(item_meta, "itemClass"))
    extra["signals_raw"] = [_qcode(s) for s in _all(item_meta, "signal") if _qcode(s)]
    if subheadline:
        extra["subheadline"] = subheadline
    item = WireItem(
        format=FORMAT,
        kind=kind,
        guid=guid,
        version=_version(el),
        pub_status=pub_status,
        embargoed=parse_datetime(text(_g2(item_meta, "embargoed")), "embargoed"),
        first_created=parse_datetime(text(_g2(item_meta, "firstCreated")), "firstCreated"),
        version_created=parse_datetime(text(_g2(item_meta, "versionCreated")), "versionCreated"),
        signals=_signals(item_meta, pub_status),
        headline=headline,
        slugline=text(_g2(content_meta, "slugline")),
        dateline=dateline,
        located=_located(content_meta, item_meta, lang, dateline),
        creditline=creditline,
        byline=text(_g2(content_meta, "by")) or nitf_byline,
        description=description,
        subjects=unique(_subject(s, lang) for s in _all(content_meta, "subject")),
        genres=unique(_concept(g, lang) for g in _all(content_meta, "genre")),
        urgency=urgency if urgency is not None and urgency <= 9 else None,
        language=lang,
        keywords=unique(text(k) for k in _all(content_meta, "keyword")),
        body_html=body,
        pictures=pictures,
        links=tuple(links(item_meta) + package_links(el)),
        provider=_provider(item_meta, creditline),
        extra=extra,
    )
    return check_required(item)
