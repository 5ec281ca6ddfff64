"""A real worker (`manage.py worker`) killed in the middle of a mailing, then restarted:
every subscriber gets the message exactly once, counted by a real SMTP server."""

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from rotative.newsletter.models import Subscriber
from rotative.newsletter.services import sending
from rotative.newsletter.tests.factories import mailing

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BASE_DIR = Path(__file__).resolve().parents[3]
SUBSCRIBERS = 60
KILL_AFTER = 20


def database_for_workers(tmp_path) -> str:
    """The test database as the worker processes can reach it: PostgreSQL's test database
    itself, or a file copy of SQLite's in-memory one (taken once everything is queued)."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
        host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
        return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    return f"sqlite:///{path}"


def delivery_statuses(database_url: str, mailing_id: int) -> Counter:
    query = "SELECT status, COUNT(*) FROM newsletter_delivery WHERE mailing_id = %s GROUP BY status"
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            return Counter(dict(db.execute(query.replace("%s", "?"), [mailing_id]).fetchall()))
    with connection.cursor() as cursor:
        cursor.execute(query, [mailing_id])
        return Counter(dict(cursor.fetchall()))


def start_worker(database_url: str, smtp_port: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rotative.newsletter.tests.worker_settings",
        "DATABASE_URL": database_url,
        "TEST_SMTP_PORT": str(smtp_port),
    }
    return subprocess.Popen(  # noqa: S603 (our own fixed command line)
        [sys.executable, "manage.py", "worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def test_a_worker_killed_mid_send_and_restarted_sends_every_message_exactly_once(
    settings, smtp_server, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NEWSLETTER_SWEEP_SECONDS = 1
    settings.SITE_URL = "https://www.example.fr"

    # The server holds the worker at the MAIL command of message KILL_AFTER + 1: by then the
    # worker has committed message KILL_AFTER as sent and not yet handed over the next one.
    mail_commands = 0
    held = threading.Event()
    released = threading.Event()

    async def handle_MAIL(server, session, envelope, address, mail_options):
        nonlocal mail_commands
        mail_commands += 1
        if mail_commands == KILL_AFTER + 1:
            held.set()
            while not released.is_set():
                await asyncio.sleep(0.05)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    smtp_server.handle_MAIL = handle_MAIL

    readers = Subscriber.objects.bulk_create(
        Subscriber(email=f"lecteur{n:02}@example.fr", status=Subscriber.Status.CONFIRMED)
        for n in range(SUBSCRIBERS)
    )
    alert = mailing()
    assert sending.mailing_queue(mailing=alert, subscriber_ids=[r.pk for r in readers]) == 60
    database_url = database_for_workers(tmp_path)
    log = tmp_path / "worker.log"

    first = start_worker(database_url, smtp_server.port, log)
    try:
        assert held.wait(60), log.read_text()
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
    finally:
        stop(first)
        released.set()
    assert len(smtp_server.messages) == KILL_AFTER
    after_kill = delivery_statuses(database_url, alert.pk)
    assert after_kill["sent"] == KILL_AFTER
    assert after_kill["sending"] + after_kill["queued"] == SUBSCRIBERS - KILL_AFTER

    second = start_worker(database_url, smtp_server.port, log)
    try:
        smtp_server.wait_for(SUBSCRIBERS, timeout=60)
        deadline = time.monotonic() + 30
        while delivery_statuses(database_url, alert.pk)["sent"] < SUBSCRIBERS:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        time.sleep(2.5)  # a few more sweeps: long enough for a duplicate to show up
    finally:
        stop(second)

    received = smtp_server.messages
    assert Counter(m["To"] for m in received) == {r.email: 1 for r in readers}
    assert len({m["Message-ID"] for m in received}) == SUBSCRIBERS
    assert delivery_statuses(database_url, alert.pk) == {"sent": SUBSCRIBERS}
