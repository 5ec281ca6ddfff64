"""Web Push (VAPID, RFC 8291/8292): the push services a browser may name, and the
notifications posted to them. The browsers that opted in are recorded by
services.subscriptions (push_subscription_save).

The one module that talks to push services (FCM, Mozilla autopush, Apple, Windows), through
pywebpush. Each message is encrypted for one browser; the VAPID header (a JWT signed with our
private key) is signed once per push service and run, not once per browser. Browsers are
notified in parallel threads, and the database is written once per chunk: who is gone (404,
410: deleted), who got it, who failed.

A task run again after a crash may notify some browsers twice: the notification carries a
`tag` per story, so the browser replaces the first one instead of showing two.
"""

import base64
import binascii
import json
import logging
import re
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests
from django.conf import settings
from django.db.models import F
from django.utils import timezone
from py_vapid import Vapid
from pywebpush import WebPusher
from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

from rotative.newsletter.models import PushSubscription

logger = logging.getLogger(__name__)

GONE = frozenset({404, 410})
CHUNK = 500
VAPID_LIFETIME = 12 * 3600  # the longest push services accept is 24 hours


class PushSubscriptionInvalid(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- what a browser may subscribe with -------------------------------------------------------


def _b64url_decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


# What a push service's address may contain: RFC 3986's characters, nothing else. A backslash,
# a space or a control character is where URL parsers start to disagree about the host.
_URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_ENDPOINT = re.compile(
    r"(?P<scheme>[a-z]+)://(?P<host>[a-z0-9.-]+)(?::(?P<port>[0-9]{1,5}))?(?P<rest>[/?][^#]*)?",
    re.IGNORECASE,
)
_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")


@dataclass(frozen=True)
class PushEndpoint:
    """A push service's address, parsed once: the host checked is the host posted to."""

    scheme: str
    host: str
    port: int | None
    rest: str

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.host}" + (f":{self.port}" if self.port else "")

    @property
    def url(self) -> str:
        return self.origin + self.rest


def _host_is_ip(host: str) -> bool:
    # urllib3 and the resolver take "2130706433" or "0x7f.1" for 127.0.0.1: a host whose last
    # label is not a name is an address, whatever it looks like.
    last = host.rsplit(".", 1)[-1]
    return last.isdigit() or last.startswith("0x") or not any(c.isalpha() for c in last)


def endpoint_parse(endpoint: object) -> PushEndpoint:
    """The address of a known push service, or PushSubscriptionInvalid: anything else would
    let a visitor make the server post wherever they like (inside our network, say).

    Strict on purpose: no user information, backslash, space or control character, no port but
    443, no IP address, a host in WEBPUSH_SERVICE_HOSTS (or below one). The message is then
    posted to `PushEndpoint.url`, rebuilt from these parts, and urllib3 (the parser requests
    uses) must read the same host from it.
    """
    if not isinstance(endpoint, str) or len(endpoint) > 1000:
        raise PushSubscriptionInvalid("endpoint")
    match = _ENDPOINT.fullmatch(endpoint) if _URL_CHARACTERS.fullmatch(endpoint) else None
    if match is None:  # "@" in the authority, "\\", whitespace, non-ASCII…
        raise PushSubscriptionInvalid("endpoint")
    scheme, host = match["scheme"].lower(), match["host"].lower().rstrip(".")
    port = int(match["port"]) if match["port"] else None
    if port == {"https": 443, "http": 80}.get(scheme):
        port = None
    parsed = PushEndpoint(scheme=scheme, host=host, port=port, rest=match["rest"] or "/")
    if parsed.origin in settings.WEBPUSH_EXTRA_ORIGINS:
        return _same_host_for_urllib3(parsed)
    if scheme != "https" or port not in (None, 443):
        raise PushSubscriptionInvalid("endpoint")
    labels = host.split(".")
    if _host_is_ip(host) or not all(_LABEL.fullmatch(label) for label in labels):
        raise PushSubscriptionInvalid("endpoint")
    if not any(
        host == allowed or host.endswith("." + allowed)
        for allowed in (name.lower().strip(".") for name in settings.WEBPUSH_SERVICE_HOSTS)
    ):
        raise PushSubscriptionInvalid("endpoint")
    return _same_host_for_urllib3(parsed)


def _same_host_for_urllib3(parsed: PushEndpoint) -> PushEndpoint:
    try:
        seen = parse_url(parsed.url)
    except LocationParseError as error:
        raise PushSubscriptionInvalid("endpoint") from error
    if seen.host != parsed.host or seen.auth or seen.port != parsed.port:
        raise PushSubscriptionInvalid("endpoint")
    return parsed


def endpoint_allowed(endpoint: str) -> bool:
    try:
        endpoint_parse(endpoint)
    except PushSubscriptionInvalid:
        return False
    return True


def subscription_check(*, endpoint: str, p256dh: str, auth: str) -> None:
    """Raise PushSubscriptionInvalid unless the browser sent what RFC 8291 needs."""
    endpoint_parse(endpoint)
    try:
        key = _b64url_decode(p256dh) if isinstance(p256dh, str) else b""
        secret = _b64url_decode(auth) if isinstance(auth, str) else b""
    except (binascii.Error, ValueError) as error:
        raise PushSubscriptionInvalid("keys") from error
    if len(key) != 65 or key[0] != 4 or len(secret) != 16:
        raise PushSubscriptionInvalid("keys")


# --- sending ---------------------------------------------------------------------------------


@dataclass
class PushResult:
    sent: int = 0
    gone: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


class _Signer:
    """VAPID headers per push service origin, signed once and reused until near expiry."""

    def __init__(self):
        self.vapid = Vapid.from_string(settings.VAPID_PRIVATE_KEY)
        self._cache: dict[str, tuple[float, dict]] = {}
        self._lock = threading.Lock()

    def headers(self, endpoint: PushEndpoint) -> dict:
        audience = endpoint.origin
        now = time.time()
        with self._lock:
            cached = self._cache.get(audience)
            if cached is None or cached[0] < now + 600:
                expires = int(now) + VAPID_LIFETIME
                claims = {"aud": audience, "exp": expires, "sub": settings.VAPID_SUBJECT}
                cached = (expires, self.vapid.sign(claims))
                self._cache[audience] = cached
            return dict(cached[1])


_sessions = threading.local()


def _session() -> requests.Session:
    """One connection pool per thread: requests' sessions are not meant to be shared."""
    if not hasattr(_sessions, "session"):
        _sessions.session = requests.Session()
        # Push services answer where they stand; a redirect would take the message (and the
        # server's request) to an address nobody checked.
        _sessions.session.max_redirects = 0
    return _sessions.session


def _post(subscription: PushSubscription, data: bytes, signer: _Signer, urgency: str):
    """(subscription id, HTTP status or None, error text). Never raises: one browser's bad
    address or a push service's odd answer must not keep the alert from the others."""
    try:
        # Checked again at sending: the rules may have tightened since the browser subscribed,
        # and rows written before they did are not to be trusted.
        endpoint = endpoint_parse(subscription.endpoint)
        headers = {**signer.headers(endpoint), "Urgency": urgency}
        info = {**subscription.subscription_info, "endpoint": endpoint.url}
        response = WebPusher(info, requests_session=_session()).send(
            data,
            headers,
            ttl=settings.WEBPUSH_TTL_SECONDS,
            content_encoding="aes128gcm",
            timeout=settings.WEBPUSH_TIMEOUT_SECONDS,
        )
    except PushSubscriptionInvalid:
        return subscription.pk, None, f"endpoint refused: {subscription.endpoint[:200]!r}"
    except Exception as error:  # noqa: BLE001 (whatever pywebpush, requests or py_vapid raise)
        return subscription.pk, getattr(error, "status_code", None), str(error)[:300]
    if response.status_code > 202:
        return subscription.pk, response.status_code, response.text[:300]
    return subscription.pk, response.status_code, ""


def notification_payload(*, title: str, body: str, url: str, tag: str) -> bytes:
    """What the service worker (templates/newsletter/sw.js) reads and shows."""
    return json.dumps(
        {"title": title, "body": body, "url": url, "tag": tag}, ensure_ascii=False
    ).encode()


def push_send(
    *, payload: bytes, subscriptions: Iterable[PushSubscription] | None = None, urgency="high"
) -> PushResult:
    """Post `payload` to every browser subscribed to the breaking news (or those given);
    forget the gone ones."""
    if subscriptions is None:
        subscriptions = (
            PushSubscription.objects.filter(breaking_news=True)
            .order_by("pk")
            .iterator(chunk_size=CHUNK)
        )
    signer = _Signer()
    result = PushResult()
    with ThreadPoolExecutor(max_workers=settings.WEBPUSH_CONCURRENCY) as pool:
        chunk: list[PushSubscription] = []
        for subscription in subscriptions:
            chunk.append(subscription)
            if len(chunk) >= CHUNK:
                _send_chunk(pool, chunk, payload, signer, urgency, result)
                chunk = []
        if chunk:
            _send_chunk(pool, chunk, payload, signer, urgency, result)
    return result


def _send_chunk(pool, chunk, payload, signer, urgency, result: PushResult) -> None:
    outcomes = list(pool.map(lambda s: _post(s, payload, signer, urgency), chunk))
    delivered = [pk for pk, status, _error in outcomes if status is not None and status <= 202]
    gone = [pk for pk, status, _error in outcomes if status in GONE]
    failed = [
        (pk, status, error)
        for pk, status, error in outcomes
        if pk not in delivered and status not in GONE
    ]
    if delivered:
        PushSubscription.objects.filter(pk__in=delivered).update(
            last_success_at=timezone.now(), failures=0
        )
    if gone:
        PushSubscription.objects.filter(pk__in=gone).delete()
    if failed:
        PushSubscription.objects.filter(pk__in=[pk for pk, _s, _e in failed]).update(
            failures=F("failures") + 1
        )
        for _pk, status, error in failed[:3]:
            logger.warning("Web Push failed (%s): %s", status, error)
    result.sent += len(delivered)
    result.gone += len(gone)
    result.failed += len(failed)
    result.errors += [error for _pk, _status, error in failed[:10]]
