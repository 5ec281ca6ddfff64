"""Writes of the API: tokens issued at sign-in from the app, and revoked."""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from rotative.api.models import DeviceToken
from rotative.core.security_log import security_event

# A token's last use is written at most this often: not one write per request.
LAST_USED_PRECISION = timedelta(minutes=5)
# A reader with more devices than this has forgotten some: the oldest are revoked.
MAX_ACTIVE_TOKENS = 20


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(*, user, device: str) -> tuple[DeviceToken, str]:
    """A new token for `user` on `device`; returns it with the key, shown only this once."""
    key = secrets.token_urlsafe(32)
    token = DeviceToken.objects.create(
        user=user, device=device.strip()[:100] or "Appareil", prefix=key[:8], key_hash=key_hash(key)
    )
    stale = DeviceToken.objects.active().filter(user=user).order_by("-created_at", "-pk")
    stale_ids = list(stale.values_list("pk", flat=True)[MAX_ACTIVE_TOKENS:])
    if stale_ids:
        DeviceToken.objects.filter(pk__in=stale_ids).update(revoked_at=timezone.now())
    security_event("api_token_created", user_id=user.pk, token=token.prefix)
    return token, key


def token_revoke(*, token: DeviceToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        security_event("api_token_revoked", user_id=token.user_id, token=token.prefix)


def token_authenticate(*, key: str) -> DeviceToken | None:
    """The active token of `key` whose reader may still sign in, or None."""
    if not key or len(key) > 100:
        return None
    token = (
        DeviceToken.objects.active()
        .select_related("user")
        .filter(key_hash=key_hash(key), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        DeviceToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def tokens_revoke_all(*, user) -> int:
    """Sign the app out everywhere: after a password change or reset, a stolen phone's token
    must stop working with the old password."""
    count = DeviceToken.objects.active().filter(user=user).update(revoked_at=timezone.now())
    if count:
        security_event("api_tokens_revoked", user_id=user.pk, count=count)
    return count
