"""Reading « À lire plus tard »: the reader's list, and which of a page's targets are in it."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from rotative.bookmarks.kinds import KINDS, kind_of
from rotative.bookmarks.models import Bookmark


def bookmarks_for(*, user, kind: str | None = None, available_only: bool = False) -> list:
    """`user`'s bookmarks, newest first, of one kind (« article », « annonce »,
    « evenement ») or all; an unknown kind gives none.

    Each bookmark carries `item`: its target, fetched with the others of its kind (one query
    per kind, whatever the length of the list), or None when readers cannot open it any more
    (unpublished article, ad expired, sold or withdrawn, event cancelled or unpublished,
    anything deleted). Those are kept, not deleted: the list says « n'est plus disponible »
    and shows nothing of them. `available_only` leaves them out."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = Bookmark.objects.filter(user=user).order_by("-created_at", "-pk")
    if kind is not None:
        if kind not in KINDS:
            return []
        rows = rows.filter(content_type=KINDS[kind].content_type)
    bookmarks = list(rows)
    wanted: dict[str, list[int]] = defaultdict(list)
    for bookmark in bookmarks:
        wanted[bookmark.kind].append(bookmark.object_id)
    found: dict[tuple[str, int], object] = {}
    for name, ids in wanted.items():
        queryset = KINDS[name].visible().filter(pk__in=ids)
        if name == "annonce":
            queryset = queryset.select_related("commune")
        elif name == "evenement":
            queryset = queryset.select_related("venue__commune")
        found.update(((name, target.pk), target) for target in queryset)
    for bookmark in bookmarks:
        bookmark.item = found.get((bookmark.kind, bookmark.object_id))
    if available_only:
        bookmarks = [bookmark for bookmark in bookmarks if bookmark.item is not None]
    return bookmarks


def is_bookmarked(*, user, targets: Iterable) -> set[tuple[str, int]]:
    """Which of `targets` `user` has saved, as (kind, pk) pairs (`bookmark_key`): one query
    for a whole page of them, none for an anonymous reader."""
    if not getattr(user, "is_authenticated", False):
        return set()
    by_kind: dict[str, set[int]] = defaultdict(set)
    for target in targets:
        name = kind_of(target)
        if name is not None and target.pk is not None:
            by_kind[name].add(target.pk)
    if not by_kind:
        return set()
    condition = Q()
    for name, ids in by_kind.items():
        condition |= Q(content_type=KINDS[name].content_type, object_id__in=ids)
    saved = Bookmark.objects.filter(condition, user=user).values_list(
        "content_type_id", "object_id"
    )
    names = {KINDS[name].content_type.pk: name for name in by_kind}
    return {(names[content_type_id], object_id) for content_type_id, object_id in saved}


def bookmark_key(target) -> tuple[str, int] | None:
    """The (kind, pk) pair `is_bookmarked` answers with, for one target."""
    name = kind_of(target)
    return (name, target.pk) if name is not None else None
