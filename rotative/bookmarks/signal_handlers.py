"""A deleted article, ad or event leaves no bookmark behind (a hidden one stays: it may come
back, and the list says it is unavailable meanwhile)."""

from django.db.models.signals import post_delete

from rotative.bookmarks.kinds import KINDS
from rotative.bookmarks.models import Bookmark


def target_deleted(sender, instance, **kwargs):
    for kind in KINDS.values():
        if sender is kind.model:
            Bookmark.objects.filter(content_type=kind.content_type, object_id=instance.pk).delete()


def connect() -> None:
    for kind in KINDS.values():
        post_delete.connect(
            target_deleted, sender=kind.model, dispatch_uid=f"bookmarks:{kind.name}"
        )
