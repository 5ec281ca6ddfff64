"""Work queued after the commit, once per batch of writes instead of once per object.

A service that queues a task after its commit calls `on_commit_batched(flush, items)` where
it would call `transaction.on_commit`. Outside a batch, `flush(items)` runs after the commit
as before. A bulk writer (the wire desk: 50 agency items a transaction) wraps its batch in
`batched()`: each `flush` then runs once after the commit with the items of every write of
the batch, in order, so one task carries fifty alerts instead of fifty tasks one each.

Items of a write whose savepoint was rolled back are left out, as Django leaves out its
`on_commit` callbacks: each write's items join the batch through a callback of their own,
registered where the write ran, and the flushes are registered last.
"""

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

# flush -> items, in the order the writes queued them; None when not batching.
_pending: ContextVar[dict | None] = ContextVar("rotative_batch_pending", default=None)


@contextmanager
def batched():
    """Inside, `on_commit_batched` gathers; the flushes run once after the commit."""
    if _pending.get() is not None:  # nested: the outermost block flushes
        yield
        return
    pending: dict[Callable, list] = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    # Registered after every write's callback: it runs once they have all added their items.
    transaction.on_commit(lambda: _flush(pending))


def on_commit_batched(flush: Callable[[list], None], items: Iterable) -> None:
    """Run `flush(items)` after the commit, or once with the batch's items inside `batched()`."""
    items = list(items)
    if not items:
        return
    pending = _pending.get()
    if pending is None:
        transaction.on_commit(lambda: flush(items))
        return
    transaction.on_commit(lambda: pending.setdefault(flush, []).extend(items))


def _flush(pending: dict) -> None:
    for flush, items in pending.items():
        flush(items)
