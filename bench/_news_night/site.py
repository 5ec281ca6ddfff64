"""The production deployment the night runs against, started the README's way: .env.example
filled in, PostgreSQL, a Redis of its own, web processes and workers by deploy/Procfile's
lines, Varnish with deploy/varnish/ (its backends on our ports), and an SMTP sink."""

from __future__ import annotations

import base64
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from _common import BASE_DIR
from _common.db import db_name, recreate_database
from _common.processes import free_port, stop_process
from _common.smtp_sink import Sink

from rotative.core.tests.production_setup import (
    Redis,
    env_example_filled,
    process_environment,
    procfile,
    vapid_pair,
)

HOST = "www.example.fr"  # SITE_URL and ALLOWED_HOSTS of .env.example
VARNISH_DIR = BASE_DIR / "deploy" / "varnish"
VARNISHD = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin")


def varnish_backends(ports: list[int], *, layer_port: int) -> str:
    """The shipped backends.vcl with one backend per web process, on their ports, and the
    inner layer on varnishd's own `layer` address (varnishd_command's `layer_port`)."""
    shipped = (VARNISH_DIR / "backends.vcl").read_text()
    shipped = shipped.replace('.port = "6089"', f'.port = "{layer_port}"')
    block = re.search(r"^backend web1 \{.*?^\}\n", shipped, flags=re.M | re.S).group(0)
    backends = "".join(
        block.replace("web1", f"web{n}").replace('.port = "8001"', f'.port = "{port}"')
        for n, port in enumerate(ports, 1)
    )
    adds = "".join(f"    app.add_backend(web{n});\n" for n in range(1, len(ports) + 1))
    text = shipped.replace(block, backends)
    text = re.sub(r"^    app\.add_backend\(web1\);\n", adds, text, flags=re.M)
    return re.sub(r"^ *# app\.add_backend\(web2\);\n", "", text, flags=re.M)


def varnishd_command(
    vcl: Path, port: int, *, layer_port: int, storage: str = "malloc,256m"
) -> list[str]:
    """varnishd in the foreground as the README starts it, on `vcl`/default.vcl, `port` and
    the inner layer's `layer_port`, its working directory (-n) inside `vcl`, no management
    port, no jail (not root here)."""
    if VARNISHD is None:
        raise SystemExit("varnishd is absent: scripts/ensure-varnish.sh installs Debian's")
    return [
        VARNISHD,
        "-F",
        "-j",
        "none",
        "-n",
        str(vcl / "n"),
        "-a",
        f"127.0.0.1:{port}",
        "-a",
        f"layer=127.0.0.1:{layer_port}",
        "-T",
        "none",
        "-f",
        str(vcl / "default.vcl"),
        "-s",
        storage,
    ]


class Deployment:
    """Every process of the site; `pids()` names them for the memory samples."""

    def __init__(self, workdir: Path, db_url: str, log, *, webs: int = 2, workers: int = 2):
        self.workdir, self.db_url, self.log = workdir, db_url, log
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.wire_dir = workdir / "wire-drop" / "afp"
        self.wire_dir.mkdir(parents=True)
        self.redis = Redis()
        self.web_ports = [free_port() for _ in range(webs)]
        self.webs: list[subprocess.Popen] = []
        self.workers: list[subprocess.Popen | None] = [None] * workers
        self.varnish_port = free_port()
        self.layer_port = free_port()
        self.varnish = None
        self.sink = None
        self.env: dict = {}

    # --- configuration and data ---------------------------------------------------------

    def configure(self) -> dict:
        """.env.example filled in (secrets, this machine's addresses); the processes' env."""
        sink_port = free_port()
        filled = {
            "SECRET_KEY": base64.urlsafe_b64encode(os.urandom(48)).decode(),
            **vapid_pair(),
            "DATABASE_URL": self.db_url,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis.port}/0",
            "ROTATIVE_VAR_DIR": str(self.workdir / "var"),
            "VARNISH_URL": f"http://127.0.0.1:{self.varnish_port}",
            "WIRE_DROP_ROOT": str(self.wire_dir.parent),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink_port),
            "EMAIL_USE_TLS": "false",
        }
        env_file = self.workdir / ".env"
        env_file.write_text(env_example_filled(filled))
        self.env = process_environment(env_file)
        self.sink_port = sink_port
        return self.env

    def manage(self, *args, wait: bool = True):
        out = (self.logs / f"manage-{args[0]}.log").open("ab")
        process = subprocess.Popen(  # noqa: S603 (our own fixed command line)
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        if wait:
            self.manage_wait(process)
        return process

    def manage_wait(self, process: subprocess.Popen) -> None:
        if process.wait(900) != 0:
            log = self.logs / f"manage-{process.args[2]}.log"
            raise SystemExit(f"{' '.join(process.args[1:])} failed:\n{log.read_text()[-3000:]}")

    def install(self) -> dict:
        """Database created, Redis and Varnish up, migrate and collectstatic, the demo loaded."""
        timings = {}
        started = time.monotonic()
        recreate_database(self.db_url)
        self.redis.start()
        self.start_varnish()  # already there for the purges of the fill's publications
        static = self.manage("collectstatic", "--no-input", wait=False)
        self.manage("migrate", "--no-input")
        timings["migrate_s"] = round(time.monotonic() - started, 1)
        self.manage("load_demo")
        self.manage_wait(static)
        timings["demo_s"] = round(time.monotonic() - started - timings["migrate_s"], 1)
        self.log(f"{db_name(self.db_url)}: migrated, demo loaded ({timings})")
        return timings

    # --- processes --------------------------------------------------------------------------

    def start_process(self, kind: str, **extra) -> subprocess.Popen:
        out = (self.logs / f"{kind}-{extra.get('PORT', '')}{time.monotonic_ns()}.log").open("ab")
        return subprocess.Popen(  # noqa: S603 (deploy/Procfile's own line)
            ["/bin/sh", "-c", procfile()[kind]],
            cwd=BASE_DIR,
            env={**self.env, **extra},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its group: sh, exec'd into what it runs
        )

    def start_worker(self, index: int) -> None:
        self.workers[index] = self.start_process("worker")

    def start(self) -> None:
        self.sink = Sink(self.sink_port, self.workdir)
        self.webs = [self.start_process("web", PORT=str(port)) for port in self.web_ports]
        for index in range(len(self.workers)):
            self.start_worker(index)
        for port in self.web_ports:
            self.wait_http(port, "/robots.txt")
        self.wait_http(self.varnish_port, "/")
        self.log(
            f"up: web on {self.web_ports}, {len(self.workers)} workers, "
            f"Varnish on {self.varnish_port}, Redis on {self.redis.port}, SMTP on {self.sink_port}"
        )

    def start_varnish(self) -> None:
        if VARNISHD is None:
            raise SystemExit("varnishd is absent: scripts/ensure-varnish.sh installs Debian's")
        vcl = self.workdir / "varnish"
        vcl.mkdir()
        shutil.copy(VARNISH_DIR / "default.vcl", vcl / "default.vcl")
        (vcl / "backends.vcl").write_text(
            varnish_backends(self.web_ports, layer_port=self.layer_port)
        )
        self.varnish = subprocess.Popen(  # noqa: S603 (our own fixed command line)
            varnishd_command(vcl, self.varnish_port, layer_port=self.layer_port),
            stdout=(self.logs / "varnishd.log").open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_http(self, port: int, path: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request(
                    "GET", path, headers={"Host": HOST, "X-Forwarded-Proto": "https"}
                )
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"nothing answered 200 on {port}{path}: see {self.logs}")
            time.sleep(0.3)

    def pids(self) -> dict[str, int]:
        """{name: pid} of the processes whose memory is followed (a worker started again
        after its kill has the name of the one it replaces, and a pid of its own)."""
        named = {f"web{n}": p.pid for n, p in enumerate(self.webs, 1)}
        for n, process in enumerate(self.workers, 1):
            if process is not None and process.poll() is None:
                named[f"worker{n}"] = process.pid
        if self.varnish is not None:
            named["varnishd"] = self.varnish.pid
        return named

    def stop(self) -> dict:
        """Everything this run started, stopped; what the SMTP sink received."""
        for process in [*self.webs, *self.workers, self.varnish]:
            stop_process(process, grace=10, group=True)
        self.redis.stop()
        received = self.sink.stop() if self.sink else {}
        return received

    def kill_worker(self, index: int) -> int:
        process = self.workers[index]
        os.killpg(process.pid, signal.SIGKILL)  # the group this run started
        process.wait(10)
        return process.pid
