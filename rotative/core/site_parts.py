"""Where later parts of the site plug into the shared layout.

Each part (comments, newsletter, live feed, classified ads…) registers the templates it fills
in its AppConfig.ready(); a slot with nothing registered renders nothing, so the layout never
shows a dead link or placeholder content.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str


@dataclass(frozen=True)
class Alert:
    """A current « Alerte info » of a part of the site, as the banner on every page shows it;
    `at` is how new it is (the banner shows the newest: home.selectors.breaking_banner)."""

    title: str
    url: str
    at: datetime


@dataclass
class Registry:
    # Templates included in named slots of the layout, e.g. "article_after" or "sidebar".
    slots: dict[str, list[str]] = field(default_factory=dict)
    header_links: list[Link] = field(default_factory=list)
    footer_links: list[Link] = field(default_factory=list)
    # Callables `(request) -> Alert | None`: a part's newest current alert (En direct).
    alert_sources: list[Callable] = field(default_factory=list)
    # Django sitemaps by section name (`/sitemap-<name>.xml`), listed by `/sitemap.xml`
    # after the pages' own.
    sitemaps: dict[str, type] = field(default_factory=dict)

    def add_to_slot(self, slot: str, template_name: str) -> None:
        templates = self.slots.setdefault(slot, [])
        if template_name not in templates:
            templates.append(template_name)

    def slot(self, name: str) -> list[str]:
        return self.slots.get(name, [])


registry = Registry()

# The slots the reference page defines (see docs/architecture.md).
SLOTS = (
    "head",  # in every page's <head>: the app's manifest and service worker (mobile)
    "header_account",  # "Se connecter / Créer un compte" (accounts)
    "article_meta",  # under the article's dates: "12 commentaires" (comments), "Lire plus tard"
    "ad_meta",  # under an ad's price and place: "Lire plus tard" (bookmarks)
    "event_meta",  # under an event's title: "Lire plus tard" (bookmarks)
    "article_end",  # under the article's body: what's on in the communes it names (agenda)
    "article_after",  # newsletter call to action, then "Réagir à cet article" (comments)
    "sidebar",  # En direct (live), then Petites annonces (classifieds)
    "home",  # the home page, after its first section: the weekend's outings (agenda)
    "footer",  # mobile app, newsletter, pronostics, emploi, agenda, concerts
)
