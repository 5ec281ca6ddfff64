"""« À lire plus tard »: what a reader keeps to read or see later, on the site and the app."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rotative.bookmarks.kinds import CONTENT_TYPES, kind_of_content_type


class Bookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    # An article, an ad or an event (kinds.py): the services refuse anything else.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, limit_choices_to=CONTENT_TYPES, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("enregistré le"), default=timezone.now)

    class Meta:
        verbose_name = _("contenu à lire plus tard")
        verbose_name_plural = _("contenus à lire plus tard")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="bookmark_once_per_target"
            )
        ]
        indexes = [
            # « À lire plus tard », newest first.
            models.Index(fields=["user", "-created_at"], name="bookmark_user_newest"),
            # The bookmarks of a target that is deleted go with it (signal_handlers.py).
            models.Index(fields=["content_type", "object_id"], name="bookmark_target"),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.kind} {self.object_id}"

    @property
    def kind(self) -> str:
        """« article », « annonce » or « evenement » (kinds.py): for the page and the API."""
        found = kind_of_content_type(self.content_type_id)
        return found.name if found else ""
