"""Les commentaires: an article's threads as the site shows them, posting (and replying)
through the comments app's own service, and reporting a comment to the moderators."""

from datetime import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from rotative.api.auth import READER, confirmed_reader, reader
from rotative.api.errors import AUTH_ERRORS, COMMON_ERRORS, ApiError, ErrorOut, invalid, not_found
from rotative.api.pagination import MAX_PAGE_SIZE, PAGE_SIZE, CursorPagination
from rotative.api.routers.articles import article_online_or_404
from rotative.api.schemas.common import paris
from rotative.comments import selectors, services
from rotative.comments.models import BODY_MAX_LENGTH, Comment, CommentReport
from rotative.core.ratelimit import UNCOUNTED_REFUSAL
from rotative.core.utils import MAX_ID

router = Router(tags=["Commentaires"])  # at /commentaires
article_router = Router(tags=["Commentaires"])  # at /articles: an article's comments

ORDERING = ("-created_at", "-pk")


class CommentOut(Schema):
    id: int
    state: Literal["published", "pending", "deleted", "removed"] = Field(
        ...,
        description="`published` ; `pending` : en attente d'un modérateur (montré à son seul "
        "auteur) ; `deleted` (retiré par son auteur) et `removed` (par la modération) : "
        "gardés comme avis quand d'autres y ont répondu, sans auteur ni texte.",
    )
    author: str | None = Field(
        None, description="Le nom public du lecteur ; « Compte supprimé » s'il est parti."
    )
    text: str = Field("", description="Le texte brut : les sauts de ligne sont à afficher.")
    created_at: datetime
    edited: bool = Field(False, description="« (modifié) ».")
    parent: int | None = Field(None, description="Le commentaire auquel celui-ci répond.")


class ThreadOut(CommentOut):
    replies: list[CommentOut] = Field(..., description="Les réponses publiées, des plus anciennes.")


class ThreadPageOut(Schema):
    next: str | None = Field(None, description="Les commentaires plus anciens ; null à la fin.")
    previous: str | None = None
    results: list[ThreadOut]
    own_pending: list[CommentOut] = Field(
        [],
        description="Avec la clé du lecteur, sur la première page : ses commentaires en "
        "attente d'un modérateur, que lui seul voit (comme sur le site).",
    )


class CommentIn(Schema):
    text: str = Field(..., min_length=1, max_length=BODY_MAX_LENGTH)
    parent: int | None = Field(
        None, ge=1, le=MAX_ID, description="Pour répondre : l'`id` d'un commentaire publié."
    )


class PostedOut(CommentOut):
    message: str = Field(..., description="À montrer au lecteur : publié, ou en attente.")


class ReportIn(Schema):
    reason: Literal[tuple(CommentReport.Reason.values)] = Field(  # type: ignore[valid-type]
        ...,
        description="; ".join(
            f"`{value}` : {label}" for value, label in CommentReport.Reason.choices
        ),
    )
    details: str = Field("", max_length=500, description="Précisions, facultatives.")


class ReportedOut(Schema):
    message: str


class ThreadFilters(Schema):
    cursor: str | None = Field(None, max_length=500, description="La position donnée par `next`.")
    page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)


def _author(comment: Comment) -> str:
    if comment.author is None:
        return _("Compte supprimé")
    profile = getattr(comment.author, "profile", None)
    return (profile.display_name if profile else "") or _("Lecteur")


def comment_out(comment: Comment) -> dict:
    state = {
        Comment.Status.PUBLISHED: "published",
        Comment.Status.PENDING: "pending",
        Comment.Status.DELETED: "deleted",
        Comment.Status.REJECTED: "removed",
    }[comment.status]
    shown = state in ("published", "pending")
    return {
        "id": comment.pk,
        "state": state,
        "author": _author(comment) if shown else None,
        "text": comment.body if shown else "",
        "created_at": paris(comment.created_at),
        "edited": comment.edited_at is not None,
        "parent": comment.parent_id,
    }


@article_router.get(
    "/{article_id}/commentaires",
    response={200: ThreadPageOut, 401: ErrorOut, 404: ErrorOut, **COMMON_ERRORS},
    summary="Les commentaires d'un article",
    url_name="api_article_comments",
)
def comment_list(
    request,
    filters: Query[ThreadFilters],
    article_id: int = Path(..., ge=1, le=MAX_ID),
):
    """The threads as the article page shows them: published comments, newest first, each
    with its published replies, oldest first. Only for an article online."""
    article = article_online_or_404(article_id)
    # Asked on every page: a revoked key is refused on each (and a reader's answer is private).
    user = reader(request)
    page = CursorPagination(ordering=ORDERING).paginate_queryset(
        selectors.thread_tops(article=article),
        CursorPagination.Input(cursor=filters.cursor, page_size=filters.page_size or PAGE_SIZE),
        request,
    )
    own_pending = []
    if filters.cursor is None:
        own_pending = [comment_out(c) for c in selectors.own_pending(article=article, user=user)]
    return {
        **page,
        "results": [
            {**comment_out(top), "replies": [comment_out(r) for r in top.published_replies]}
            for top in page["results"]
        ],
        "own_pending": own_pending,
    }


# The refusals of comments.selectors.comments_can_post, as the app is told them.
_REFUSAL_CODES = {
    selectors.PostRefusal.CLOSED: "comments_closed",
    selectors.PostRefusal.UNCONFIRMED: "email_unverified",
    selectors.PostRefusal.BANNED: "banned",
    selectors.PostRefusal.ANONYMOUS: "authentication_required",
}


def _rate_refusals() -> set[str]:
    return {str(services.TOO_SOON), str(services.TOO_MANY), str(UNCOUNTED_REFUSAL)}


@article_router.post(
    "/{article_id}/commentaires",
    response={201: PostedOut, 404: ErrorOut, **AUTH_ERRORS},
    auth=READER,
    summary="Commenter un article",
    url_name="api_article_comment_post",
)
def comment_post(request, payload: CommentIn, article_id: int = Path(..., ge=1, le=MAX_ID)):
    """Posts the reader's comment (or reply, with `parent`) through the site's own rules:
    comments open on the article, a confirmed address, no ban, the rate limits, the word list
    and the section's moderation. 201 with `state` `published`, or `pending` when a moderator
    must see it first. 403 `comments_closed`, `email_unverified` or `banned`; 429
    `rate_limited`; 422 `comment_refused` (a refused word, an empty text…)."""
    article = article_online_or_404(article_id)
    user = request.user
    confirmed_reader(user)
    allowed, refusal = selectors.comments_can_post(user=user, article=article)
    if not allowed:
        raise ApiError(403, _REFUSAL_CODES[refusal], str(selectors.POST_REFUSAL_MESSAGES[refusal]))
    parent = None
    if payload.parent is not None:
        parent = selectors.comment_answerable(article=article, pk=payload.parent)
        if parent is None:
            raise invalid(
                _("Ce commentaire n'accepte plus de réponse."), field="parent", code="unavailable"
            )
    try:
        comment = services.comment_post(
            user=user, article=article, body=payload.text, parent=parent
        )
    except services.CommentError as error:
        if error.message in _rate_refusals():
            raise ApiError(
                429, "rate_limited", error.message, headers={"Retry-After": "60"}
            ) from error
        raise ApiError(
            422,
            "comment_refused",
            error.message,
            errors=[{"field": "text", "code": "refused", "message": error.message}],
        ) from error
    if comment.status == Comment.Status.PUBLISHED:
        message = _("Votre commentaire est publié.")
    else:
        message = _("Merci ! Votre commentaire sera publié après validation par un modérateur.")
    return Status(201, {**comment_out(comment), "message": message})


@router.post(
    "/{comment_id}/signalement",
    response={201: ReportedOut, 404: ErrorOut, 409: ErrorOut, **AUTH_ERRORS},
    auth=READER,
    summary="Signaler un commentaire",
    url_name="api_comment_report",
)
def comment_report(request, payload: ReportIn, comment_id: int = Path(..., ge=1, le=MAX_ID)):
    """Reports a published comment to the moderators, as « Signaler » does on the site; enough
    reports hide it until a moderator decides. 409 `already_reported`; 403 `own_comment`."""
    user = request.user
    confirmed_reader(user)
    comment = (
        Comment.objects.published()
        .select_related("article", "author__profile")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        raise not_found(_("Ce commentaire n'existe pas ou n'est plus en ligne."))
    article_online_or_404(comment.article_id)
    if comment.author_id == user.pk:
        raise ApiError(
            403, "own_comment", _("Vous ne pouvez pas signaler votre propre commentaire.")
        )
    if CommentReport.objects.filter(comment=comment, reporter=user).exists():
        raise ApiError(409, "already_reported", _("Vous avez déjà signalé ce commentaire."))
    try:
        services.comment_report(
            user=user,
            comment=comment,
            reason=payload.reason,
            details=payload.details,
        )
    except services.CommentError as error:
        raise ApiError(422, "report_refused", error.message) from error
    return Status(201, {"message": _("Merci, les modérateurs vont examiner ce commentaire.")})


@router.delete(
    "/{comment_id}",
    response={204: None, 404: ErrorOut, **AUTH_ERRORS},
    auth=READER,
    summary="Retirer mon commentaire",
    url_name="api_comment_delete",
)
def comment_delete(request, comment_id: int = Path(..., ge=1, le=MAX_ID)):
    """The reader withdraws one of their comments, as « Supprimer » does on the site: its
    words go; replies stay under a notice. Another reader's comment is a 404."""
    comment = (
        Comment.objects.select_related("article")
        .filter(pk=comment_id, author=request.user)
        .exclude(status=Comment.Status.DELETED)
        .first()
    )
    if comment is None:
        raise not_found(_("Ce commentaire n'existe pas ou n'est pas le vôtre."))
    services.comment_delete(user=request.user, comment=comment)
    return Status(204, None)
