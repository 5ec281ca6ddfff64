"""Reads of the comment space, in a fixed number of queries whatever the thread's size."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rotative.accounts.selectors import reader_can_comment
from rotative.comments.models import Comment, CommentSettings, ModerationWord, ReaderBan
from rotative.core import chrome

THREADS_PER_PAGE = 20


class PostRefusal:
    """Why a reader may not post under an article, in the order the article page says it."""

    CLOSED = "closed"
    ANONYMOUS = "anonymous"
    UNCONFIRMED = "unconfirmed"
    BANNED = "banned"


# The sentence a refused reader reads (the article page adds its links around the same words).
POST_REFUSAL_MESSAGES = {
    PostRefusal.CLOSED: _("Les commentaires sont fermés pour cet article."),
    PostRefusal.ANONYMOUS: _("Connectez-vous pour pouvoir commenter cet article."),
    PostRefusal.UNCONFIRMED: _(
        "Confirmez votre adresse e-mail pour pouvoir commenter : le lien vous a été envoyé."
    ),
    PostRefusal.BANNED: _("Votre compte ne peut plus publier de commentaires."),
}


def comment_settings_for(article) -> CommentSettings:
    """The comment settings of the article's site (the default site's for a page without one)."""
    from wagtail.models import Site

    site = article.get_site() or Site.objects.get(is_default_site=True)
    return CommentSettings.for_site(site)


def comments_can_post(
    *, user, article, site_setting: CommentSettings | None = None, section=None, now=None
) -> tuple[bool, str]:
    """(True, "") when `user` may comment `article` now, else (False, a PostRefusal).

    The one rule for the comment form on the article page, the « Répondre » links, the
    comment page and comment_post. Comments open first (a closed article is closed to all),
    then a logged-in account with a confirmed address, then no ban.
    """
    site_setting = site_setting or comment_settings_for(article)
    if not comments_open(article=article, site_setting=site_setting, section=section, now=now):
        return False, PostRefusal.CLOSED
    if not getattr(user, "is_authenticated", False):
        return False, PostRefusal.ANONYMOUS
    if not reader_can_comment(user=user):
        return False, PostRefusal.UNCONFIRMED
    if ReaderBan.objects.filter(user=user).exists():
        return False, PostRefusal.BANNED
    return True, ""


def comments_premoderated(*, article, section=None) -> bool:
    """A section set to « a priori » holds every comment for a moderator."""
    section = section if section is not None else article.get_parent().specific
    return getattr(section, "comments_moderation", "post") == "pre"


def site_setting(request) -> CommentSettings:
    """The site's comment settings, held by the process for the edition (core.chrome; saving
    them starts a new one: CommentsConfig.ready)."""
    return chrome.memo(
        "comment_settings",
        lambda: CommentSettings.for_request(request),
        key=chrome.site_key(request),
    )


def comments_open(*, article, site_setting: CommentSettings, section=None, now=None) -> bool:
    """Open unless closed on the article, on its section, or by age (the site's setting)."""
    if not article.comments_open:
        return False
    section = section if section is not None else article.get_parent().specific
    if not getattr(section, "comments_open", True):
        return False
    days = site_setting.close_after_days
    if days and article.first_published_at:
        return (now or timezone.now()) < article.first_published_at + timedelta(days=days)
    return True


def moderation_word_list():
    """The moderators' word list as (word, action) pairs: handed to core.moderation, which
    every app where readers write checks (CommentsConfig.ready)."""
    return ModerationWord.objects.values_list("word", "action")


# The count under every article's title is kept in the shared cache: counting is a query on
# every page view, and it changes only when a comment appears or goes, which
# services._purge_article forgets at once. The lifetime bounds what a count computed
# during a change, from before its commit, could keep.
COUNT_SECONDS = 60


def _count_key(article_id) -> str:
    return f"comments:count:{article_id}"


def comment_count(*, article) -> int:
    count = cache.get(_count_key(article.pk))
    if count is None:
        count = Comment.objects.for_article(article).published().count()
        cache.set(_count_key(article.pk), count, COUNT_SECONDS)
    return count


def comment_count_forget(*, article_id) -> None:
    cache.delete(_count_key(article_id))


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment]


def comment_threads(*, article, page_number=1, per_page=THREADS_PER_PAGE) -> Page:
    """Top-level comments, newest first, each with its published replies (oldest first).

    A withdrawn or refused comment stays as a notice when others answered it. Three queries:
    the page's threads, their count, the replies.
    """
    page = Paginator(thread_tops(article=article), per_page).get_page(page_number)
    page.object_list = [Thread(c, c.published_replies) for c in page.object_list]
    return page


def thread_tops(*, article):
    """The top-level comments the article shows (comment_threads), newest first, each with
    its published replies in `published_replies`: the rule shared with the app's API."""
    published_replies = Comment.objects.filter(
        parent=OuterRef("pk"), status=Comment.Status.PUBLISHED
    )
    return (
        Comment.objects.for_article(article)
        .filter(parent__isnull=True)
        .filter(
            Q(status=Comment.Status.PUBLISHED)
            | Q(
                Exists(published_replies),
                status__in=[Comment.Status.DELETED, Comment.Status.REJECTED],
            )
        )
        .select_related("author__profile")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Comment.objects.published()
                .select_related("author__profile")
                .order_by("created_at"),
                to_attr="published_replies",
            )
        )
        .order_by("-created_at", "-pk")
    )


def comment_answerable(*, article, pk: int) -> Comment | None:
    """The comment a reader may answer and quote: published, under this article.

    Anything else (held, refused, withdrawn, another article's, unknown) is None alike, so
    the reply form never shows words a moderator has not let through nor tells them apart.
    """
    return (
        Comment.objects.for_article(article)
        .published()
        .select_related("author__profile")
        .filter(pk=pk)
        .first()
    )


def own_pending(*, article, user) -> list[Comment]:
    """The reader's comments waiting for a moderator: shown to them alone."""
    if not user.is_authenticated:
        return []
    return list(
        Comment.objects.for_article(article)
        .filter(author=user, status=Comment.Status.PENDING)
        .order_by("created_at")
    )


def reader_history(*, user, limit=20) -> dict:
    """What a moderator sees beside a comment: the reader's record."""
    counts = dict(
        Comment.objects.filter(author=user)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "recent": list(
            Comment.objects.filter(author=user)
            .select_related("article")
            .order_by("-created_at")[:limit]
        ),
        "counts": {status: counts.get(status, 0) for status in Comment.Status.values},
        "ban": ReaderBan.objects.filter(user=user).first(),
    }


def moderation_queue(*, tab: str):
    """Pending comments oldest first (the longest wait first), or reported ones most first."""
    comments = Comment.objects.select_related("article", "author__profile", "parent").annotate(
        report_total=Count("reports")
    )
    if tab == "reported":
        return comments.reported().order_by("-open_reports", "created_at")
    if tab == "all":
        return comments.order_by("-created_at")
    return comments.awaiting_moderation().order_by("created_at")


def comments_awaiting_moderation_count() -> int:
    """Held comments a moderator has not yet published or refused."""
    return Comment.objects.awaiting_moderation().count()


def comments_reported_count() -> int:
    """Published comments with reports a moderator has not yet dealt with."""
    return Comment.objects.reported().count()
