"""What the other parts of the site hold about a reader, for "Mes données".

An app that stores data about readers registers, from its AppConfig.ready(), an exporter
(its section of the JSON a reader downloads), the user fields it reads, and an eraser (run
before the account is deleted, inside the same transaction):

    from rotative.accounts.data import register_eraser, register_exporter

    register_exporter(
        "commentaires", comments_export, covers=["comments.Comment.author"]
    )                                                      # fn(user) -> JSON-serialisable
    register_eraser(comments_erase)                        # fn(user) -> None

Every ForeignKey to the user, in any installed app, is either read by an exporter
(`covers`) or left out on purpose with the reason (`register_not_exported`): a test walks the
app registry, so that a new app cannot forget its readers' data. Fields are named
"app_label.Model.field", as in `model._meta.label`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]

# Keys of the export that accounts itself fills (see services.account_export).
RESERVED_NAMES = frozenset(
    {
        "exported_at",
        "user",
        "email_addresses",
        "profile",
        "professional",
        "sessions",
        "second_factor",
    }
)
# The user fields services.account_export reads itself.
BUILT_IN_COVERS = {
    "accounts.Profile.user": "profile",
    "accounts.Professional.user": "professional",
    "account.EmailAddress.user": "email_addresses",
    "usersessions.UserSession.user": "sessions",
    "mfa.Authenticator.user": "second_factor",
}


@dataclass
class Registry:
    exporters: dict[str, Exporter] = field(default_factory=dict)
    erasers: list[Eraser] = field(default_factory=list)
    # "app_label.Model.field" -> the export's section that holds it
    covered: dict[str, str] = field(default_factory=lambda: dict(BUILT_IN_COVERS))
    # "app_label.Model.field" -> why it is not in the export
    not_exported: dict[str, str] = field(default_factory=dict)


registry = Registry()


def register_exporter(name: str, fn: Exporter, *, covers: Iterable[str] = ()) -> None:
    """Add `fn(user)`'s result to the reader's export, under `name`; `covers` names the
    user fields ("app_label.Model.field") whose rows it exports."""
    if name in RESERVED_NAMES:
        raise ValueError(f"{name!r} is a key of the export itself; pick another name.")
    registered = registry.exporters.get(name)
    if registered is not None and registered is not fn:
        raise ValueError(f"Another exporter is already registered as {name!r}.")
    registry.exporters[name] = fn
    for user_field in covers:
        registry.covered[user_field] = name


def register_not_exported(*user_fields: str, reason: str) -> None:
    """Say that these user fields are left out of the export on purpose, and why (the
    newsroom's own work on pages, moderation acts about other readers…)."""
    if not reason.strip():
        raise ValueError("Say why these fields are not exported.")
    for user_field in user_fields:
        registry.not_exported[user_field] = reason


def register_eraser(fn: Eraser) -> None:
    """Run `fn(user)` before the user row is deleted, in the deletion's transaction."""
    if fn not in registry.erasers:
        registry.erasers.append(fn)
