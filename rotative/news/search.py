"""Full-text search of articles through Wagtail's search backend (FTS5 or PostgreSQL)."""

import re

from rotative.news.models import ArticlePage
from rotative.news.selectors import teasers

# What readers type that the backends would take as syntax or refuse: double quotes (FTS5
# reads them as string delimiters, and the backend does not escape them), control characters
# (NUL ends SQLite's strings and PostgreSQL refuses it).
_NOT_WORDS = re.compile(r'["\x00-\x1f\x7f]')


def search_words(query: str) -> str:
    """The words of a reader's query, without what the search backends cannot take."""
    return " ".join(_NOT_WORDS.sub(" ", query).split())


SORT_RELEVANCE = "pertinence"
SORT_DATE = "date"
SORTS = (SORT_RELEVANCE, SORT_DATE)


def article_search(*, query: str, sort: str = SORT_RELEVANCE, within=None):
    """Published articles matching the words of `query`, accents and case ignored: best
    matches first, or newest first when `sort` is SORT_DATE. `within`: a queryset of articles
    to search among (a section's, a topic's), filtered on FilterFields only."""
    base = teasers(ArticlePage.objects.all() if within is None else within)
    if sort == SORT_DATE:
        # The search backends only sort by FilterFields: "id" is one (Page's), "pk" is not.
        base = base.order_by("-first_published_at", "-id")
    return base.search(search_words(query), operator="and", order_by_relevance=sort != SORT_DATE)
