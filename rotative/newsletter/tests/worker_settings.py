"""Settings of the real worker process that test_worker_kill starts and kills.

The test settings, with the database queue instead of inline tasks, mail to the test's SMTP
server, and a short lease and sweep so that recovery happens within the test's seconds.
"""

import os

from rotative.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["TEST_SMTP_PORT"])
EMAIL_TIMEOUT = 30
NEWSLETTER_BATCH_SIZE = 10
NEWSLETTER_LEASE_SECONDS = 2
NEWSLETTER_SWEEP_SECONDS = 1
SITE_URL = "https://www.example.fr"
