"""L'emploi's blocks in the layout's slots (jobs.blocks reads and keeps them)."""

from django import template
from django.utils.safestring import mark_safe

from rotative.jobs import blocks
from rotative.news.selectors import article_communes

register = template.Library()


@register.simple_tag(takes_context=True)
def jobs_article_block(context, article):
    """The online offers of the communes the article names (news.selectors.article_communes:
    kept by text, read once for the agenda's block and this one; a preview reads its own)."""
    if article is None or not hasattr(article, "chapo"):
        return ""
    request = context.get("request")
    preview = bool(getattr(request, "is_preview", False))
    communes = article_communes(article, use_cache=not preview)
    html = blocks.article_block_html(article_id=article.pk or 0, communes=communes)
    return mark_safe(html)  # noqa: S308 (our template, escaped there)


@register.simple_tag
def jobs_home_block():
    """« Emploi » on the home page (blocks.home_block_html)."""
    return mark_safe(blocks.home_block_html())  # noqa: S308 (our template, escaped there)
