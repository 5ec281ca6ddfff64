"""The devices section of « Mes données »: where the reader's app is signed in."""

from django.utils import timezone

from rotative.api.models import DeviceToken


def _iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def devices_export(user) -> dict:
    return {
        "devices": [
            {
                "device": token.device,
                "created_at": _iso(token.created_at),
                "last_used_at": _iso(token.last_used_at),
                "revoked_at": _iso(token.revoked_at),
            }
            for token in DeviceToken.objects.filter(user=user).order_by("created_at", "pk")
        ]
    }
