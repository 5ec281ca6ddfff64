"""Several server processes: an entry published through one reaches readers on all of them."""

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from rotative.live.tests.conftest import free_port

pytestmark = pytest.mark.django_db(transaction=True)


def redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def database_url() -> str:
    db = connection.settings_dict
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


def start_server(broker: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rotative.settings.test",
        "DATABASE_URL": database_url(),
        "LIVE_BROKER": broker,
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        # Only the broker can bring the entry within the test's 3 seconds, not the safety poll.
        "LIVE_SAFETY_POLL_SECONDS": "60",
    }
    process = subprocess.Popen(  # noqa: S603 (our own fixed command line)
        [
            sys.executable,
            "-m",
            "uvicorn",
            "rotative.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/en-direct/evenements.json", timeout=2)  # noqa: S310 (local)
            return process, url
        except OSError:
            assert process.poll() is None, "the server process stopped"
            assert time.monotonic() < deadline, "the server did not answer"
            time.sleep(0.2)


def publish_through(url: str, text: str) -> None:
    """An editor logs in to this server's admin and posts an entry."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path, fields):
        page = opener.open(url + path).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(  # noqa: S310 (the test's own server)
            url + path, data=data, headers={"Referer": url + path}
        )
        return opener.open(request)

    post("/compte/connexion/", {"login": "redaction@example.fr", "password": "Rédaction-2026!"})
    body = {
        "blocks": [
            {
                "key": "a",
                "text": text,
                "type": "unstyled",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [],
            }
        ],
        "entityMap": {},
    }
    post("/admin/en-direct/", {"body": json.dumps(body)})


@pytest.mark.parametrize("broker", ["postgres", "redis"])
def test_entry_published_on_one_process_reaches_readers_on_all(broker, home, editor, sse):
    if connection.vendor != "postgresql":
        pytest.skip("server processes share the test database only on PostgreSQL")
    if broker == "redis" and not redis_reachable():
        pytest.skip("no Redis server on 127.0.0.1:6379")
    servers = [start_server(broker) for _ in range(2)]
    streams = []
    try:
        streams = [sse(url) for _process, url in servers]
        publish_through(servers[0][1], "Orage sur Saint-Lô : la fête foraine évacuée.")
        for stream in streams:  # the publishing process's readers, and the other one's
            event = stream.next_event(timeout=3)
            assert event["data"]["action"] == "created"
            assert "la fête foraine évacuée" in event["data"]["html"]
    finally:
        for stream in streams:
            stream.close()
        for process, _url in servers:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
