"""The comment space on the article page, built once per request for the two slots."""

from django import template
from django.core.paginator import Paginator

from rotative.comments import selectors
from rotative.comments.forms import CommentForm
from rotative.comments.wording import comment_count_label

register = template.Library()

PAGE_PARAMETER = "commentaires"


def _summary(context) -> dict:
    """Count and open state, shared by the count under the title and the block below."""
    request, article = context["request"], context["page"]
    cached = getattr(request, "_comments_summary", None)
    if cached is not None and cached["article_id"] == article.pk:
        return cached
    site_setting = selectors.site_setting(request)
    count = selectors.comment_count(article=article)
    summary = {
        "article_id": article.pk,
        "count": count,
        "count_label": comment_count_label(count),
        "open": selectors.comments_open(
            article=article, site_setting=site_setting, section=context.get("section")
        ),
    }
    request._comments_summary = summary
    return summary


@register.simple_tag(takes_context=True)
def comment_summary(context):
    return _summary(context)


@register.inclusion_tag("comments/panel.html", takes_context=True)
def comments_panel(context):
    request, article = context["request"], context["page"]
    user = request.user
    summary = _summary(context)
    # The rule comment_post applies: the page offers the form exactly when the post succeeds.
    can_post, refusal = selectors.comments_can_post(
        user=user,
        article=article,
        site_setting=selectors.site_setting(request),
        section=context.get("section"),
    )
    return {
        "request": request,
        "user": user,
        "article": article,
        "summary": summary,
        # No published comment, no thread to show (a withdrawn one stays only when others
        # answered it): most articles, spared two queries.
        "threads": selectors.comment_threads(
            article=article, page_number=request.GET.get(PAGE_PARAMETER)
        )
        if summary["count"]
        else Paginator([], selectors.THREADS_PER_PAGE).get_page(1),
        "own_pending": selectors.own_pending(article=article, user=user),
        "can_post": can_post,
        "refusal": refusal,
        "form": CommentForm() if can_post else None,
        "page_parameter": PAGE_PARAMETER,
        # With the request: Wagtail reads the sites' root paths once for the page.
        "back": (article.get_url(request) or "/") + "#commentaires",
    }


@register.filter
def editable_by(comment, user) -> bool:
    return comment.editable_by(user)
