"""The paper's identity as readers see it: its name, with the French grammar around it.

One place answers « what is this paper called? » for pages, mails, feeds and notifications:
`site_identity(request)` (or without a request, for tasks and mails: the default site). It
reads core.SiteIdentity, edited in the admin (Paramètres › Identité du site), falls back on the
Wagtail site's name, then on settings.WAGTAIL_SITE_NAME; it is cached and forgotten when
either is saved (core.apps connects the signals).

The article rule. A French title keeps its article in the nominative (« Le Phare normand »)
and contracts it after « de » and « à »: the editor says which article the name begins with,
and the forms follow from it:

| article | name                 | of (« de »)            | to (« à »)             |
|---------|----------------------|------------------------|------------------------|
| le      | Le Phare normand     | du Phare normand       | au Phare normand       |
| la      | La Voix du Bocage    | de la Voix du Bocage   | à la Voix du Bocage    |
| les     | Les Nouvelles        | des Nouvelles          | aux Nouvelles          |
| l'      | L'Écho de la Manche  | de l'Écho de la Manche | à l'Écho de la Manche  |
| aucun   | Ouest-Info           | d'Ouest-Info           | à Ouest-Info           |
| aucun   | Tendance Ouest       | de Tendance Ouest      | à Tendance Ouest       |

Without an article, « de » elides before a vowel (accented or not, y included) and never
before an h: whether an h is mute cannot be told from the spelling (« d'Hebdo » but « de
Haute-Normandie »), and « de » is never wrong in a title. The article itself is written in
lower case inside a sentence (« de la Voix… »), as the typographic usage for titles says.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.cache import cache

from rotative.core import chrome

CACHE_KEY = "core:identity:{site_id}"
CACHE_SECONDS = 60 * 60

LE, LA, LES, L_APOSTROPHE, NONE = "le", "la", "les", "l'", ""
ARTICLES = (LE, LA, LES, L_APOSTROPHE, NONE)
# How a name written with each article begins (compared without case; ’ counts as ').
_PREFIXES = {LE: "le ", LA: "la ", LES: "les ", L_APOSTROPHE: "l'"}
_VOWELS = set("aeiouy")
# The article contracted after « de » and « à » (the table above); without one, see name_of.
_OF = {LE: "du ", LA: "de la ", LES: "des ", L_APOSTROPHE: "de l'"}
_TO = {LE: "au ", LA: "à la ", LES: "aux ", L_APOSTROPHE: "à l'"}


def _normalise_apostrophe(text: str) -> str:
    return text.replace("\u2019", "'")


def name_rest(name: str, article: str) -> str | None:
    """The name after its article (« Phare normand »), or None when it does not begin with it."""
    name = name.strip()
    if article == NONE:
        return name
    prefix = _PREFIXES[article]
    if _normalise_apostrophe(name[: len(prefix)]).lower() != prefix:
        return None
    return name[len(prefix) :].lstrip()


def article_guess(name: str) -> str:
    """The article a name most likely begins with: « Le Phare normand » → le."""
    for article in (LES, LE, LA, L_APOSTROPHE):
        rest = name_rest(name, article)
        if rest:
            return article
    return NONE


def _begins_with_vowel(text: str) -> bool:
    first = unicodedata.normalize("NFD", text[:1]).lower()[:1]
    return first in _VOWELS


def name_of(name: str, article: str) -> str:
    """« de » + the name: du Phare normand, de la Voix du Bocage, d'Ouest-Info."""
    rest = name_rest(name, article)
    if rest is None:  # an article that does not match the name: say « de » plainly
        article, rest = NONE, name.strip()
    if article in _OF:
        return _OF[article] + rest
    return f"d'{rest}" if _begins_with_vowel(rest) else f"de {rest}"


def name_to(name: str, article: str) -> str:
    """« à » + the name: au Phare normand, à la Voix du Bocage, à Ouest-Info."""
    rest = name_rest(name, article)
    if rest is None:
        article, rest = NONE, name.strip()
    return _TO.get(article, "à ") + rest


@dataclass(frozen=True)
class Identity:
    name: str  # « Le Phare normand », as in a masthead
    article: str = NONE
    sender_name: str = ""  # the From display name of mails, when not the name
    newsroom_email: str = ""  # where the contact form writes to
    publisher_name: str = ""
    tagline: str = ""

    @property
    def of_name(self) -> str:
        return name_of(self.name, self.article)

    @property
    def to_name(self) -> str:
        return name_to(self.name, self.article)

    @property
    def mail_sender(self) -> str:
        return self.sender_name or self.name

    def __str__(self) -> str:
        return self.name


def _default_site():
    from wagtail.models import Site

    return Site.objects.filter(is_default_site=True).first()


def _build(site) -> Identity:
    from rotative.core.models import SiteIdentity

    fallback = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    row = SiteIdentity.objects.filter(site=site).first() if site else None
    if row is None or not row.name.strip():
        return Identity(
            name=fallback,
            article=article_guess(fallback),
            publisher_name=row.publisher_name if row else "",
            tagline=row.tagline if row else "",
        )
    return Identity(
        name=row.name.strip(),
        article=row.article,
        sender_name=row.sender_name.strip(),
        newsroom_email=row.newsroom_email,
        publisher_name=row.publisher_name,
        tagline=row.tagline,
    )


def site_identity(request=None) -> Identity:
    """The identity of the request's site, or of the default site (tasks, mails)."""
    from wagtail.models import Site

    if request is not None:
        cached = getattr(request, "_rotative_identity", None)
        if cached is not None:
            return cached

    def read() -> Identity:
        site = Site.find_for_request(request) if request is not None else None
        if site is None:
            site = _default_site()
        key = CACHE_KEY.format(site_id=site.pk if site else 0)
        identity = cache.get(key)
        if identity is None:
            identity = _build(site)
            cache.set(key, identity, CACHE_SECONDS)
        return identity

    identity = chrome.memo("identity", read, key=chrome.site_key(request))
    if request is not None:
        request._rotative_identity = identity
    return identity


def identity_forget(**kwargs) -> None:
    """Signal receiver: a SiteIdentity or a Site was saved or deleted; read them again."""
    from wagtail.models import Site

    keys = [CACHE_KEY.format(site_id=pk) for pk in Site.objects.values_list("pk", flat=True)]
    cache.delete_many([*keys, CACHE_KEY.format(site_id=0)])
    chrome.edition_bump()


def from_email(address: str | None = None, request=None) -> str:
    """A From header that shows the paper's name: the address of `address` (DEFAULT_FROM_EMAIL
    by default; its display name, often « Rotative », is replaced)."""
    _name, email = parseaddr(address or settings.DEFAULT_FROM_EMAIL)
    return formataddr((site_identity(request).mail_sender, email))


def mail_context(request=None) -> dict:
    """What mail templates say of the paper: « {{ site_name }} », « alertes {{ site_of_name }} »."""
    paper = site_identity(request)
    return {"site_name": paper.name, "site_of_name": paper.of_name, "site_to_name": paper.to_name}
