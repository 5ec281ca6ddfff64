"""Production: same code, configured by environment variables; fails fast when one is missing."""

import os

from django.core.exceptions import ImproperlyConfigured

for _required in (
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "SITE_URL",
    # Browsers subscribe with the public key: a key generated on the fly would change with
    # each machine and lose every subscription.
    "VAPID_PUBLIC_KEY",
    "VAPID_PRIVATE_KEY",
    "VAPID_SUBJECT",
):
    if not os.environ.get(_required):
        raise ImproperlyConfigured(
            f"The environment variable {_required} is required in production."
        )

from .base import *  # noqa: E402,F403
from .base import env_bool  # noqa: E402

DEBUG = False
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = False
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(VAR_DIR / "static"))  # noqa: F405
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# __Host- cookies are refused by browsers unless secure, for path / and without a domain: no
# sibling subdomain or plain-HTTP page can plant or overwrite them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_PATH = CSRF_COOKIE_PATH = "/"
SESSION_COOKIE_DOMAIN = CSRF_COOKIE_DOMAIN = None
X_FRAME_OPTIONS = "DENY"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"  # links in account mail
EMAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# Several server processes in production: a new En direct entry must reach all of them.
LIVE_BROKER = os.environ.get("LIVE_BROKER", "redis" if REDIS_URL else "postgres")  # noqa: F405
if LIVE_BROKER not in ("inprocess", "postgres", "redis"):
    raise ImproperlyConfigured(f"LIVE_BROKER must be inprocess, postgres or redis: {LIVE_BROKER!r}")
LIVE_SAFETY_POLL_SECONDS = float(os.environ.get("LIVE_SAFETY_POLL_SECONDS", "30"))
