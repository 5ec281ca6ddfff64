import contextlib
import http.client
import json
import socket
import threading
import time
from urllib.parse import urlsplit

import pytest

from rotative.testing import free_port


@pytest.fixture
def asgi_server(transactional_db, settings, home):
    """The site on a real ASGI server (uvicorn) in this process: push needs one."""
    import uvicorn
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from rotative.asgi import application
    from rotative.live.hub import hub

    # A server of its own: whatever an earlier test's server left in the process's hub (its
    # streams, their count in the metrics) is forgotten.
    hub.stop()
    port = free_port()
    settings.SITE_URL = f"http://127.0.0.1:{port}"
    settings.ALLOWED_HOSTS = ["*"]
    config = uvicorn.Config(
        ASGIStaticFilesHandler(application),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    from rotative.live.hub import hub

    server.should_exit = True
    thread.join(10)
    hub.stop()


class SseClient:
    """Reads a text/event-stream response event by event (http.client: no extra dependency)."""

    def __init__(self, base_url: str, path: str, last_event_id=None, timeout: float = 10):
        parts = urlsplit(base_url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        headers = {"Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        self.connection.request("GET", path, headers=headers)
        self.response = self.connection.getresponse()
        assert self.response.status == 200, self.response.status
        assert self.response.getheader("Content-Type").startswith("text/event-stream")
        # The server sends its retry delay once the stream is subscribed: from then on,
        # nothing published is missed.
        self.connection.sock.settimeout(timeout)
        assert self.response.readline().startswith(b"retry:")

    def next_event(self, timeout: float = 5) -> dict:
        """The next `entry` event as {"id", "data"}; AssertionError after `timeout` seconds."""
        self.connection.sock.settimeout(timeout)
        fields: dict = {}
        try:
            while True:
                line = self.response.readline().decode().rstrip("\n")
                if line == "":
                    if fields.get("event") == "entry":
                        return {"id": int(fields["id"]), "data": json.loads(fields["data"])}
                    fields = {}
                    continue
                if line.startswith(":"):
                    continue
                name, _, value = line.partition(":")
                fields[name] = value.lstrip(" ")
        except TimeoutError:
            raise AssertionError(f"no event within {timeout} s") from None

    def close(self):
        self.connection.close()


@pytest.fixture
def sse():
    clients = []

    def connect(base_url, path="/en-direct/flux/?canal=site", **kwargs):
        client = SseClient(base_url, path, **kwargs)
        clients.append(client)
        return client

    yield connect
    for client in clients:
        client.close()


@pytest.fixture
def editor(db):
    from django.contrib.auth import get_user_model

    from rotative.accounts.services import account_email_confirm

    user = get_user_model().objects.create_superuser(
        username="redaction", email="redaction@example.fr", password="Rédaction-2026!"
    )
    account_email_confirm(user=user)  # editors log in by email, at /compte/connexion/
    return user


@pytest.fixture
def labels(db):
    from rotative.live.models import LiveLabel

    return {
        "trafic": LiveLabel.objects.create(name="Trafic", slug="trafic", colour="#b36200"),
        "meteo": LiveLabel.objects.create(name="Météo", slug="meteo", colour="#0b6e99"),
    }


class CuttableProxy:
    """A TCP relay in front of the server whose connections the test can cut and restore."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut_off = False
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.cut_off:
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            with self.lock:
                self.sockets += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def cut(self):
        self.cut_off = True
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            self.sockets = []

    def restore(self):
        self.cut_off = False

    def close(self):
        self.cut()
        self.listener.close()


@pytest.fixture
def proxy(asgi_server):
    relay = CuttableProxy(int(urlsplit(asgi_server).port))
    yield relay, f"http://127.0.0.1:{relay.port}"
    relay.close()
