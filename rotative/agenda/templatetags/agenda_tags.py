"""The agenda's blocks in the layout's slots: each calls a selector that reads and keeps it."""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from rotative.agenda import selectors
from rotative.core import chrome
from rotative.news.selectors import article_communes

register = template.Library()


@register.simple_tag
def agenda_side_block():
    """« À venir » in the side column (selectors.side_block_html)."""
    html = chrome.memo("agenda_side", lambda: selectors.side_block_html(now=timezone.now()))
    return mark_safe(html)  # noqa: S308 (escaped there)


@register.simple_tag
def agenda_home_block():
    """« Sorties » on the home page (selectors.home_block_html)."""
    return mark_safe(selectors.home_block_html(now=timezone.now()))  # noqa: S308 (escaped there)


@register.simple_tag(takes_context=True)
def agenda_article_block(context, article):
    """What's on this week in the communes the article names (news.selectors.article_communes:
    kept by text; a preview reads its own)."""
    if article is None or not hasattr(article, "chapo"):
        return ""
    request = context.get("request")
    preview = bool(getattr(request, "is_preview", False))
    communes = article_communes(article, use_cache=not preview)
    html = selectors.article_block_html(
        article_id=article.pk or 0, communes=communes, now=timezone.now()
    )
    return mark_safe(html)  # noqa: S308 (our template, escaped there)
