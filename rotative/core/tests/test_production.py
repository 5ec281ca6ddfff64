"""Production as the README deploys it: .env.example filled in, migrate and collectstatic, two
web processes and two workers started by deploy/Procfile's own lines, on PostgreSQL and Redis;
then the faults a night editor meets: Redis stopped, a worker killed, PostgreSQL restarted.

The test plays the proxy: it sends what the README says the TLS terminator must send (the
Host, `X-Forwarded-Proto: https`, `X-Forwarded-For`) from an address in TRUSTED_PROXIES.
It needs a PostgreSQL server on 127.0.0.1:5432 (user postgres) and Debian's redis-server
(it runs a Redis of its own, to stop it); without them it is skipped, unless
ROTATIVE_REQUIRE_PRODUCTION=1 (CI), where it fails instead. It runs in the PostgreSQL run of
the suite (`make test-postgres`) only.
"""

import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from rotative.core import scheduling
from rotative.core.tests.production_setup import (
    BASE_DIR,
    Redis,
    env_example_filled,
    free_port,
    process_environment,
    procfile,
    vapid_pair,
)
from rotative.live.tests.conftest import SseClient

pytestmark = pytest.mark.slow

POSTGRES = "postgres://postgres@127.0.0.1:5432"
HOST = "www.example.fr"
SITE = f"https://{HOST}"
PAPER = "Le Phare normand"  # SITE_NAME in .env.example
READER = ("lectrice@example.fr", "Marée-basse-à-Granville-1")
EDITOR = ("redaction@example.fr", "Rédaction-de-nuit-2026!")
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def unavailable(reason: str):
    if os.environ.get("ROTATIVE_REQUIRE_PRODUCTION") == "1":
        pytest.fail(f"ROTATIVE_REQUIRE_PRODUCTION=1 but {reason}")
    pytest.skip(reason)


def postgres_connect(dbname: str = "postgres"):
    import psycopg

    return psycopg.connect(f"{POSTGRES}/{dbname}", autocommit=True, connect_timeout=3)


class Site:
    """The processes, their environment and a way to read their database."""

    def __init__(self, env: dict, database: str, log_dir: Path):
        self.env, self.database, self.log_dir = env, database, log_dir
        self.web: list[tuple[subprocess.Popen, int]] = []
        self.worker = None
        self.second_worker = None  # another machine's: recurring jobs are still queued once

    def start(self, kind: str, **extra) -> subprocess.Popen:
        log = (self.log_dir / f"{kind}-{time.monotonic_ns()}.log").open("ab")
        return subprocess.Popen(
            ["/bin/sh", "-c", procfile()[kind]],
            cwd=BASE_DIR,
            env={**self.env, **extra},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # the group: sh and what it runs
        )

    def start_web(self) -> int:
        port = free_port()
        self.web.append((self.start("web", PORT=str(port)), port))
        return port

    def manage_start(self, *args) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def manage_wait(self, process: subprocess.Popen) -> str:
        output, _ = process.communicate(timeout=180)
        assert process.returncode == 0, output
        return output

    def manage(self, *args) -> str:
        return self.manage_wait(self.manage_start(*args))

    def query(self, sql: str, params=()) -> list[tuple]:
        with postgres_connect(self.database) as connection:
            return connection.execute(sql, params).fetchall()

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in self.log_dir.iterdir())


def kill(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def wait_until(condition, *, timeout: float, message: str, site=None):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(message + ("\n" + site.logs() if site else ""))
        time.sleep(0.2)


# --- a client that plays the browser behind the TLS-terminating proxy -------------------------


class Browser:
    """Cookies kept by hand: the site's are `Secure`, and the proxy speaks plain HTTP to it."""

    def __init__(self, client_ip: str = "203.0.113.7"):
        self.cookies: dict[str, str] = {}
        self.client_ip = client_ip

    def request(self, port, method, path, fields=None, *, https=True):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        headers = {"Host": HOST, "X-Forwarded-For": self.client_ip, "User-Agent": "Firefox/140"}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"], headers["Referer"] = SITE, SITE + path
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response

    def get(self, port, path, **kwargs):
        return self.request(port, "GET", path, **kwargs)

    def submit(self, port, path, fields):
        """GET the form (its CSRF token), then POST it, as a browser does."""
        page = self.get(port, path)
        assert page.status == 200, (page.status, page.text[:500])
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return self.request(port, "POST", path, {"csrfmiddlewaretoken": token, **fields})


def totp(secret: str) -> str:
    """RFC 6238 at the real time: the second factor the newsroom's phones give."""
    counter = int(time.time()) // 30
    mac = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**6:06d}"


# --- the deployment -----------------------------------------------------------------------------

SETUP = f"""
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from rotative.accounts.services import account_email_confirm, reader_create
reader_create(email={READER[0]!r}, password={READER[1]!r}, display_name="Marie L.")
editor = get_user_model().objects.create_superuser("redaction", {EDITOR[0]!r}, {EDITOR[1]!r})
account_email_confirm(user=editor)
TOTP.activate(editor, {TOTP_SECRET!r})
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from django.conf import settings

    if not settings.DATABASE_IS_POSTGRES:
        # It builds its own PostgreSQL database whatever the suite's: once, in the
        # PostgreSQL run of the suite (`make test-postgres`), is enough.
        pytest.skip("production runs on PostgreSQL: run by `make test-postgres`")
    if not shutil.which("redis-server"):
        unavailable("no redis-server (Debian's redis-server package)")
    try:
        postgres_connect().close()
    except Exception as error:  # noqa: BLE001 (whatever keeps us from the server)
        unavailable(f"no PostgreSQL server at {POSTGRES}: {error}")

    tmp = tmp_path_factory.mktemp("production")
    (tmp / "logs").mkdir()
    database = f"rotative_production_{uuid.uuid4().hex[:8]}"
    with postgres_connect() as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    redis = Redis()
    redis.start()

    # .env.example as the operator fills it in: its secrets, and this machine's addresses.
    filled = {
        "SECRET_KEY": base64.urlsafe_b64encode(os.urandom(48)).decode(),
        **vapid_pair(),
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
        "ROTATIVE_VAR_DIR": str(tmp / "var"),
        "VARNISH_URL": "",  # Varnish has its own test (deploy/varnish)
        "EMAIL_HOST": "127.0.0.1",
        # Only the broker can bring an entry within the test's seconds, not the safety poll.
        "LIVE_SAFETY_POLL_SECONDS": "60",
        "TASK_WORKER_LOST_SECONDS": "2",  # the worker kill below, in seconds rather than 30
    }
    env_file = tmp / ".env"
    env_file.write_text(env_example_filled(filled))
    env = process_environment(env_file)
    site = Site(env, database, tmp / "logs")
    try:
        # The README's order; what does not depend on the other runs beside it.
        static = site.manage_start("collectstatic", "--no-input")
        site.manage("migrate", "--no-input")
        setup = site.manage_start("shell", "-c", SETUP)
        site.manage_wait(static)
        site.start_web()
        site.start_web()
        # Two workers started together, as two machines are: both race for every recurring
        # job's first moment.
        site.worker = site.start("worker")
        site.second_worker = site.start("worker")
        site.manage_wait(setup)
        for process, port in site.web:
            wait_until(
                lambda port=port: _answers(port),
                timeout=30,
                message=f"web process on {port} did not answer",
                site=site,
            )
            assert process.poll() is None
        site.redis = redis
        yield site
    finally:
        for process in [p for p, _port in site.web] + [site.worker, site.second_worker]:
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)  # nothing of theirs is kept
        redis.stop()
        with postgres_connect() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _answers(port) -> bool:
    try:
        return Browser().get(port, "/").status == 200
    except OSError:
        return False


# --- what the README promises ----------------------------------------------------------


def test_every_recurring_job_is_scheduled_once(site):
    declared = {job.name: job for job in scheduling.recurring_jobs()}
    wait_until(
        lambda: len(site.query("SELECT name FROM core_recurringjobstate")) == len(declared),
        timeout=20,
        message="the worker did not schedule every job",
        site=site,
    )
    # Each interval job queued at once, and never twice within its interval: by the two
    # workers together.
    for job in declared.values():
        path = job.task.module_path
        moments = [
            row[0]
            for row in site.query(
                "SELECT enqueued_at FROM django_tasks_database_dbtaskresult"
                " WHERE task_path = %s ORDER BY enqueued_at",
                [path],
            )
        ]
        if job.every is None:
            continue  # a daily job waits for its hour
        assert moments, f"{job.name} was not queued"
        gaps = [later - earlier for earlier, later in zip(moments, moments[1:], strict=False)]
        assert all(gap >= job.every - timedelta(seconds=1) for gap in gaps), (job.name, gaps)


def test_a_page_is_served_behind_the_proxy(site):
    for _process, port in site.web:
        page = Browser().get(port, "/")
        assert page.status == 200
        assert PAPER in page.text
        assert "Rotative" not in page.text
    # Without the proxy's word that the client spoke HTTPS: sent there (SECURE_SSL_REDIRECT).
    plain = Browser().get(site.web[0][1], "/", https=False)
    assert plain.status == 301
    assert plain.getheader("Location") == f"{SITE}/"


def test_pages_reuse_the_processes_redis_connections(site):
    """Django makes a cache per thread and the ASGI server a thread per request: each page
    opened a Redis connection of its own (issue 20), a handshake costing more than its reads."""
    import redis

    stats = redis.Redis(port=site.redis.port)
    for _process, port in site.web:  # each process's pool filled once
        Browser().get(port, "/")
    before = stats.info("stats")["total_connections_received"]
    for _ in range(20):
        for _process, port in site.web:
            assert Browser().get(port, "/").status == 200
    opened = stats.info("stats")["total_connections_received"] - before
    assert opened <= 4, f"{opened} Redis connections opened for 40 pages"


def test_a_reader_logs_in_on_one_process_and_is_known_to_the_other(site):
    (_a, port_a), (_b, port_b) = site.web
    browser = Browser()
    response = browser.submit(
        port_a, "/compte/connexion/", {"login": READER[0], "password": READER[1]}
    )
    assert response.status == 302, response.text[:2000]
    assert "__Host-sessionid" in browser.cookies
    account = browser.get(port_b, "/compte/")
    assert account.status == 200
    assert "Marie L." in account.text


def editor_posts_live_entry(site, port, text):
    browser = Browser(client_ip="203.0.113.8")
    response = browser.submit(
        port, "/compte/connexion/", {"login": EDITOR[0], "password": EDITOR[1]}
    )
    assert response.status == 302 and "2fa/authenticate" in response.getheader("Location")
    response = browser.submit(port, "/compte/2fa/authenticate/", {"code": totp(TOTP_SECRET)})
    if response.status != 302:  # the code turned over between computing and checking it
        response = browser.submit(port, "/compte/2fa/authenticate/", {"code": totp(TOTP_SECRET)})
    assert response.status == 302, response.text[:2000]
    body = {
        "blocks": [{"key": "a", "text": text, "type": "unstyled", "depth": 0}],
        "entityMap": {},
    }
    posted = browser.submit(port, "/admin/en-direct/", {"body": json.dumps(body)})
    assert posted.status == 302, posted.text[:2000]


def test_a_live_entry_posted_through_one_process_reaches_a_stream_on_the_other(site):
    (_a, port_a), (_b, port_b) = site.web
    stream = SseClient(f"http://127.0.0.1:{port_b}", "/en-direct/flux/?canal=site")
    try:
        editor_posts_live_entry(site, port_a, "Coupure de courant dans le Cotentin.")
        event = stream.next_event(timeout=5)
    finally:
        stream.close()
    assert event["data"]["action"] == "created"
    assert "Coupure de courant dans le Cotentin." in event["data"]["html"]


# --- faults -------------------------------------------------------------------------------


def test_redis_stopped_pages_still_served_signup_and_login_refused_then_back(site):
    (_a, port_a), (_b, port_b) = site.web
    site.redis.stop()
    try:
        for port in (port_a, port_b):
            assert Browser().get(port, "/").status == 200
            assert Browser().get(port, "/recherche/?q=courant").status == 200
        refused = Browser(client_ip="203.0.113.9").submit(
            port_a, "/compte/connexion/", {"login": READER[0], "password": READER[1]}
        )
        assert refused.status == 503
        assert "La connexion et la création de compte sont momentanément indisponibles" in (
            refused.text
        )
        signup = Browser(client_ip="203.0.113.10").submit(
            port_b,
            "/compte/inscription/",
            {
                "email": "nouveau@example.fr",
                "display_name": "Nouveau",
                "password1": "Goélands-sur-la-digue-9",
                "password2": "Goélands-sur-la-digue-9",
            },
        )
        assert signup.status == 503
        assert not site.query("SELECT 1 FROM auth_user WHERE email = 'nouveau@example.fr'")
    finally:
        site.redis.start()
    time.sleep(2.5)  # the cache's breaker lets the processes try Redis again
    back = Browser(client_ip="203.0.113.9").submit(
        port_a, "/compte/connexion/", {"login": READER[0], "password": READER[1]}
    )
    assert back.status == 302


def test_a_worker_killed_mid_task_and_replaced_runs_it_again_exactly_once(site, tmp_path):
    # One worker from here: the one killed must be the one that holds the task.
    kill(site.second_worker)
    marks = tmp_path / "marks"
    site.manage(
        "shell",
        "-c",
        "from rotative.core.tests.production_tasks import slow_write;"
        f"slow_write.enqueue({str(marks)!r})",
    )
    wait_until(
        lambda: marks.exists() and marks.read_text() == "start\n",
        timeout=15,
        message="the worker did not start the task",
        site=site,
    )
    kill(site.worker, signal.SIGKILL)
    path = "rotative.core.tests.production_tasks.slow_write"
    status = (
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE task_path = %s"
    )
    assert [row[0] for row in site.query(status, [path])] == ["RUNNING"]

    marks.with_suffix(".go").touch()  # the next run goes through
    site.worker = site.start("worker")  # what systemd's Restart= does
    wait_until(
        lambda: site.query(status, [path])[0][0] == "SUCCESSFUL",
        timeout=30,
        message="the task was not run again",
        site=site,
    )
    time.sleep(0.5)  # a second run would have started by now
    assert marks.read_text() == "start\nstart\ndone\n"
    ((final, worker_ids),) = site.query(status, [path])
    assert final == "SUCCESSFUL" and len(worker_ids) == 2


def test_postgresql_restarted_the_web_processes_serve_again_without_restart(site):
    # What a restart does to every client: each connection of the site is cut.
    with postgres_connect() as connection:
        cut = connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [site.database],
        ).fetchall()
    assert len(cut) >= 2  # at least the pooled connections of the two web processes
    for _process, port in site.web:
        for _ in range(4):  # more than the pool holds: no request gets a dead connection
            page = Browser().get(port, "/")
            assert page.status == 200, site.logs()
    time.sleep(1)  # the worker's threads have met their cut connections
    assert site.worker.poll() is None, site.logs()
    assert all(process.poll() is None for process, _port in site.web)
