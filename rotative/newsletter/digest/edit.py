"""Editors' changes to a draft digest, from the admin's screens."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rotative.newsletter.digest.compose import DigestError
from rotative.newsletter.models import Digest, DigestItem

# --- editing (the admin's screens) ------------------------------------------------------------


@dataclass(frozen=True)
class ItemChange:
    item_id: int
    position: int
    title: str
    summary: str


def _editable(digest: Digest) -> Digest:
    digest = Digest.objects.select_for_update().get(pk=digest.pk)
    if digest.is_sent:
        raise DigestError(_("Cette lettre est déjà partie : elle ne peut plus être modifiée."))
    return digest


def _edited(digest: Digest, user) -> None:
    digest.edited, digest.edited_by, digest.edited_at = True, user, timezone.now()
    digest.save(update_fields=["edited", "edited_by", "edited_at", "updated_at"])


def _renumber(digest: Digest, ordered_ids: list[int]) -> None:
    items = {item.pk: item for item in digest.items.all()}
    for position, pk in enumerate(ordered_ids, start=1):
        items[pk].position = position
    DigestItem.objects.bulk_update(items.values(), ["position"])


@transaction.atomic
def digest_update(
    *, digest: Digest, user, subject: str, intro: str, items: list[ItemChange]
) -> Digest:
    """The editor's form: subject, intro, and each story's place, title and summary."""
    digest = _editable(digest)
    digest.subject, digest.intro = subject.strip(), intro.strip()
    digest.save(update_fields=["subject", "intro", "updated_at"])
    current = {item.pk: item for item in digest.items.all()}
    changes = [change for change in items if change.item_id in current]
    for change in changes:
        item = current[change.item_id]
        item.title, item.summary = change.title.strip(), change.summary.strip()
    DigestItem.objects.bulk_update([current[c.item_id] for c in changes], ["title", "summary"])
    # Typed positions win. Typing 1 for the third story means "put it first": at equal
    # numbers a story that was moved goes before one that was not; then the previous order.
    typed = {change.item_id: change.position for change in changes}

    def rank(item):
        wanted = typed.get(item.pk, item.position)
        return (wanted, wanted == item.position, item.position, item.pk)

    order = sorted(current.values(), key=rank)
    _renumber(digest, [item.pk for item in order])
    _edited(digest, user)
    return digest


@transaction.atomic
def digest_item_move(*, digest: Digest, user, item_id: int, offset: int) -> Digest:
    """One place up (offset -1) or down (+1)."""
    digest = _editable(digest)
    ids = list(digest.items.values_list("pk", flat=True))
    if item_id not in ids:
        raise DigestError(_("Cet article n'est plus dans la lettre."))
    index = ids.index(item_id)
    target = min(max(index + offset, 0), len(ids) - 1)
    ids.insert(target, ids.pop(index))
    _renumber(digest, ids)
    _edited(digest, user)
    return digest


@transaction.atomic
def digest_item_remove(*, digest: Digest, user, item_id: int) -> Digest:
    digest = _editable(digest)
    digest.items.filter(pk=item_id).delete()
    _renumber(digest, list(digest.items.values_list("pk", flat=True)))
    _edited(digest, user)
    return digest


@transaction.atomic
def digest_item_add(*, digest: Digest, user, article) -> DigestItem:
    """Add a published article at the end of the digest."""
    digest = _editable(digest)
    if not article.live:
        raise DigestError(_("Cet article n'est pas en ligne."))
    if digest.items.filter(article=article).exists():
        raise DigestError(_("Cet article est déjà dans la lettre."))
    last = digest.items.order_by("-position").values_list("position", flat=True).first() or 0
    item = DigestItem.objects.create(digest=digest, article=article, position=last + 1)
    _edited(digest, user)
    return item
