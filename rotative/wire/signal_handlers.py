"""Start polling as soon as an administrator adds a source (the loop never runs twice)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from rotative.wire.models import WireSource


@receiver(post_save, sender=WireSource)
def start_polling(sender, instance, created, **kwargs):
    if created and instance.enabled:
        from rotative.wire.tasks import wire_poll_start

        transaction.on_commit(wire_poll_start)
