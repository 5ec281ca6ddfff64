"""Writes of the comment space: post, edit, delete, report, moderate, ban, erase.

Each refusal raises CommentError with the sentence shown to the reader. Mail and cache purges
are queued after the commit.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rotative.comments import selectors
from rotative.comments.models import (
    Comment,
    CommentReport,
    CommentSettings,
    ReaderBan,
)
from rotative.core import moderation
from rotative.core.ratelimit import rate_interval_allows, rate_limit_allows, refusal_reason
from rotative.news.models import ArticlePage


class CommentError(Exception):
    """A refused action; `message` is shown to the reader as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- readers --------------------------------------------------------------------------------


@transaction.atomic
def comment_post(
    *, user, article: ArticlePage, body: str, parent: Comment | None = None
) -> Comment:
    """A reader's comment or reply: published, held for a moderator, or refused."""
    _check_can_post(user=user, article=article)
    body = _clean_body(body)
    if parent is not None:
        if parent.article_id != article.pk or parent.status != Comment.Status.PUBLISHED:
            raise CommentError(_("Ce commentaire n'accepte plus de réponse."))
        parent = parent.parent or parent  # a reply to a reply joins the same thread
    _check_rate(user=user)
    status, held_reason = _status_for(body=body, article=article)
    comment = Comment.objects.create(
        article=article,
        author=user,
        parent=parent,
        body=body,
        status=status,
        held_reason=held_reason,
    )
    if status == Comment.Status.PUBLISHED:
        _after_publication(comment)
    return comment


@transaction.atomic
def comment_edit(*, user, comment: Comment, body: str) -> Comment:
    """The author rewrites their comment within ten minutes; the word list applies again."""
    refusal = comment.edit_refusal(user)  # the same rule hides the « Modifier » link
    if refusal:
        raise CommentError(refusal)
    comment.body = _clean_body(body)
    comment.edited_at = timezone.now()
    status, held_reason = _status_for(body=comment.body, article=comment.article)
    if comment.status == Comment.Status.PUBLISHED and status == Comment.Status.PENDING:
        comment.status, comment.held_reason = status, held_reason
    comment.save(update_fields=["body", "edited_at", "status", "held_reason"])
    _purge_article(comment.article)
    return comment


@transaction.atomic
def comment_delete(*, user, comment: Comment) -> None:
    """The author withdraws their comment: its words go; replies stay under a notice."""
    if comment.author_id != user.pk:
        raise CommentError(_("Vous ne pouvez supprimer que vos propres commentaires."))
    comment.status = Comment.Status.DELETED
    comment.body = ""
    comment.save(update_fields=["status", "body"])
    _purge_article(comment.article)


@transaction.atomic
def comment_report(*, user, comment: Comment, reason: str, details: str = "") -> CommentReport:
    """A reader flags a comment; enough reports hide it until a moderator decides."""
    if comment.status != Comment.Status.PUBLISHED:
        raise CommentError(_("Ce commentaire n'est plus en ligne."))
    if comment.author_id == user.pk:
        raise CommentError(_("Vous ne pouvez pas signaler votre propre commentaire."))
    report, created = CommentReport.objects.get_or_create(
        comment=comment, reporter=user, defaults={"reason": reason, "details": details.strip()}
    )
    if not created:
        raise CommentError(_("Vous avez déjà signalé ce commentaire."))
    Comment.objects.filter(pk=comment.pk).update(open_reports=F("open_reports") + 1)
    comment.refresh_from_db(fields=["open_reports"])
    threshold = _settings(comment.article).hide_after_reports
    if threshold and comment.open_reports >= threshold:
        comment.status = Comment.Status.PENDING
        comment.held_reason = _("Signalé par %(count)d lecteurs") % {"count": comment.open_reports}
        comment.save(update_fields=["status", "held_reason"])
        _purge_article(comment.article)
    return report


# --- moderators -----------------------------------------------------------------------------


@transaction.atomic
def comment_approve(*, moderator, comment: Comment) -> Comment:
    was_published = comment.status == Comment.Status.PUBLISHED
    comment.status = Comment.Status.PUBLISHED
    comment.held_reason = ""
    _moderated(comment, moderator)
    if not was_published:
        _after_publication(comment)
    return comment


@transaction.atomic
def comment_reject(*, moderator, comment: Comment, reason: str) -> Comment:
    """Off the site, with the reason given to its author (unless they turned mail off)."""
    reason = reason.strip()
    if not reason:
        raise CommentError(_("Indiquez le motif du refus : son auteur le recevra."))
    comment.status = Comment.Status.REJECTED
    comment.rejection_reason = reason[:500]
    _moderated(comment, moderator)
    _purge_article(comment.article)
    if comment.author_id:
        from rotative.comments.tasks import notify_rejection

        transaction.on_commit(lambda: notify_rejection.enqueue(comment.pk))
    return comment


@transaction.atomic
def reader_ban(*, moderator, user, reason: str) -> ReaderBan:
    """The reader can no longer comment; what they left waiting is refused."""
    ban, _created = ReaderBan.objects.update_or_create(
        user=user, defaults={"reason": reason.strip()[:500], "banned_by": moderator}
    )
    pending = Comment.objects.filter(author=user, status=Comment.Status.PENDING)
    pending.update(
        status=Comment.Status.REJECTED,
        rejection_reason=_("Auteur banni : %(reason)s") % {"reason": ban.reason},
        moderated_at=timezone.now(),
        moderated_by=moderator,
    )
    return ban


def reader_unban(*, user) -> None:
    ReaderBan.objects.filter(user=user).delete()


def _moderated(comment: Comment, moderator) -> None:
    comment.moderated_at = timezone.now()
    comment.moderated_by = moderator
    comment.open_reports = 0
    comment.save()
    comment.reports.filter(resolved_at__isnull=True).update(resolved_at=comment.moderated_at)


# --- account data ---------------------------------------------------------------------------


def comments_export(user) -> dict:
    """The reader's comments and reports, for "Mes données"."""
    comments = Comment.objects.filter(author=user).select_related("article").order_by("pk")
    reports = CommentReport.objects.filter(reporter=user).order_by("pk")
    ban = ReaderBan.objects.filter(user=user).first()
    return {
        "comments": [
            {
                "article": c.article.title,
                "url": settings.SITE_URL + (c.article.url or ""),
                "text": c.body,
                "status": c.status,
                "reply_to": c.parent_id,
                "written_at": c.created_at.isoformat(),
                "edited_at": c.edited_at.isoformat() if c.edited_at else None,
                "rejection_reason": c.rejection_reason,
            }
            for c in comments
        ],
        "reports": [
            {
                "comment": r.comment_id,
                "reason": r.reason,
                "details": r.details,
                "reported_at": r.created_at.isoformat(),
            }
            for r in reports
        ],
        "banned": ban is not None,
        "ban": {"reason": ban.reason, "since": ban.created_at.isoformat()} if ban else None,
    }


def comments_erase(user) -> None:
    """Before an account goes: keep its comments unsigned, or withdraw them, as set."""
    comments = Comment.objects.filter(author=user)
    article_ids = set(comments.values_list("article_id", flat=True))
    if _default_settings().on_account_deletion == CommentSettings.OnAccountDeletion.REMOVE:
        # Replies by others stay, under a "deleted" notice, as when an author withdraws one.
        comments.update(status=Comment.Status.DELETED, body="", author=None)
    else:
        comments.update(author=None)
    for article_id in article_ids:
        _purge_article(ArticlePage(pk=article_id))


# --- rules ----------------------------------------------------------------------------------


def _check_can_post(*, user, article: ArticlePage) -> None:
    # The same rule decides whether the article page offers the form.
    allowed, refusal = selectors.comments_can_post(user=user, article=article)
    if not allowed:
        raise CommentError(str(selectors.POST_REFUSAL_MESSAGES[refusal]))


def _clean_body(body: str) -> str:
    body = moderation.normalise_text(body)
    if not body:
        raise CommentError(_("Votre commentaire est vide."))
    if len(body) > Comment._meta.get_field("body").max_length:
        raise CommentError(
            _("Votre commentaire dépasse %(max)d caractères.")
            % {"max": Comment._meta.get_field("body").max_length}
        )
    return body


def _status_for(*, body: str, article: ArticlePage) -> tuple[str, str]:
    words = moderation.moderation_words()
    banned = moderation.find_words(body, words[moderation.REJECT])
    if banned:
        raise CommentError(
            _("Votre commentaire contient un terme refusé sur ce site : « %(word)s ».")
            % {"word": banned[0]}
        )
    suspect = moderation.find_words(body, words[moderation.HOLD])
    if suspect:
        return Comment.Status.PENDING, _("Mot à vérifier : %(word)s") % {"word": suspect[0]}
    if selectors.comments_premoderated(article=article):
        return Comment.Status.PENDING, _("Rubrique modérée a priori")
    return Comment.Status.PUBLISHED, ""


def _check_rate(*, user) -> None:
    """At most COMMENTS_RATE_LIMIT comments per window and one every COMMENTS_MIN_INTERVAL."""
    key = str(user.pk)
    seconds = settings.COMMENTS_MIN_INTERVAL_SECONDS
    if not rate_interval_allows(scope="comments", key=key, seconds=seconds):
        raise CommentError(refusal_reason(TOO_SOON))
    limit, window = settings.COMMENTS_RATE_LIMIT
    if not rate_limit_allows(scope="comments", key=key, limit=limit, window=window):
        raise CommentError(refusal_reason(TOO_MANY))


TOO_SOON = gettext_lazy("Vous venez de publier un commentaire : patientez quelques secondes.")
TOO_MANY = gettext_lazy(
    "Vous avez publié beaucoup de commentaires en peu de temps : réessayez plus tard."
)


def _settings(article: ArticlePage) -> CommentSettings:
    return selectors.comment_settings_for(article)


def _default_settings() -> CommentSettings:
    from wagtail.models import Site

    return CommentSettings.for_site(Site.objects.get(is_default_site=True))


def _after_publication(comment: Comment) -> None:
    _purge_article(comment.article)
    parent = comment.parent
    if parent is not None and parent.author_id and parent.author_id != comment.author_id:
        from rotative.comments.tasks import notify_reply

        transaction.on_commit(lambda: notify_reply.enqueue(comment.pk))


def _purge_article(article: ArticlePage) -> None:
    """What readers see of the article's comments has changed: its count is counted again
    (now, and after the commit, which a page counting in between cannot have seen), and
    anonymous readers' copy of the page in the shared cache is dropped after the commit."""
    from rotative.core import front_cache

    selectors.comment_count_forget(article_id=article.pk)
    transaction.on_commit(lambda: selectors.comment_count_forget(article_id=article.pk))
    if front_cache.enabled():
        front_cache.purge_after_commit(
            front_cache.page_urls(ArticlePage.objects.get(pk=article.pk))
        )
