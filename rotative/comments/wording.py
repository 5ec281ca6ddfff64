"""What readers type: tidied before it is stored, checked against the moderators' word list."""

import re
import unicodedata

from django.core.cache import cache
from django.utils.translation import ngettext

WORDS_CACHE_KEY = "comments:moderation-words"
WORDS_CACHE_SECONDS = 60

# Control characters except tab and newline: invisible, and a way to dodge the word list.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, no control characters, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def fold(text: str) -> str:
    """Lower case without accents: "Crétin" and "cretin" are the same word to the list."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def find_words(text: str, words: list[str]) -> list[str]:
    """The listed words or expressions that appear in `text` as whole words."""
    folded = fold(text)
    return [
        word
        for word in words
        if re.search(rf"(?<!\w){re.escape(fold(word))}(?!\w)", folded) is not None
    ]


def moderation_words() -> dict[str, list[str]]:
    """{"reject": [...], "hold": [...]}, cached a minute (cleared when the list changes)."""
    from rotative.comments.models import ModerationWord

    words = cache.get(WORDS_CACHE_KEY)
    if words is None:
        words = {action: [] for action in ModerationWord.Action.values}
        for word, action in ModerationWord.objects.values_list("word", "action"):
            words[action].append(word)
        cache.set(WORDS_CACHE_KEY, words, WORDS_CACHE_SECONDS)
    return words


def moderation_words_changed() -> None:
    cache.delete(WORDS_CACHE_KEY)


def french_plural_number(count: int) -> int:
    """The number to give ngettext so that 0 takes the singular, as French wants (« 0
    commentaire »; Django's fr catalogue says Plural-Forms: plural=(n > 1)). Our msgids are
    French and have no catalogue: ngettext then falls back to the English rule (n != 1)."""
    return count if count > 1 else 1


def comment_count_label(count: int) -> str:
    """« 0 commentaire », « 1 commentaire », « 2 commentaires »."""
    return ngettext(
        "%(count)s commentaire", "%(count)s commentaires", french_plural_number(count)
    ) % {"count": count}
