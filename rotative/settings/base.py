"""Settings shared by every mode.

Everything defaults to the embedded mode (SQLite in var/, local memory cache, database task
queue); production differs only through environment variables (see README, .env.example).
"""

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("ROTATIVE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_networks(name: str) -> list[str]:
    """Addresses or networks, comma-separated; a typo stops the start instead of letting
    nobody (or everybody) through."""
    networks = env_list(name)
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError as error:
            raise ImproperlyConfigured(f"{name}: not an address or network: {network!r}") from error
    return networks


def _embedded_secret_key() -> str:
    """A key generated once per installation and kept in var/, never committed."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or _embedded_secret_key()
# Rotating SECRET_KEY: put the old one here (comma-separated) for as long as the links it
# signed must keep working (unsubscribe links in old mail: months), then drop it.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Addresses or networks of the reverse proxies in front of the site (Varnish, a load
# balancer): only from them is X-Forwarded-For believed, by uvicorn (`serve`) and by
# rotative.core.ratelimit.client_ip. None by default: a client cannot choose its address.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
# The departments the paper covers (INSEE codes): the communes an article may name
# (rotative/geo/mentions.py). The demo's Manche and Calvados by default.
SITE_DEPARTMENTS = env_list("SITE_DEPARTMENTS", "50,14")

INSTALLED_APPS = [
    "rotative.core",
    "rotative.news",
    "rotative.home",
    "rotative.wire",
    "rotative.accounts",
    "rotative.newsletter",  # before comments: its call to action comes first under articles
    "rotative.comments",
    "rotative.live",
    "rotative.geo",
    "rotative.alerts",  # saved searches of the ads, the agenda…: mail and Web Push
    "rotative.classifieds",
    "rotative.agenda",
    "rotative.jobs",
    "rotative.pronostics",
    "rotative.bookmarks",  # after the articles, ads and events it keeps for later
    "rotative.legal",
    "rotative.mobile",  # the installable web app: manifest, service worker, offline page
    "rotative.api",  # after the parts it serves
    "rotative.ops",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "rotative.core.search_app.SearchConfig",  # wagtail.search, see core/indexing.py
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "ninja",  # the API documentation's own static files (Swagger UI)
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First: the request log sees every layer's time and the final status; health checks and
    # metrics are answered before the host check and the HTTPS redirect (rotative/ops/).
    "rotative.ops.middleware.RequestLogMiddleware",
    "rotative.ops.middleware.HealthCheckMiddleware",
    "rotative.core.middleware.ChromeEditionMiddleware",  # core.chrome: one edition per page
    "django.middleware.security.SecurityMiddleware",
    "rotative.core.middleware.SecurityHeadersMiddleware",  # CSP, Permissions-Policy
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # /api/ only (CORS_URLS_REGEX)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "rotative.accounts.middleware.StaffSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "rotative.api.middleware.ApiConditionalGetMiddleware",  # before: sees its Cache-Control
    "rotative.core.middleware.CacheHeadersMiddleware",
    "rotative.accounts.middleware.PrivateAccountPagesMiddleware",  # after: it runs first
    "rotative.core.middleware.ImpossibleInputMiddleware",
]

ROOT_URLCONF = "rotative.urls"
ASGI_APPLICATION = "rotative.asgi.application"
WSGI_APPLICATION = "rotative.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "rotative.core.context_processors.site_chrome",
                "rotative.home.context_processors.front_chrome",
            ],
        },
    },
]

# --- Database: SQLite in var/ unless DATABASE_URL says otherwise --------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'rotative.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # Under ASGI, persistent connections pile up (one per thread); a pool per process
    # bounds them: processes × DATABASE_POOL_MAX_SIZE must stay below max_connections.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The pool checks a connection before lending it: after a PostgreSQL restart (or a
    # failover) the dead ones are replaced instead of failing one request each.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["OPTIONS"] = {
        "pool": {
            "min_size": int(os.environ.get("DATABASE_POOL_MIN_SIZE", "2")),
            "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", "10")),
            # Seconds a request waits for a connection before it fails: with the database
            # down, how long readers wait for the « momentanément indisponible » page.
            "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
        }
    }
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
# Requests one web process works on at once; the others wait their turn (rotative/ops/
# concurrency.py). The pool's size: none of them then waits for a database connection.
WEB_CONCURRENT_REQUESTS = int(
    os.environ.get("WEB_CONCURRENT_REQUESTS", os.environ.get("DATABASE_POOL_MAX_SIZE", "10"))
)

# Read replicas: comma-separated URLs; reads go there, writes to the primary.
for index, url in enumerate(env_list("DATABASE_REPLICA_URLS")):
    DATABASES[f"replica{index}"] = {
        **dj_database_url.parse(url),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"pool": {"min_size": 1, "max_size": 10, "timeout": 10}},
    }
if len(DATABASES) > 1:
    DATABASE_ROUTERS = ["rotative.core.db_routers.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: local memory unless REDIS_URL is set -------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, which carries on without Redis (core/cache.py): pages
            # are still served, sign-up and login refuse until it is back.
            "BACKEND": "rotative.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "rotative",
            # Short: a cache that answers late is worth less than the query it saves.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background work: django-tasks with its database backend and `db_worker` --------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A worker silent this long is taken as dead: the task it held is queued again (once), see
# core/task_workers.py. Each worker says it is alive every few seconds, whatever it runs.
TASK_WORKER_LOST_SECONDS = float(os.environ.get("TASK_WORKER_LOST_SECONDS", "30"))

# --- Search: Wagtail's database backend, FTS5 on SQLite, French full text on PostgreSQL ----
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "rotative.core.search_backend",
        # A French configuration with unaccent, created by the core migration on PostgreSQL.
        "SEARCH_CONFIG": "rotative_french",
    }
}
if not DATABASE_IS_POSTGRES:
    WAGTAILSEARCH_BACKENDS["default"].pop("SEARCH_CONFIG")
# The site's search ranks the newest matches up to this many and counts no further
# (rotative/news/search.py): ranking all of a common word's matches takes seconds.
SEARCH_RANKED_MATCHES = 500

# --- Front cache (Varnish, deploy/varnish/; rotative/core/front_cache.py) --------------------
# Where to send PURGE requests (comma-separated when several Varnish servers); none: no purge.
VARNISH_URLS = env_list("VARNISH_URL")
# A purge waits this long for a cache before it is queued for a worker to retry.
FRONT_CACHE_TIMEOUT_SECONDS = 2
# Seconds a shared cache may keep a public page; it is purged on publish anyway.
CACHE_PAGE_SECONDS = int(os.environ.get("CACHE_PAGE_SECONDS", "300"))

# --- Internationalisation: French first, Paris time ----------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PROJECT_DIR / "locale"]
WAGTAIL_I18N_ENABLED = False
# ASCII slugs (« ete-a-saint-lo »), made by rotative.core.slugs and by the editor's browser alike.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]

# --- Static and media ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # The embedded mode serves static files straight from the apps (no collectstatic step);
    # production collects, compresses and fingerprints them (see settings/production.py).
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Agency files that could not be ingested: never public (they may be under embargo).
    "wire_quarantine": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "private" / "wire-quarantine"), "base_url": None},
    },
    # Candidates' CVs (l'emploi): never public, read through the employer's own view only.
    "job_applications": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "private" / "job-applications"), "base_url": None},
    },
}
WHITENOISE_USE_FINDERS = True
if os.environ.get("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "custom_domain": os.environ.get("S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    # CVs: a private bucket (S3_PRIVATE_BUCKET), else a prefix of the media bucket that its
    # public-read policy must not cover. Private objects, signed URLs, no public domain:
    # the site streams them to the employer, it never hands out their address.
    STORAGES["job_applications"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("S3_PRIVATE_BUCKET") or os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "location": "private/job-applications",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "custom_domain": None,
            "file_overwrite": False,
        },
    }

# --- Wagtail ------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Rotative")
WAGTAILIMAGES_WEBP_QUALITY = 80
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILREDIRECTS_AUTO_CREATE = True
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "xlsx", "csv", "txt"]
# The admin's date widgets: Python strftime formats (not the template filter's `d/m/Y`), each
# one of the French DATETIME_INPUT_FORMATS, so that what the widget shows is read back as is.
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Page views (most read, En ce moment) ---------------------------------------------------
# Views are buffered in each server process and written at most this often.
ARTICLE_VIEWS_FLUSH_SECONDS = float(os.environ.get("ARTICLE_VIEWS_FLUSH_SECONDS", "10"))
# A client (address) counts once per article per window, and sends at most so many beacons
# per window whatever the article: (hits, seconds). Scripts cannot push a story up the list.
ARTICLE_VIEWS_RATE_LIMITS = {"article": (1, 1800), "ip": (120, 3600)}

# --- Security defaults (production tightens them through environment variables) -------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 for new and changed passwords; the others verify older hashes, upgraded at login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# One login for everyone, readers and newsroom: allauth's, at /compte/connexion/, with its
# rate limits, lockout and confirmed addresses. Wagtail's own login, password reset and
# front-end login redirect there (rotative/accounts/urls.py, side_door_urlpatterns); the
# password and the address are changed in « Mon compte », not in the admin.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False

# --- Accounts (django-allauth, see rotative/accounts/) ------------------------------------------
# By email only: no username login anywhere (allauth's backend also does permissions).
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
ACCOUNT_ADAPTER = "rotative.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "rotative.accounts.forms.SignupForm"}  # adds the display name
ACCOUNT_USER_DISPLAY = "rotative.accounts.adapter.user_display"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# No login before the address is confirmed; the link logs in the browser that signed up.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Sign-up, login and reset answer the same whether or not an address is registered; its
# owner gets a mail instead ("you already have an account", "no account with this address").
ACCOUNT_PREVENT_ENUMERATION = True
# One address per reader: a new one replaces the old once confirmed.
ACCOUNT_CHANGE_EMAIL = True
# Changing the address asks for the password first (then not again for 5 minutes).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Mail the reader when their password or address changes, in case it was not them.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{WAGTAIL_SITE_NAME}] "
# Counted in the cache (Redis in production, shared by every process); "key" is the email.
# Five wrong passwords lock an account for 15 minutes, even with the right one afterwards.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/15m/key",
    "signup": "5/m/ip,30/h/ip",
    "confirm_email": "1/3m/key",  # re-sending the confirmation mail
    "reset_password": "10/m/ip,3/h/key",  # mail to one address, however many asking
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/h/user",
    "reauthenticate": "10/m/user",
}

# Second factor (allauth.mfa): an authenticator app's codes (TOTP), with recovery codes.
# Readers may turn it on in « Mon compte »; the newsroom must, before the admin opens
# (rotative.accounts.middleware.StaffSecondFactorMiddleware). Only the tests turn that off.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Their secrets are stored encrypted under a key derived from SECRET_KEY (accounts/mfa.py).
MFA_ADAPTER = "rotative.accounts.mfa.MFAAdapter"
MFA_TOTP_ISSUER = WAGTAIL_SITE_NAME  # replaced by the paper's name (accounts/mfa.py)
STAFF_MFA_REQUIRED = True

# Mail goes out through EMAIL_DELIVERY_BACKEND (the EMAIL_BACKEND variable); Django's own
# setting names a wrapper that counts what is sent, for the metrics (rotative/ops/mail.py).
EMAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_BACKEND = "rotative.ops.mail.CountingEmailBackend"
# Its display name is replaced by the paper's (core.identity.from_email); its address is kept.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Rotative <ne-pas-repondre@localhost>")
# The contact form (rotative/legal): messages per IP address and window in seconds.
CONTACT_RATE_LIMIT = (5, 60 * 60)

# --- Logging: one line per record, UTC times, "text" (readable) or "json" (for a collector) ---
# Security events (logins, lockouts, rate limits, bot traps, bad signed links) go to the
# `rotative.security` logger, always at INFO or above; see rotative/core/security_log.py.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json: {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"()": "rotative.core.logformat.TextFormatter"},
        "json": {"()": "rotative.core.logformat.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO").upper()},
    "loggers": {
        "rotative.security": {"level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        # Wagtail logs every page save at INFO; its audit log already keeps them.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
WAGTAILIMAGES_IMAGE_MODEL = "core.CustomImage"
# Tag pages get plain ASCII URLs: /sujets/tempete/ for « Tempête ».
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True
TAGGIT_CASE_INSENSITIVE = True
# ArticlePage re-declares Page's title search field with a higher boost (see news/models/pages.py).
SILENCED_SYSTEM_CHECKS = ["wagtailsearch.W001"]


# --- Comments (rotative/comments/) -------------------------------------------------------------
# A reader posts at most COMMENTS_RATE_LIMIT[0] comments per COMMENTS_RATE_LIMIT[1] seconds,
# one every COMMENTS_MIN_INTERVAL_SECONDS; a form sent sooner than COMMENTS_MIN_FILL_SECONDS
# after it was shown is a bot's.
COMMENTS_RATE_LIMIT = (10, 3600)
COMMENTS_MIN_INTERVAL_SECONDS = 20
COMMENTS_MIN_FILL_SECONDS = 3


# --- En direct (rotative/live/) -------------------------------------------------------------
# How a new entry reaches the readers connected to other server processes: "inprocess" (one
# server process, the embedded default), "postgres" (LISTEN/NOTIFY) or "redis" (pub/sub).
LIVE_BROKER = os.environ.get("LIVE_BROKER", "inprocess")
if LIVE_BROKER not in ("inprocess", "postgres", "redis"):
    raise ImproperlyConfigured(f"LIVE_BROKER must be inprocess, postgres or redis: {LIVE_BROKER!r}")
# Each process also reads new events this often, whatever the broker: entries written by
# another process (the worker) in the embedded mode, or a notification lost in production.
LIVE_SAFETY_POLL_SECONDS = float(
    os.environ.get("LIVE_SAFETY_POLL_SECONDS", "2" if LIVE_BROKER == "inprocess" else "30")
)
LIVE_RETRY_MS = 3000  # how soon browsers reconnect after a cut


# --- Newsletter and alerts (rotative/newsletter/) ----------------------------------------------
NEWSLETTER_FROM_EMAIL = os.environ.get("NEWSLETTER_FROM_EMAIL", DEFAULT_FROM_EMAIL)
# An address whose mail your provider turns into unsubscriptions, offered beside the one-click
# link in List-Unsubscribe; none by default.
NEWSLETTER_UNSUBSCRIBE_MAILTO = os.environ.get("NEWSLETTER_UNSUBSCRIBE_MAILTO", "")
# Shared with the mail provider: it signs the bounce and complaint webhook with it (HMAC).
# Empty: the webhook is off.
NEWSLETTER_WEBHOOK_SECRET = os.environ.get("NEWSLETTER_WEBHOOK_SECRET", "")
NEWSLETTER_CONFIRM_MAX_AGE = 7 * 24 * 3600  # seconds a confirmation link works
# Sign-up requests: (count, seconds) per IP address and per email address.
NEWSLETTER_RATE_LIMITS = {"ip": (10, 3600), "email": (3, 3600)}
# Sending: rows claimed at once by a worker, how long it holds them before another worker may
# take them over (a killed worker), and how often the sweep looks for such leftovers.
NEWSLETTER_BATCH_SIZE = 500
NEWSLETTER_LEASE_SECONDS = 300
NEWSLETTER_SWEEP_SECONDS = 60


# --- Agency sources (rotative/wire/guard.py): what they may reach ----------------------------
# Drop folders must lie under this one (symlinks and ".." resolved first).
WIRE_DROP_ROOT = Path(os.environ.get("WIRE_DROP_ROOT", VAR_DIR / "wire-drop"))
# HTTP sources and agency pictures reach public addresses only; these networks (CIDR, e.g. an
# agency's private link "10.20.0.0/24") are allowed besides. Empty by default.
WIRE_ALLOWED_PRIVATE_NETWORKS = env_list("WIRE_ALLOWED_PRIVATE_NETWORKS", "")


# --- Web Push (VAPID) for breaking-news alerts (rotative/newsletter/push.py) -------------------
def _embedded_vapid_keys() -> tuple[str, str]:
    """A key pair generated once per installation and kept in var/, like the secret key:
    browsers subscribed with the public key, so it must not change between runs."""
    from rotative.newsletter.vapid import vapid_private_key_new, vapid_public_key

    path = VAR_DIR / "vapid_private_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(vapid_private_key_new())
        path.chmod(0o600)
    private = path.read_text().strip()
    return vapid_public_key(private), private


# Both URL-safe base64 without padding: the public key is the browser's applicationServerKey
# (65 bytes, uncompressed P-256 point), the private one its 32-byte secret.
VAPID_PUBLIC_KEY = os.environ.get("VAPID_PUBLIC_KEY", "")
VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY", "")
if not (VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY):
    VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY = _embedded_vapid_keys()
# Who push services contact about our traffic: a mailto: or https: address.
VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "mailto:webmestre@localhost")
# Push services we post to; a browser's subscription elsewhere is refused, so that nobody
# can make the server post to an address of their choosing (host names or their suffixes).
WEBPUSH_SERVICE_HOSTS = env_list(
    "WEBPUSH_SERVICE_HOSTS",
    "fcm.googleapis.com,push.services.mozilla.com,notify.windows.com,push.apple.com",
)
# Exact origins (scheme://host:port) also taken as push services, checked no further: a
# self-hosted push service, or the tests' local one. Empty by default.
WEBPUSH_EXTRA_ORIGINS = env_list("WEBPUSH_EXTRA_ORIGINS", "")
WEBPUSH_TTL_SECONDS = 4 * 3600  # an alert not delivered by then is no longer news
WEBPUSH_TIMEOUT_SECONDS = 10
WEBPUSH_CONCURRENCY = 16  # browsers notified at once by one task

# Les pronostics: how long before a kick-off a reader who asked for it is reminded of the
# matches they have not predicted (rotative/pronostics/services/reminders.py).
PRONOSTICS_REMINDER_HOURS = int(os.environ.get("PRONOSTICS_REMINDER_HOURS", "24"))


# --- Content-Security-Policy and Permissions-Policy (rotative/core/middleware.py) -------------
# django-csp builds the header; `request.csp_nonce` marks every <script> our templates write.
# 'strict-dynamic' lets those scripts load others and ignores host lists in browsers that
# know it; 'self' and https: only serve browsers too old for nonces.
def _media_origins() -> list[str]:
    """Where uploaded images come from when they live on object storage (see STORAGES)."""
    if not os.environ.get("S3_BUCKET"):
        return []
    if os.environ.get("S3_CUSTOM_DOMAIN"):
        return [f"https://{os.environ['S3_CUSTOM_DOMAIN'].strip('/')}"]
    if os.environ.get("S3_ENDPOINT_URL"):
        from urllib.parse import urlsplit

        endpoint = urlsplit(os.environ["S3_ENDPOINT_URL"])
        # Path-style (endpoint/bucket/key) or virtual-host style (bucket.endpoint/key).
        return [
            f"{endpoint.scheme}://{endpoint.netloc}",
            f"{endpoint.scheme}://{os.environ['S3_BUCKET']}.{endpoint.netloc}",
        ]
    return [f"https://{os.environ['S3_BUCKET']}.s3.amazonaws.com"]


from csp.constants import NONCE, NONE, SELF, STRICT_DYNAMIC, UNSAFE_INLINE  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [NONCE, STRICT_DYNAMIC, SELF, "https:"],
        # No inline style anywhere on the public site: one injected `style=` cannot restyle it.
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_media_origins()],
        "font-src": [SELF],
        "connect-src": [SELF],  # the En direct stream and JSON, the push subscription
        "worker-src": [SELF],  # /sw.js, the Web Push service worker
        "manifest-src": [SELF],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin (/admin/, our moderation screens included) writes inline scripts without a
# nonce (InlinePanel, the date pickers) and inline styles from its scripts (the rich-text
# editor): it gets 'unsafe-inline' for both, and may frame itself (page preview, newsletter
# preview). Our own screens need no inline style (static/css/admin.css; core/tests/
# test_staff_styles_browser.py). The admin is reached only by staff, after login; everything
# else stays as strict as on the public site.
CSP_ADMIN_DIRECTIVES = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", *_media_origins()],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}
# Browser features the site never uses are off for it and anything it frames; WebAuthn stays
# available to the site itself (security keys as a second factor).
PERMISSIONS_POLICY = {
    "accelerometer": "()",
    "autoplay": "()",
    "camera": "()",
    "display-capture": "()",
    "encrypted-media": "()",
    "fullscreen": "(self)",
    "geolocation": "()",
    "gyroscope": "()",
    "magnetometer": "()",
    "microphone": "()",
    "midi": "()",
    "payment": "()",
    "publickey-credentials-get": "(self)",
    "screen-wake-lock": "()",
    "serial": "()",
    "usb": "()",
    "xr-spatial-tracking": "()",
}
# The admin loads nothing from other sites: no avatars from Gravatar (it would learn each
# editor's address hash and IP), no version check from wagtail.org (we upgrade through the lock).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False


# --- Sessions: idle and absolute limits, and the reader's list of sessions ------------------
# Readers read from their own phone: a month without a visit, or three months since the login,
# ends the session. Anyone who can open the admin can publish to every reader, from a newsroom
# computer others use: two hours idle, twelve since the login (one working day).
# Enforced by rotative.accounts.middleware.SessionLifetimeMiddleware.
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 24 * 3600)))
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", str(90 * 24 * 3600)))
SESSION_STAFF_IDLE_SECONDS = int(os.environ.get("SESSION_STAFF_IDLE_SECONDS", str(2 * 3600)))
SESSION_STAFF_ABSOLUTE_SECONDS = int(
    os.environ.get("SESSION_STAFF_ABSOLUTE_SECONDS", str(12 * 3600))
)
# How long « Se souvenir de moi » keeps the cookie, and any session is stored: an hour more than
# the idle limit, so that the middleware sees the end, logs it and tells the reader.
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS + 3600
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "rotative.accounts.middleware.SessionLifetimeMiddleware",
)
# « Mes sessions » (/compte/sessions/): each login recorded, the others ended from there.
INSTALLED_APPS.insert(INSTALLED_APPS.index("allauth.account") + 1, "allauth.usersessions")
USERSESSIONS_ADAPTER = "rotative.accounts.sessions.UserSessionsAdapter"


# --- Passwords: words an attacker tries first against this site (ASVS 6.1.2) -----------------
# Refused inside any password, with the publication's name and the reader's address and name
# (rotative/accounts/passwords.py says how they are compared).
PASSWORD_CONTEXT_WORDS = ["rotative", "redaction", "journal", "abonne", "motdepasse", "password"]
AUTH_PASSWORD_VALIDATORS.append({"NAME": "rotative.accounts.passwords.ContextWordsValidator"})


# --- Operations (rotative/ops/): health checks, metrics, backups ------------------------------
# /sante/pret/ fails (503) when one of these checks does: database, cache, queue. The database
# alone by default: the cache and the queue are shared by every process, and a load balancer
# that took them all out for it would stop a site that can still serve pages.
HEALTH_CRITICAL_CHECKS = env_list("HEALTH_CRITICAL_CHECKS", "database")
for _check in HEALTH_CRITICAL_CHECKS:
    if _check not in ("database", "cache", "queue"):
        raise ImproperlyConfigured(
            f"HEALTH_CRITICAL_CHECKS: database, cache or queue, not {_check!r}"
        )
# Due tasks waiting for a worker beyond which the queue check fails.
HEALTH_MAX_QUEUE_DEPTH = int(os.environ.get("HEALTH_MAX_QUEUE_DEPTH", "1000"))
# Who may read /sante/metriques/: a bearer token (Authorization: Bearer …) and/or client
# addresses or networks. Neither by default: the metrics answer 404 to everyone.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = env_networks("METRICS_ALLOWED_IPS")


# --- The mobile app's API (rotative/api/, /api/v1/) -------------------------------------------
# Requests per minute: per address for anonymous reads, per reader with a token or session.
API_RATE_LIMIT_ANONYMOUS = int(os.environ.get("API_RATE_LIMIT_ANONYMOUS", "120"))
API_RATE_LIMIT_READER = int(os.environ.get("API_RATE_LIMIT_READER", "600"))
# Web origins (scheme://host[:port]) whose pages may call the API from a browser. The paper's
# own site needs none; a separate web app on another host would. None by default.
CORS_ALLOWED_ORIGINS = env_list("API_CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = False  # the app sends its token, never the site's cookies
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
CORS_PREFLIGHT_MAX_AGE = 3600
NINJA_PAGINATION_MAX_LIMIT = 50
