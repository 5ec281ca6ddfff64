"""« À lire plus tard » in « Mes données » (registered in apps.py, see accounts.data). The
rows go with the account (Bookmark.user cascades): nothing to erase by hand."""

from django.utils import timezone

from rotative.bookmarks.kinds import KINDS, target_url
from rotative.bookmarks.selectors import bookmarks_for
from rotative.core.seo import absolute


def bookmarks_export(user) -> list[dict]:
    return [
        {
            "type": bookmark.kind,
            "titre": bookmark.item.title if bookmark.item else None,
            "adresse": absolute(target_url(bookmark.item)) if bookmark.item else None,
            "disponible": bookmark.item is not None,
            "enregistré_le": timezone.localtime(bookmark.created_at).isoformat(),
        }
        for bookmark in bookmarks_for(user=user)
        if bookmark.kind in KINDS
    ]
