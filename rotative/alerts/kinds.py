"""The parts whose searches a reader may save (ads, events, jobs…), each registered once from
its AppConfig.ready(). The alerts engine knows them only through this: how to read a saved
query, which items are new for it, and how an item is named in a mail or a notification."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.http import QueryDict


class SearchInvalid(ValueError):
    """A search that cannot become an alert, with the reason the reader reads."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SearchBounds:
    """What an item must satisfy before a search runs in full, read from the search when it is
    saved: a new item is checked in SQL against every saved search's bounds at once, and only
    the searches it falls within run (see services._instant_candidates)."""

    label: str
    category: str | None = None  # the category the search is in, when its query says it
    department: str = ""
    south: float | None = None
    north: float | None = None
    west: float | None = None
    east: float | None = None
    amount_min: int | None = None
    amount_max: int | None = None


@dataclass(frozen=True)
class ItemFacts:
    """What the bounds are checked against, for one new item."""

    pk: int
    category: str
    department: str = ""
    latitude: float | None = None
    longitude: float | None = None
    amount: int | None = None
    owner_id: int | None = None
    published_at: datetime | None = None


@dataclass(frozen=True)
class ItemLine:
    """An item as a mail lists it: « Vélo de course, Coutances (50200), 450 € »."""

    title: str
    details: str
    url: str


@dataclass(frozen=True)
class SearchKind:
    name: str  # stored in SavedSearch.kind, posted by the search pages' « Créer l'alerte »
    label: str  # « Petites annonces », « Agenda des sorties »: headings of « Mes alertes »
    subject: str  # a mail's subject, with %(label)s: « Nouvelles annonces : %(label)s »
    intro: str  # the mail's first line, with %(label)s
    categories: frozenset[str]  # the category a search may be saved in ('' is always allowed)
    # (category, query) -> SearchBounds, or SearchInvalid with the reader's reason
    describe: Callable[[str, QueryDict], SearchBounds]
    # (saved search, since) -> the online items it finds among those published after `since`
    matching: Callable[..., QuerySet]
    # item pk -> ItemFacts, or None when the item is not online (any more)
    facts: Callable[[int], ItemFacts | None]
    line: Callable[..., ItemLine]
    search_path: Callable[[str, str], str]  # (category, query) -> the search page's URL


_kinds: dict[str, SearchKind] = {}


def search_kind_register(kind: SearchKind) -> None:
    registered = _kinds.get(kind.name)
    if registered is not None and registered != kind:
        raise ValueError(f"Another search kind is already registered as {kind.name!r}.")
    _kinds[kind.name] = kind


def search_kind(name: str) -> SearchKind | None:
    return _kinds.get(name)


def search_kinds() -> list[SearchKind]:
    return list(_kinds.values())
