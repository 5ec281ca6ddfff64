"""What every public page shows around its content, kept in each process's memory.

The menu, En ce moment, the « Alerte info » banner, the side column's blocks, the footer's
links and the paper's identity are the same for every reader, on every page. Reading them
costs a dozen queries and cache calls per page; holding them in the process costs nothing.

Each piece is held under the site's *edition*: a token in the shared cache (Redis in
production) that every change to what the chrome shows replaces (`edition_bump`, from the
services and signals that change it, including the places that drop those pieces from the
shared cache). A page reads the edition once; a piece held under another edition is
computed again. So a change made by any process shows on every process's next page.

Time alone changes some pieces too (an alert expires, the most-read tags move, a scheduled
ad comes online): none is held longer than `MEMO_SECONDS`, and a piece that already has its
own lifetime in the shared cache keeps it. Outside a request (tasks, mail, the shell) and
while the shared cache is unreachable, nothing is held: each call computes.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from django.core.cache import cache
from django.db import transaction

EDITION_KEY = "chrome:edition"
MEMO_SECONDS = 10.0
MEMO_MAX_ENTRIES = 512

_UNREAD = object()
_request = threading.local()


class Store:
    """Pieces held by this process, at most `max_entries` of them (the least recently read
    goes first), so that made-up Host headers or a long tail of pages cannot grow it."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._pieces: OrderedDict[Hashable, tuple[str, float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        _stores.append(self)

    def get(self, slot: Hashable) -> tuple[str, float, Any] | None:
        held = self._pieces.get(slot)
        if held is not None:
            with self._lock:
                if slot in self._pieces:
                    self._pieces.move_to_end(slot)
        return held

    def claim(self, slot: Hashable, held: tuple[str, float, Any], *, until: float) -> bool:
        """True for the one thread that takes `held`, gone stale, to compute it again: the
        others keep it until `until` (they find it renewed and serve it meanwhile)."""
        with self._lock:
            if self._pieces.get(slot) is not held:
                return False
            self._pieces[slot] = (held[0], until, held[2])
            return True

    def put(self, slot: Hashable, held: tuple[str, float, Any]) -> None:
        with self._lock:
            self._pieces[slot] = held
            self._pieces.move_to_end(slot)
            while len(self._pieces) > self.max_entries:
                self._pieces.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pieces.clear()


_stores: list[Store] = []
# What a site can hold: a few pieces per site (host).
_memo = Store(MEMO_MAX_ENTRIES)


def request_started() -> None:
    """Called at the start of each request: its pieces will be those of the edition it
    reads first."""
    _request.edition = _UNREAD


def request_finished() -> None:
    _request.edition = None


def current_edition() -> str | None:
    """The edition this request serves, read once per request; None outside a request or
    while the shared cache cannot say."""
    edition = getattr(_request, "edition", None)
    if edition is _UNREAD:
        edition = cache.get(EDITION_KEY)
        if edition is None:
            # First page since the cache was emptied: start an edition. `add` keeps another
            # process's if it came first; reading again takes whichever won.
            cache.add(EDITION_KEY, uuid.uuid4().hex, None)
            edition = cache.get(EDITION_KEY)
        _request.edition = edition
    return edition


def edition_bump(**_signal_kwargs) -> None:
    """Something every page shows has changed: every process computes its pieces again.
    Usable as a signal receiver.

    Now, for this process (which may read its own change before the commit), and again
    after the commit: a piece another process computed in between, from what was committed
    before, is not kept under the new edition."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    cache.set(EDITION_KEY, uuid.uuid4().hex, None)
    memo_forget()
    if getattr(_request, "edition", None) is not None:
        _request.edition = _UNREAD


def memo(
    name: str, compute: Callable[[], Any], *, key: Hashable = None, store: Store | None = None
) -> Any:
    """`compute()`, held by this process for the current edition (at most MEMO_SECONDS).

    `name` and `key` say which piece: the key holds what the piece depends on besides the
    edition (the site, say). Only for what is the same for every reader. `store`: where it
    is held, when there may be many (the articles read: news.article_parts)."""
    edition = current_edition()
    if edition is None:
        return compute()
    store = store or _memo
    slot = (name, key)
    now = time.time()  # wall time: a test moving the clock moves the pieces' age with it
    held = store.get(slot)
    if held is not None and held[0] == edition:
        if held[1] > now:
            return held[2]
        # Of this edition (nothing published since) but old: one thread computes it again
        # while the others serve it. Every piece of an edition ages at once; under load, all
        # the threads computing each of them at the same moment cost a twentieth of the
        # process's time (py-spy, docs/performance.md).
        if not store.claim(slot, held, until=now + MEMO_SECONDS):
            return held[2]
    value = compute()
    store.put(slot, (edition, now + MEMO_SECONDS, value))
    return value


def site_key(request) -> str | None:
    """What tells sites apart, for a piece that differs between them: the Host header as
    sent (the site is found from it; a page with a host the site refuses has no chrome)."""
    return request.META.get("HTTP_HOST", "") if request is not None else None


def memo_forget() -> None:
    """Drop what this process holds (the tests do it between tests, like the cache)."""
    for store in _stores:
        store.clear()
