import unicodedata
from datetime import date, datetime, time
from zoneinfo import ZoneInfo


def site_name(request=None) -> str:
    """The paper's name (core.identity.site_identity: the admin's Identité du site)."""
    from rotative.core.identity import site_identity

    return site_identity(request).name


# The largest primary key every database backend stores (signed 64 bits).
MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """A primary key read from a request (path, query string, form), or None when it cannot be
    one: empty, not plain ASCII digits ("²" and "٣" pass str.isdigit), zero, or too large
    for the database, which would answer with an error instead of "not found"."""
    if value is None:
        return None
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def one_line(text: str) -> str:
    """A title or a search's name as shown on one line: line breaks and runs of spaces become
    one space. (Mail headers are made safe for every app in core.mail_headers.)"""
    return " ".join(str(text).split())


# Letters NFKD does not take apart: a reader types « oe » for « œ ».
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


def search_fold(text: str) -> str:
    """Text as the word searches compare it (the ads' and the job offers'): lower case,
    without accents (« Zoé » and « zoe », « chêne » and « CHENE » are the same word).
    Punctuation is kept: the reader's quotes and minus signs still mean something to
    PostgreSQL's websearch_to_tsquery."""
    text = unicodedata.normalize("NFKD", str(text or "").translate(_LIGATURES))
    return "".join(char for char in text if not unicodedata.combining(char)).casefold()


def local_midnight(day: date) -> datetime:
    """The first instant of a day in Paris (midnight is never skipped nor repeated there:
    the clocks change at 2 and 3 in the morning)."""
    return datetime.combine(day, time(0, 0), tzinfo=ZoneInfo("Europe/Paris"))
