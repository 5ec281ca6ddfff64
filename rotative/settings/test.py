"""Settings for the test suite: the embedded defaults, made fast and deterministic."""

import os
import tempfile

os.environ.setdefault("ROTATIVE_VAR_DIR", tempfile.mkdtemp(prefix="rotative-test-"))
os.environ.setdefault("ARTICLE_VIEWS_FLUSH_SECONDS", "0")

from .base import *  # noqa: E402,F403
from .base import VAR_DIR  # noqa: E402

SECRET_KEY = "test-only-not-secret"  # noqa: S105 (the tests' key, used nowhere else)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "wire_quarantine": STORAGES["wire_quarantine"],  # noqa: F405
    "job_applications": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "private" / "job-applications"), "base_url": None},
    },
}
# Tasks run inline unless a test asks for the database queue and a real worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Admin tests log staff in with force_login; rotative/accounts/tests/test_second_factor.py turns
# the second factor back on and proves it (rotative/conftest.py: `second_factor_login`).
STAFF_MFA_REQUIRED = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
