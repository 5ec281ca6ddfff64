"""What every part's pages tell search engines and social networks: absolute addresses on
SITE_URL, and descriptions cut the way result pages show them."""

from django.conf import settings

DESCRIPTION_MAX = 160  # what a result page shows of a description


def absolute(url: str) -> str:
    return settings.SITE_URL + url if url.startswith("/") else url


def description_trim(text: str, limit: int = DESCRIPTION_MAX) -> str:
    """A meta description: the text on one line, cut on a word boundary with « … »."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"
