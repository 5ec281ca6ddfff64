"""French commune names: folded for search, and rebuilt for display from La Poste's capitals."""

import re
import unicodedata

# Words written in lower case inside a commune's name (Saint-Pair-sur-Mer, Pont-l'Évêque).
_PARTICLES = {"sur", "sous", "les", "lès", "en", "de", "du", "des", "la", "le", "aux", "au", "et"}
_ARTICLES = {"LE", "LA", "LES"}
_SAINTS = {"ST": "Saint", "STE": "Sainte", "SAINT": "Saint", "SAINTE": "Sainte"}


def fold(text: str) -> str:
    """Lower case, no accents, words separated by one space, `st`/`ste` as `saint`/`sainte`.

    "Saint-Pair-sur-Mer", "ST PAIR SUR MER" and "st pair sur mer" all give
    "saint pair sur mer".
    """
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    words = [{"st": "saint", "ste": "sainte"}.get(word, word) for word in words]
    return " ".join(words)


def display_name(raw: str) -> str:
    """`ST PAIR SUR MER` → `Saint-Pair-sur-Mer`, `LA HAYE PESNEL` → `La Haye-Pesnel`.

    La Poste's file has no accents: they cannot be restored (`Perriers-en-Beauficel` is
    right, `Sainte-Mere-Eglise` lacks its accents).
    """
    words = raw.strip().upper().split()
    if not words:
        return ""
    if words[0] in ("PARIS", "LYON", "MARSEILLE") and len(words) == 2 and words[1].isdigit():
        number = int(words[1])
        return f"{words[0].title()} {number}{'er' if number == 1 else 'e'}"
    prefix = ""
    if words[0] == "L" and len(words) > 1:  # L ISLE ADAM → L'Isle-Adam
        prefix, words = "L'", words[1:]
    elif words[0] in _ARTICLES and len(words) > 1:  # LA HAYE PESNEL → La Haye-Pesnel
        prefix, words = words[0].title() + " ", words[1:]
    parts = []
    for index, word in enumerate(words):
        if word in _SAINTS:
            parts.append(_SAINTS[word])
        elif index > 0 and word.lower() in _PARTICLES:
            parts.append(word.lower())
        elif index > 0 and word in ("L", "D") and index + 1 < len(words):
            parts.append(word.lower() + "'")
        else:
            parts.append(word.capitalize())
    name = ""
    for part in parts:
        name += part if name.endswith("'") or not name else "-" + part
    return prefix + name


def department_of(insee: str) -> str:
    """`50`, `2A`, `971`: from the INSEE code (postal codes mislead in Corsica and abroad)."""
    insee = insee.strip().upper()
    return insee[:3] if insee.startswith("97") or insee.startswith("98") else insee[:2]
