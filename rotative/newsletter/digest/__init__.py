"""The morning newsletter (« La lettre du matin »): composed, edited, rendered and sent once.

The day's digest is composed automatically as a draft at PREPARE_AT (Paris time), so that
editors can reorder, rewrite and preview it in the admin (admin_views.py); at SEND_AT it is
composed again (only if no editor has touched it, to take in the stories of the last hour)
and sent through the engine (services/sending.py) to `selectors.audience_morning()`.

Sending once is guarded three times: the digest row is locked and its status checked, the
status and the mailing are written in the same transaction as the deliveries, and a digest
can point to one mailing only (a one-to-one link).
"""

from rotative.newsletter.digest.compose import (
    PREPARE_AT,
    SEND_AT,
    DigestError,
    digest_candidates,
    digest_compose,
    local_at,
    next_at,
)
from rotative.newsletter.digest.edit import (
    ItemChange,
    digest_item_add,
    digest_item_move,
    digest_item_remove,
    digest_update,
)
from rotative.newsletter.digest.mail import (
    digest_morning_prepare,
    digest_morning_send,
    digest_preview,
    digest_render,
    digest_send,
    digest_send_test,
    digest_stories,
)

__all__ = [
    "PREPARE_AT",
    "SEND_AT",
    "DigestError",
    "ItemChange",
    "digest_candidates",
    "digest_compose",
    "digest_item_add",
    "digest_item_move",
    "digest_item_remove",
    "digest_morning_prepare",
    "digest_morning_send",
    "digest_preview",
    "digest_render",
    "digest_send",
    "digest_send_test",
    "digest_stories",
    "digest_update",
    "local_at",
    "next_at",
]
