"""Full-text search of articles through Wagtail's search backend (FTS5 or PostgreSQL)."""

from rotative.news.models import ArticlePage
from rotative.news.selectors import teasers


def article_search(*, query: str):
    """Ranked published articles matching the words of `query`, accents and case ignored."""
    base = teasers(ArticlePage.objects.all())
    return base.search(query, operator="and", order_by_relevance=True)
