"""Every mail the site sends (accounts, comments, ads, newsletter, alerts) goes through
Django's mail backend, whichever module builds it: counting there misses none.

settings.EMAIL_BACKEND names this wrapper; the backend that delivers is
settings.EMAIL_DELIVERY_BACKEND (what the EMAIL_BACKEND environment variable says).
"""

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend

from rotative.ops import metrics


class CountingEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.delivery = get_connection(
            settings.EMAIL_DELIVERY_BACKEND, fail_silently=fail_silently, **kwargs
        )

    def open(self):
        return self.delivery.open()

    def close(self):
        return self.delivery.close()

    def send_messages(self, email_messages):
        try:
            sent = self.delivery.send_messages(email_messages)
        except Exception:
            metrics.mail_failures.inc()
            raise
        if sent:
            metrics.mails_sent.inc(sent)
        return sent
