"""What the other parts of the site hold about a reader, for "Mes données".

An app that stores data about readers registers, from its AppConfig.ready(), an exporter
(its part of the JSON a reader downloads) and an eraser (run before the account is deleted,
inside the same transaction):

    from rotative.accounts.data import register_eraser, register_exporter

    register_exporter("comments", comments_of_reader)      # fn(user) -> JSON-serialisable
    register_eraser(comments_erase)                        # fn(user) -> None
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]

# Keys of the export that accounts itself fills (see services.account_export).
RESERVED_NAMES = frozenset({"exported_at", "user", "email_addresses", "profile"})


@dataclass
class Registry:
    exporters: dict[str, Exporter] = field(default_factory=dict)
    erasers: list[Eraser] = field(default_factory=list)


registry = Registry()


def register_exporter(name: str, fn: Exporter) -> None:
    """Add `fn(user)`'s result to the reader's export, under `name`."""
    if name in RESERVED_NAMES:
        raise ValueError(f"{name!r} is a key of the export itself; pick another name.")
    registered = registry.exporters.get(name)
    if registered is not None and registered is not fn:
        raise ValueError(f"Another exporter is already registered as {name!r}.")
    registry.exporters[name] = fn


def register_eraser(fn: Eraser) -> None:
    """Run `fn(user)` before the user row is deleted, in the deletion's transaction."""
    if fn not in registry.erasers:
        registry.erasers.append(fn)
