"""The app's tokens: one per device a reader signed in from, revocable one by one."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeviceTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class DeviceToken(models.Model):
    """A long-lived bearer token. Only its SHA-256 is kept: a leaked database gives no
    working token, and the reader is shown the key once, when the app receives it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lecteur"),
        on_delete=models.CASCADE,
        related_name="device_tokens",
    )
    device = models.CharField(_("appareil"), max_length=100)
    # The key's first characters, to tell the reader's devices apart without the secret.
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = DeviceTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeton de l'application")
        verbose_name_plural = _("jetons de l'application")
        indexes = [models.Index(fields=["user", "-created_at"], name="api_devicetoken_user_idx")]

    def __str__(self):
        return f"{self.device} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
