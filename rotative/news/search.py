"""Full-text search of articles through Wagtail's search backend (FTS5 or PostgreSQL).

A search ranks only the most recent matches (`settings.SEARCH_RANKED_MATCHES`, 500 by default)
and counts no further. Ranking every match cost 1.5 s for « maire » on 100,000 articles on
PostgreSQL (ts_rank on every one of them, then a COUNT doing it again), and held a database
connection as long under load (docs/performance.md, « Recherche »). Bounding the ranking works
on any PostgreSQL, with or without extensions (RUM would rank in the index, but a production
server may not have it), and on SQLite: the newest matches are found by walking the
publication-date index and stopping at the bound, or, for a rarer word, from the full-text index
then sorted by date; only those are ranked (news.ranking). A news reader wants recent stories:
among the 500 newest matches the best comes first, and past them the count reads « plus de 500 ».
The bound sets the cost: the walk reads about bound ÷ (share of articles matching) rows.
"""

import re

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from rotative.news import ranking
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


class BoundedSearch:
    """The matches of a search, sliceable and countable like a queryset, so that Django's
    paginator and the API page through it: at most `bound` of them, the newest, in order of
    relevance or of date. `more_than_bound` says there were more."""

    def __init__(self, *, within, words: str, sort: str, bound: int):
        self._within = within
        self._words = words
        self._sort = sort
        self.bound = bound
        self._ids = None
        self._more = False

    def _ordered_ids(self) -> list[int]:
        if self._ids is None:
            now = timezone.now()
            matches = (
                self._within.published()
                # The backends otherwise find a story past its expiry until the scheduler
                # unpublishes it (a minute later at most).
                .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
                # "id", not "pk": the backends only sort by FilterFields, and "pk" is not one.
                .order_by("-first_published_at", "-id")
                .search(self._words, operator="and", order_by_relevance=False)
            )
            # One row past the bound tells « more than » from « exactly ».
            newest = ranking.newest_matches(matches, limit=self.bound + 1)
            self._more = len(newest) > self.bound
            newest = newest[: self.bound]
            if self._sort != SORT_DATE:
                newest = ranking.by_relevance(matches, newest)
            self._ids = [row.id for row in newest]
        return self._ids

    @property
    def more_than_bound(self) -> bool:
        self._ordered_ids()
        return self._more

    def count(self) -> int:
        return len(self._ordered_ids())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        ids = self._ordered_ids()[item]
        if not ids:
            return []
        articles = teasers(ArticlePage.objects.filter(id__in=ids)).in_bulk()
        # A match unpublished between the two statements is left out, not shown.
        return [articles[pk] for pk in ids if pk in articles]


def article_search(*, query: str, sort: str = SORT_RELEVANCE, within=None) -> BoundedSearch:
    """Published articles matching the words of `query`, accents and case ignored: among the
    `settings.SEARCH_RANKED_MATCHES` newest matches, best first, or newest first when `sort`
    is SORT_DATE. `within`: a queryset of articles to search among (a section's, a topic's),
    filtered on FilterFields only."""
    return BoundedSearch(
        within=ArticlePage.objects.all() if within is None else within,
        words=search_words(query),
        sort=sort,
        bound=settings.SEARCH_RANKED_MATCHES,
    )
