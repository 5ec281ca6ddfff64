"""Which communes of the paper's area a text names (« … à Coutances, samedi »).

`communes_named(text)` reads the names of the communes of `settings.SITE_DEPARTMENTS` (one
query, kept an hour in the cache: about 1,500 names for three departments, never the
country's 35,000) and looks for them in the text. The rule, strict on purpose, because many
commune names are short or everyday words (« Y », « Eu », « Sées », « Vire », « Percy »):

- whole words only: « Ger » is not found in « Germain », and the words of a name are
  separated in the text by spaces, hyphens or apostrophes only (never across a full stop);
- accents and « St » aside (« Saint-Lô », « Saint-Lo », « St-Lô » are one name), but case
  kept: every word the name writes with a capital must start with one in the text
  (« Coutances », not « coutances »; « Saint-Pair-sur-Mer »), a leading « Le », « La »,
  « Les » excepted (« à la Haye-Pesnel »);
- a one-word name needs three letters at least (« Y » and « Eu » are never found);
- a name shared by two communes of the area is left out: the text cannot say which;
- the longest name wins (« Saint-Pair-sur-Mer » is not also « Saint-Pair »).

Communes are found by their own name, not by their former communes' (La Poste's
localities): « Cherbourg » alone does not name Cherbourg-en-Cotentin.
"""

import re

from django.conf import settings
from django.core.cache import cache

from rotative.geo.models import Commune
from rotative.geo.names import fold

INDEX_CACHE_SECONDS = 3600
MIN_ONE_WORD_LETTERS = 3
_WORD = re.compile(r"[^\W_]+")
_JOINERS = re.compile(r"^[\s\-'’]+$")  # what may separate the words of one name
_ARTICLES = {"le", "la", "les", "l"}


def _index_key() -> str:
    return "geo:commune-names:" + ",".join(sorted(settings.SITE_DEPARTMENTS))


def name_index() -> dict[str, int]:
    """Folded name → the pk of one row of the only commune of the area with that name."""
    index = cache.get(_index_key())
    if index is None:
        by_key: dict[str, dict[str, int]] = {}
        rows = (
            Commune.objects.filter(department__in=settings.SITE_DEPARTMENTS)
            .order_by("locality", "pk")
            .values_list("pk", "insee", "name_key")
        )
        for pk, insee, key in rows:
            by_key.setdefault(key, {}).setdefault(insee, pk)
        index = {
            key: next(iter(found.values())) for key, found in by_key.items() if len(found) == 1
        }
        cache.set(_index_key(), index, INDEX_CACHE_SECONDS)
    return index


def _words(text: str) -> list[tuple[str, bool, int, int]]:
    """(folded word, starts with a capital, start, end) for each word of the text."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group()
        found.append((fold(word), word[0].isupper(), match.start(), match.end()))
    return found


def _capitals(name: str) -> list[bool]:
    """Which words of a commune's display name start with a capital (Saint-Pair-sur-Mer:
    yes, yes, no, yes), a leading article counted as free."""
    words = _WORD.findall(name)
    flags = [w[0].isupper() for w in words]
    if words and fold(words[0]) in _ARTICLES and len(words) > 1:
        flags[0] = False
    return flags


def names_in_text(text: str, index: dict[str, int], *, names: dict[int, str]) -> list[int]:
    """The pks of `index` whose names `text` contains by the module's rule, in text order;
    `names` gives each pk's display name (its capitals)."""
    words = _words(text)
    longest = max((key.count(" ") + 1 for key in index), default=0)
    found, position = [], 0
    while position < len(words):
        taken = 0
        for size in range(min(longest, len(words) - position), 0, -1):
            span = words[position : position + size]
            key = " ".join(word for word, _upper, _start, _end in span)
            pk = index.get(key)
            if pk is None or (size == 1 and len(key) < MIN_ONE_WORD_LETTERS):
                continue
            gaps = (text[a[3] : b[2]] for a, b in zip(span, span[1:], strict=False))
            if not all(_JOINERS.match(gap) for gap in gaps):
                continue
            capitals = _capitals(names[pk])
            if len(capitals) != size or any(
                needed and not upper
                for needed, (_w, upper, _s, _e) in zip(capitals, span, strict=True)
            ):
                continue
            if pk not in found:
                found.append(pk)
            taken = size
            break
        position += taken or 1
    return found


def communes_named(text: str) -> list[Commune]:
    """The communes of the area that `text` names, in the order it names them."""
    index = name_index()
    if not index or not text:
        return []
    # The display names of the candidates only: the words of the text that are a name.
    folded_text = f" {fold(text)} "
    candidates = {pk for key, pk in index.items() if f" {key} " in folded_text}
    if not candidates:
        return []
    rows = {c.pk: c for c in Commune.objects.filter(pk__in=candidates)}
    pks = names_in_text(text, index, names={pk: c.name for pk, c in rows.items()})
    return [rows[pk] for pk in pks]
