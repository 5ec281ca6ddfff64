"""What readers type: tidied before it is stored, checked against the moderators' word list.

Shared by every app where readers write (comments, classifieds' messages and ads). The list
itself is kept by the app whose staff screen edits it (comments.ModerationWord), which hands
it over from its AppConfig.ready() with `word_list_register`: apps that check words do not
import the app that keeps them.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable

from django.core.cache import cache

REJECT = "reject"  # the text is refused
HOLD = "hold"  # the text waits for a moderator

WORDS_CACHE_KEY = "comments:moderation-words"
WORDS_CACHE_SECONDS = 60

# Control characters except tab and newline: invisible, and a way to dodge the word list.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")

WordList = Callable[[], Iterable[tuple[str, str]]]  # () -> (word, REJECT or HOLD) pairs
_word_lists: list[WordList] = []


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


def word_list_register(word_list: WordList) -> None:
    """Called once by the app that keeps the list; the words are read at most every minute."""
    if word_list not in _word_lists:
        _word_lists.append(word_list)


def moderation_words() -> dict[str, list[str]]:
    """{"reject": [...], "hold": [...]}, cached a minute (cleared when the list changes)."""
    words = cache.get(WORDS_CACHE_KEY)
    if words is None:
        words = {REJECT: [], HOLD: []}
        for word_list in _word_lists:
            for word, action in word_list():
                words[action].append(word)
        cache.set(WORDS_CACHE_KEY, words, WORDS_CACHE_SECONDS)
    return words


def moderation_words_changed() -> None:
    cache.delete(WORDS_CACHE_KEY)
