"""A real push service for the tests: an HTTP server on 127.0.0.1, in a thread, that records
what it receives and answers as FCM or Mozilla's autopush would; and browsers that subscribe
to it with their own keys, and can read what they receive."""

import base64
import json
import os
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class PushRequest:
    path: str
    headers: dict
    body: bytes


class PushService:
    """Answers 201 Created, or what `answers` says for a path (410 Gone, 404, 500…)."""

    def __init__(self):
        self.requests: list[PushRequest] = []
        self.answers: dict[str, int] = {}
        self._lock = threading.Lock()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with service._lock:
                    # Header names in lower case: HTTP does not care, and clients differ.
                    headers = {name.lower(): value for name, value in self.headers.items()}
                    service.requests.append(PushRequest(self.path, headers, body))
                self.send_response(service.answers.get(self.path, 201))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def endpoint(self, name: str) -> str:
        return f"{self.origin}/push/{name}"

    def received(self, name: str) -> list[PushRequest]:
        return [r for r in self.requests if r.path == f"/push/{name}"]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(name="push_service")
def push_service_fixture(settings):
    """Import it into a test module to use it (pytest finds fixtures in the module's names).
    Its origin (http, 127.0.0.1, a port) is trusted for this test only: the site's own rules
    refuse every one of those."""
    service = PushService()
    settings.WEBPUSH_EXTRA_ORIGINS = [service.origin]
    yield service
    service.stop()


class Browser:
    """A browser's side of RFC 8291: its ECDH key pair and auth secret, as PushManager makes."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)

    @property
    def p256dh(self) -> str:
        return b64url(
            self.key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        )

    def subscription_json(self, endpoint: str) -> dict:
        """PushSubscription.toJSON(), as push.js posts it."""
        return {"endpoint": endpoint, "keys": {"p256dh": self.p256dh, "auth": b64url(self.auth)}}

    def read(self, request: PushRequest) -> dict:
        """Decrypt a message as the browser does, and parse the JSON the service worker reads."""
        assert request.headers["content-encoding"] == "aes128gcm"
        clear = http_ece.decrypt(
            request.body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(clear)


def vapid_claims(request: PushRequest, public_key: str) -> dict:
    """Check the `Authorization: vapid t=<JWT>, k=<key>` header (RFC 8292) and return the
    JWT's claims: signed (ES256) by the private key matching `public_key`."""
    scheme, _, params = request.headers["authorization"].partition(" ")
    assert scheme == "vapid"
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    assert fields["k"] == public_key
    header, claims, signature = fields["t"].split(".")
    raw = b64url_decode(signature)
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(public_key))
    key.verify(
        encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")),
        f"{header}.{claims}".encode(),
        ec.ECDSA(hashes.SHA256()),
    )  # raises InvalidSignature otherwise
    assert json.loads(b64url_decode(header)) == {"typ": "JWT", "alg": "ES256"}
    return json.loads(b64url_decode(claims))
