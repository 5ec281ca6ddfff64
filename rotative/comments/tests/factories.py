"""Comments made the way readers make them (services.comment_post), and in bulk for volume."""

from datetime import timedelta

from django.utils import timezone

from rotative.comments import services
from rotative.comments.models import Comment


def comment_post(*, user, article, body="Merci pour cet article très complet.", parent=None):
    """A reader's comment through the service, without the rate limit between two posts."""
    from rotative.core.ratelimit import rate_interval_reset

    rate_interval_reset(scope="comments", key=str(user.pk))
    return services.comment_post(user=user, article=article, body=body, parent=parent)


def comments_bulk(*, article, author, count: int, replies_each: int = 0) -> list[Comment]:
    """Published comments (and replies) in a few statements, for volume tests."""
    now = timezone.now()
    top = Comment.objects.bulk_create(
        Comment(
            article=article,
            author=author,
            body=f"Commentaire numéro {n}.",
            status=Comment.Status.PUBLISHED,
            created_at=now - timedelta(minutes=n),
        )
        for n in range(count)
    )
    if replies_each:
        top = list(Comment.objects.filter(article=article, parent__isnull=True))
        Comment.objects.bulk_create(
            Comment(
                article=article,
                author=author,
                parent=parent,
                body=f"Réponse {n}.",
                status=Comment.Status.PUBLISHED,
                created_at=now,
            )
            for parent in top
            for n in range(replies_each)
        )
    return top
