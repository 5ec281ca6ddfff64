"""Saving for later and taking back: the only writes of « À lire plus tard »."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rotative.bookmarks.kinds import KINDS, kind_of
from rotative.bookmarks.models import Bookmark
from rotative.core.ratelimit import rate_limit_allows

# Enough for years of reading on the bus; a list longer than that is a script's.
MAX_BOOKMARKS = 1000
# Saving is cheap, but each save is a row: a reader on the bus saves a handful an hour.
ADDS_PER_HOUR = 120
ADDS_WINDOW = 3600
TOO_FAST = gettext_lazy(
    "Vous avez enregistré beaucoup de contenus en peu de temps : réessayez plus tard."
)


def bookmark_add_allowed(*, user) -> bool:
    """Count one save by `user`; whether it is within ADDS_PER_HOUR. The site's button and
    the app's API count together, so that a reader has one allowance whatever they use."""
    return rate_limit_allows(
        scope="bookmarks-add", key=str(user.pk), limit=ADDS_PER_HOUR, window=ADDS_WINDOW
    )


def _kind_or_refuse(target):
    name = kind_of(target)
    if name is None:
        raise ValidationError(
            _("Seuls les articles, les annonces et les sorties peuvent être enregistrés."),
            code="not_bookmarkable",
        )
    return KINDS[name]


def bookmark_add(*, user, target) -> Bookmark:
    """Keep `target` (an article, an ad or an event) in `user`'s « À lire plus tard ».

    Saving twice keeps the first save. Refused (ValidationError, French message): anything
    that is not one of the three kinds, a target readers cannot open now (a draft or
    unpublished article, an ad not online, an event not published or cancelled), and a list
    already holding MAX_BOOKMARKS."""
    kind = _kind_or_refuse(target)
    if not kind.visible().filter(pk=target.pk).exists():
        raise ValidationError(kind.unavailable, code="unavailable")
    content_type = kind.content_type
    with transaction.atomic():
        # One save at a time per reader, so that two at once cannot both pass the cap.
        get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
        mine = Bookmark.objects.filter(user=user)
        found = mine.filter(content_type=content_type, object_id=target.pk).first()
        if found is not None:
            return found
        if mine.count() >= MAX_BOOKMARKS:
            raise ValidationError(
                _(
                    "Votre liste « À lire plus tard » est pleine (%(max)s contenus) : "
                    "retirez-en quelques-uns pour en enregistrer d'autres."
                )
                % {"max": f"{MAX_BOOKMARKS:,}".replace(",", "\u202f")},
                code="too_many",
            )
        try:
            with transaction.atomic():
                return Bookmark.objects.create(
                    user=user, content_type=content_type, object_id=target.pk
                )
        except IntegrityError:  # saved at the same moment from another device
            return mine.get(content_type=content_type, object_id=target.pk)


def bookmark_remove(*, user, target) -> bool:
    """Take `target` out of `user`'s list; whether it was there. Only the target's type and
    pk are read, so a target deleted since (or an unsaved `Model(pk=…)`) can be taken out."""
    kind = _kind_or_refuse(target)
    deleted, _rows = Bookmark.objects.filter(
        user=user, content_type=kind.content_type, object_id=target.pk
    ).delete()
    return deleted > 0
