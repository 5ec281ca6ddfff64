"""Rotative as the README deploys it, on the 100,000-article database: .env.example filled in
(production settings, a Redis database number of the bench's own), deploy/Procfile's web
line with `--workers 2` (one uvicorn, two worker processes: the issue's set-up), and Varnish
with deploy/varnish/ in front, started as bench/_news_night/site.py starts it."""

from __future__ import annotations

import base64
import http.client
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from _common import BASE_DIR
from _common.processes import free_port, stop_process
from _news_night.site import HOST, VARNISH_DIR, varnish_backends, varnishd_command

from _versus_wordpress.memory import children_of
from rotative.core.tests.production_setup import (
    env_example_filled,
    process_environment,
    procfile,
    vapid_pair,
)

# What Varnish and the application are told about the reader's request (TLS ends before
# Varnish in the README's deployment): without them, production answers a redirect.
HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https"}
WEB_WORKERS = 2


class RotativeSite:
    def __init__(self, workdir: Path, db_url: str, log, *, redis_db: int):
        self.workdir, self.db_url, self.log, self.redis_db = workdir, db_url, log, redis_db
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.web_port, self.varnish_port = free_port(), free_port()
        self.layer_port = free_port()  # the inner layer's address (deploy/varnish/)
        self.web = self.varnish = None
        self.env: dict = {}

    def configure(self) -> None:
        filled = {
            "SECRET_KEY": base64.urlsafe_b64encode(os.urandom(48)).decode(),
            **vapid_pair(),
            "DATABASE_URL": self.db_url,
            "REDIS_URL": f"redis://127.0.0.1:6379/{self.redis_db}",
            "ROTATIVE_VAR_DIR": str(self.workdir / "var"),
            "VARNISH_URL": f"http://127.0.0.1:{self.varnish_port}",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_USE_TLS": "false",
        }
        env_file = self.workdir / ".env"
        env_file.write_text(env_example_filled(filled))
        self.env = process_environment(env_file)
        # Pages cached by an earlier run (fragments, menus) must not make this one faster.
        subprocess.run(  # noqa: S603 (our own fixed command line)
            ["redis-cli", "-n", str(self.redis_db), "FLUSHDB"],  # noqa: S607
            check=True,
            capture_output=True,
        )
        done = subprocess.run(  # noqa: S603 (our own fixed command line)
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise SystemExit(f"collectstatic failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")

    def start(self, *, varnish_params: tuple[str, ...] = ()) -> None:
        line = f"{procfile()['web']} --workers {WEB_WORKERS}"
        self.web = subprocess.Popen(  # noqa: S603 (deploy/Procfile's own line)
            ["/bin/sh", "-c", line],
            cwd=BASE_DIR,
            env={**self.env, "PORT": str(self.web_port)},
            stdout=(self.logs / "web.log").open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        vcl = self.workdir / "varnish"
        vcl.mkdir(exist_ok=True)
        shutil.copy(VARNISH_DIR / "default.vcl", vcl / "default.vcl")
        (vcl / "backends.vcl").write_text(
            varnish_backends([self.web_port], layer_port=self.layer_port)
        )
        self.varnish_n = vcl / "n"
        self.varnish = subprocess.Popen(  # noqa: S603 (our own fixed command line)
            [
                *varnishd_command(vcl, self.varnish_port, layer_port=self.layer_port),
                *varnish_params,
            ],
            stdout=(self.logs / "varnishd.log").open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_http(self.web_port, "/robots.txt")
        self.wait_http(self.varnish_port, "/")
        self.log(f"Rotative up: uvicorn on {self.web_port}, Varnish on {self.varnish_port}")

    def wait_http(self, port: int, path: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", path, headers=HEADERS)
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"nothing answered 200 on {port}{path}: see {self.logs}")
            time.sleep(0.5)

    def get(
        self, port: int, path: str, headers: dict | None = None
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", path, headers={**HEADERS, **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, response.headers, body

    def web_pids(self) -> dict[str, int]:
        """uvicorn's supervisor and its workers (multiprocessing children), by name."""
        if self.web is None:
            return {}
        tree = children_of()
        named = {"uvicorn-supervisor": self.web.pid}
        workers = [
            pid for pid in tree.get(self.web.pid, []) if "resource_tracker" not in _cmdline(pid)
        ]
        for n, pid in enumerate(sorted(workers), 1):
            named[f"uvicorn-worker{n}"] = pid
        return named

    def pids(self) -> dict[str, int]:
        named = self.web_pids()
        if self.varnish is not None:
            named["varnishd-manager"] = self.varnish.pid
            for n, pid in enumerate(sorted(children_of().get(self.varnish.pid, [])), 1):
                named[f"varnishd-cache{n if n > 1 else ''}"] = pid
        return named

    def stop(self) -> None:
        for process in (self.varnish, self.web):
            stop_process(process, grace=10, group=True)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""
