"""Decoupled reactions: a new password signs the app out of every device (allauth's signals,
sent by the site's password change and reset); and what the front cache keeps of the API
goes with what changed it, like the site's pages (core.front_cache: purged by path, whatever
the query string)."""

from allauth.account.signals import password_changed, password_reset, password_set
from django.db.models.signals import post_save
from django.urls import reverse

from rotative.api.services import tokens_revoke_all
from rotative.core import front_cache


def on_password_changed(sender, request, user, **kwargs):
    tokens_revoke_all(user=user)


def _url(name: str, *args) -> str:
    return front_cache.public_url(reverse(f"api-v1:{name}", args=args))


def article_api_urls(article) -> list[str]:
    """The API's answers that show an article: the list (every filter and page: one path),
    the article itself and its comments; a live blog's own too."""
    from rotative.live.models import LiveBlogPage

    urls = [
        _url("api_articles"),
        _url("api_article", article.pk),
        _url("api_article_comments", article.pk),
    ]
    if isinstance(article, LiveBlogPage):
        urls += [_url("api_live_blog", article.pk), _url("api_live_blog_entries", article.pk)]
    return urls


def page_api_urls(page) -> list[str]:
    """What a page published or unpublished changes in the API (core.front_cache sends them
    with the page's own, in one batch)."""
    from rotative.news.models import ArticlePage, SectionPage

    if isinstance(page, ArticlePage):
        return article_api_urls(page)
    if isinstance(page, SectionPage):
        return [_url("api_sections"), _url("api_articles")]
    return []


def on_comment_saved(sender, instance, **kwargs):
    """A comment posted, edited, moderated or withdrawn: its thread and the article's count."""
    if front_cache.enabled():
        article_id = instance.article_id
        front_cache.purge_after_commit(
            [_url("api_article", article_id), _url("api_article_comments", article_id)]
        )


def on_live_event(sender, instance, created, **kwargs):
    """Every change of En direct is an event (live.services): the feed it belongs to."""
    from rotative.live.models import SITE_CHANNEL
    from rotative.live.selectors import BLOG_CHANNEL

    if not (created and front_cache.enabled()):
        return
    if instance.channel == SITE_CHANNEL:
        urls = [_url("api_live"), _url("api_live_stream")]
    elif match := BLOG_CHANNEL.match(instance.channel):
        urls = [_url("api_live_blog_entries", int(match[1])), _url("api_live_stream")]
    else:
        return
    front_cache.purge_after_commit(urls)


def connect() -> None:
    from rotative.comments.models import Comment
    from rotative.live.models import LiveEvent

    for signal in (password_changed, password_reset, password_set):
        signal.connect(on_password_changed, dispatch_uid=f"api-tokens-{id(signal)}")
    front_cache.page_extra_urls_register(page_api_urls)
    post_save.connect(on_comment_saved, sender=Comment, dispatch_uid="api-front-cache-comments")
    post_save.connect(on_live_event, sender=LiveEvent, dispatch_uid="api-front-cache-live")
