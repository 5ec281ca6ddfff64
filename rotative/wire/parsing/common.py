"""Helpers shared by the NewsML-G2 and NewsML 1.2 readers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

from .items import WireItem, WireParseError

T = TypeVar("T")

# Provider identifiers as agencies write them (qcode code part, literal, domain) → display name.
_PROVIDERS = {
    "afp": "AFP",
    "afp.com": "AFP",
    "reuters": "Reuters",
    "reuters.com": "Reuters",
    "thomsonreuters.com": "Reuters",
    "dpa": "dpa",
    "dpa.com": "dpa",
    "dpa.de": "dpa",
    "ansa": "ANSA",
    "ansa.it": "ANSA",
    "ap": "AP",
    "ap.org": "AP",
    "stt": "STT",
    "stt.fi": "STT",
    "belga": "Belga",
    "ats": "ATS",
    "keystone-ats": "Keystone-ATS",
    "efe": "EFE",
}


def provider_name(value: str) -> str:
    value = " ".join(value.split())
    return _PROVIDERS.get(value.lower(), value)


def code_of(qcode: str) -> str:
    """The code part of a QCode ("stat:usable" → "usable") or the last segment of a URI."""
    qcode = qcode.strip()
    if qcode.startswith(("http://", "https://")):
        return qcode.rstrip("/").rsplit("/", 1)[-1]
    return qcode.split(":", 1)[1] if ":" in qcode else qcode


def to_int(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.strip()
    if not re.fullmatch(r"[+]?\d{1,18}", value):
        return None
    return int(value)


def unique(values: Iterable[T]) -> tuple[T, ...]:
    """Drop exact duplicates (and empty strings), keep the order."""
    seen: list[T] = []
    for value in values:
        if value in ("", None) or value in seen:
            continue
        seen.append(value)
    return tuple(seen)


_DATE_LIKE = re.compile(r"\d")


def place_of_dateline(dateline: str) -> str:
    """ "Strasbourg, 10 juil 2024 (AFP)" → "Strasbourg"; "London (dpa) -" → "London".

    Returns "" when the dateline holds no place (Reuters writes a timestamp there).
    """
    dateline = " ".join(dateline.split())
    if not dateline:
        return ""
    if "," in dateline:
        place = dateline.split(",", 1)[0]
    else:
        place = re.split(r"\s+[(\-–—]", dateline, maxsplit=1)[0]
    place = place.strip(" -–—:")
    if not place or len(place) > 60 or _DATE_LIKE.search(place):
        return ""
    return place


def check_required(item: WireItem) -> WireItem:
    """Refuse an item that lacks what the wire desk cannot do without."""
    if not item.guid:
        raise WireParseError("Identifiant de l'élément (guid) manquant.")
    killed = item.pub_status == "canceled" or "kill" in item.signals
    if item.kind == "text" and not killed and not item.headline and not item.body_html:
        raise WireParseError(
            f"L'article {item.guid} n'a ni titre (headline) ni texte (body) : rien à publier."
        )
    return item
