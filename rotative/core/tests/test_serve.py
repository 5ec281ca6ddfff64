"""`make run` on a fresh machine: one command sets up SQLite, the demo, the server and worker."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from rotative.testing import free_port

# `make run`'s embedded mode is SQLite whatever the suite's database: once, by `make test`.
pytestmark = pytest.mark.once

BASE_DIR = Path(__file__).resolve().parents[3]


def start(var_dir, port):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rotative.settings.base",
        "ROTATIVE_VAR_DIR": str(var_dir),
        "PORT": str(port),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DATABASE_URL", None)  # the embedded default, whatever the test run uses
    return subprocess.Popen(
        [sys.executable, "manage.py", "serve"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def wait_for(process, port, deadline=180):
    lines = []
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "Uvicorn running" in line or "Application startup complete" in line:
            break
    for _ in range(50):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:  # noqa: S310 (local)
                return "".join(lines), response.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError("".join(lines))


def scheduled_jobs(database, *, wait_for_at_least, deadline=60):
    """The recurring jobs the worker has scheduled, once it has (it starts after the web)."""
    end = time.monotonic() + deadline
    while True:
        with sqlite3.connect(database) as db:
            names = {name for (name,) in db.execute("SELECT name FROM core_recurringjobstate")}
        if len(names) >= wait_for_at_least or time.monotonic() > end:
            return names
        time.sleep(0.5)


def stop(process):
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


@pytest.mark.slow
def test_serve_sets_everything_up_then_reuses_it(tmp_path):
    port = free_port()
    first = start(tmp_path, port)
    try:
        output, home = wait_for(first, port)
    finally:
        stop(first)
    assert "Démo chargée : 8 rubriques, 70 articles" in output
    assert f"Rotative est en ligne : http://127.0.0.1:{port}/" in output
    assert "Compte de la rédaction (démo, /compte/connexion/) : redaction@localhost / " in output
    assert (tmp_path / "rotative.sqlite3").exists()
    assert "Le Phare normand" in home and "En ce moment" in home
    media = list((tmp_path / "media" / "original_images").iterdir())
    assert len(media) >= 60

    second = start(tmp_path, port)
    try:
        output, home = wait_for(second, port)
        ps = subprocess.run(
            ["ps", "-o", "args=", "--ppid", str(second.pid)], capture_output=True, text=True
        )
        scheduled = scheduled_jobs(tmp_path / "rotative.sqlite3", wait_for_at_least=6)
    finally:
        stop(second)
    assert "Démo chargée" not in output  # the demo is not loaded twice
    assert "Compte de la rédaction (démo, /compte/connexion/) : redaction@localhost / " in output
    employer = "Compte employeur, l'emploi (démo, /compte/connexion/) : rh@laiterie-bocage."
    assert employer in output  # every demo login, at every start
    assert "manage.py worker" in ps.stdout  # the background worker runs beside the server
    # …and it scheduled the recurring jobs the apps declare (core/scheduling.py).
    assert {"wire.poll", "classifieds.daily", "newsletter.digest_send"} <= scheduled
    assert len(list((tmp_path / "media" / "original_images").iterdir())) == len(media)
