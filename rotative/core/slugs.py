"""The one way the site makes slugs (articles from the editor and the wire, sections, tags,
authors, ads): plain ASCII, accents transliterated, words kept whole.

« Été à Saint-Lô » → « ete-a-saint-lo »; « L'œuvre d'Érik Satie » → « l-oeuvre-d-erik-satie ».
Django's slugify drops « œ » (no decomposition) and glues « l'été » into « lete »; cutting its
result at a length leaves half a word. Wagtail's editor does the same in the browser once
WAGTAIL_ALLOW_UNICODE_SLUGS is off (its urlify transliterates; news.panels gives it our
apostrophe rule), and pages clean what it sends through this function again.
"""

import re
import unicodedata

# Letters NFKD does not decompose into a base letter and an accent.
_LETTERS = str.maketrans(
    {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l"}
)
_WORD = re.compile(r"[a-z0-9]+")
CLEAN_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Apostrophes separate words (« l'été »): the editor's browser is told the same (news.panels).
APOSTROPHES = "'’ʼ‘`´"


def slugify_fr(text: str, *, max_length: int = 80, fallback: str = "") -> str:
    """ASCII words of `text` joined by hyphens, at most `max_length` characters, never cut
    inside a word (a first word longer than the limit is the only one cut)."""
    text = unicodedata.normalize("NFKC", text or "").translate(_LETTERS)
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = _WORD.findall(plain.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:max_length]
    return slug or fallback


def is_clean(slug: str) -> bool:
    return CLEAN_SLUG.fullmatch(slug or "") is not None
