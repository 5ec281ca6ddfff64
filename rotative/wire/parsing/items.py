"""The typed item every agency format is parsed into (NewsML-G2 and NewsML 1.2 alike)."""

from dataclasses import dataclass, field
from datetime import datetime


class WireParseError(Exception):
    """The document cannot be ingested; `reason` says why, in French, for the wire desk."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Concept:
    """A controlled-vocabulary concept: subject (IPTC media topic), genre, place."""

    qcode: str = ""  # e.g. "medtop:20000763"
    uri: str = ""
    name: str = ""  # in the item's language when given
    type: str = ""  # e.g. "cpnat:abstract", "cpnat:geoArea"
    # The language of `name` ("fr", "en-GB"…): a French reader is shown French names only.
    lang: str = field(default="", compare=False)


@dataclass(frozen=True)
class Rendition:
    href: str
    rendition: str = ""  # e.g. "rnd:highRes", "rnd:thumbnail"
    content_type: str = ""
    width: int | None = None
    height: int | None = None
    size: int | None = None


@dataclass(frozen=True)
class ItemLink:
    """A link to another item (package members, associated pictures, previous versions)."""

    rel: str = ""  # e.g. "irel:seeAlso", "irel:associatedWith"
    href: str = ""
    residref: str = ""  # the guid of the linked item
    version: int | None = None
    content_type: str = ""
    title: str = ""


@dataclass(frozen=True)
class Picture:
    guid: str = ""
    headline: str = ""
    caption: str = ""
    credit: str = ""
    renditions: tuple[Rendition, ...] = ()


@dataclass(frozen=True)
class WireItem:
    format: str  # "newsml-g2" or "newsml-1.2"
    kind: str  # "text", "picture", "package", "composite" or "other"
    guid: str
    version: int = 1
    pub_status: str = "usable"  # "usable", "withheld" or "canceled"
    embargoed: datetime | None = None  # aware datetimes only
    first_created: datetime | None = None
    version_created: datetime | None = None
    signals: tuple[str, ...] = ()  # e.g. ("update",), ("correction",), ("kill",)
    headline: str = ""
    slugline: str = ""
    dateline: str = ""  # as delivered: "Strasbourg, 10 juil 2024 (AFP)"
    located: str = ""  # the place of the dateline: "Strasbourg"
    creditline: str = ""  # "AFP"
    byline: str = ""
    description: str = ""  # summary / abstract / lead
    subjects: tuple[Concept, ...] = ()
    genres: tuple[Concept, ...] = ()
    urgency: int | None = None  # 1 (most urgent) to 9
    language: str = ""  # "fr"
    keywords: tuple[str, ...] = ()
    body_html: str = ""  # sanitised to the safe subset (p, h2-h4, blockquote, lists, a, b/i…)
    pictures: tuple[Picture, ...] = ()
    links: tuple[ItemLink, ...] = ()
    provider: str = ""  # "AFP", "Reuters", "dpa"…
    extra: dict = field(default_factory=dict, compare=False, hash=False)
