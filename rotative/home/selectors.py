"""What the news site shows around every page: the menu's sections, En ce moment, the banner."""

from rotative.core import site_parts
from rotative.core.site_parts import Alert
from rotative.home.models import PinnedTopic
from rotative.news import selectors as news_selectors

EN_CE_MOMENT_SIZE = 8


def navigation_sections():
    """Sections in menu order, as plain (title, url) pairs (held with the rest of the chrome:
    home.context_processors)."""
    return [(s.title, s.get_url()) for s in news_selectors.sections()]


def en_ce_moment(*, size=EN_CE_MOMENT_SIZE):
    """Topics pinned by editors first, then the most-read tags of the last 24 hours."""
    from django.urls import reverse

    topics = []
    for pin in PinnedTopic.objects.active().select_related("tag", "page").order_by("sort_order"):
        if pin.tag_id:
            topics.append(
                {
                    "label": pin.label,
                    "url": reverse("news:tag", args=[pin.tag.slug]),
                    "pinned": True,
                }
            )
        elif pin.page.live:
            topics.append({"label": pin.label, "url": pin.page.url, "pinned": True})
    seen = {t["url"] for t in topics}
    for name, slug in news_selectors.trending_tags(hours=24, limit=size):
        url = reverse("news:tag", args=[slug])
        if url not in seen and len(topics) < size:
            topics.append({"label": name, "url": url, "pinned": False})
            seen.add(url)
    return topics[:size]


def breaking_banner(*, request=None) -> Alert | None:
    """The one selector of the banner on every page: the newest current alert, an article
    flagged « Alerte info » (as new as its last publication) or one of the other parts'
    (En direct registers its flagged entries, as new as their time), whichever is newer.
    What « current » means is each part's `breaking_now` queryset: the article's
    `breaking_until`, four hours for an entry."""
    found = []
    article = news_selectors.breaking_article()
    if article is not None:
        found.append(Alert(article.title, article.get_url(request), article.last_published_at))
    for source in site_parts.registry.alert_sources:
        if (alert := source(request)) is not None:
            found.append(alert)
    return max(found, key=lambda alert: alert.at, default=None)
