"""Production as the README deploys it, shared by test_production.py and bench/news_night.py:
the Procfile's command lines, a Redis server of one's own (to stop it), and .env.example
filled in as an operator fills it. Neither pytest nor Django is imported here."""

import os
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

from dotenv import dotenv_values

from rotative.testing import free_port

BASE_DIR = Path(__file__).resolve().parents[3]
PROCFILE = BASE_DIR / "deploy" / "Procfile"


def procfile() -> dict[str, str]:
    """{process type: command line} of deploy/Procfile."""
    lines = [line for line in PROCFILE.read_text().splitlines() if line and line[0] != "#"]
    return dict(line.split(": ", 1) for line in lines)


class Redis:
    """A Redis server of one's own, which its owner may stop and start again (same port)."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


def vapid_pair() -> dict[str, str]:
    """VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, made by the command the README gives."""
    printed = subprocess.run(
        [sys.executable, "-m", "rotative.newsletter.vapid"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(line.split("=", 1) for line in printed.split())


def env_example_filled(values: dict[str, str]) -> str:
    """.env.example with `values` set (each must be a variable it lists, set or commented)."""
    text = (BASE_DIR / ".env.example").read_text()
    for name, value in values.items():
        text, found = re.subn(
            rf"^(# )?{name}=.*$", f"{name}={shlex.quote(value)}", text, flags=re.M
        )
        if found != 1:
            raise ValueError(f"{name} is not in .env.example")
    return text


def process_environment(env_file: Path) -> dict[str, str]:
    """What honcho or systemd's EnvironmentFile= hand the processes: the file, over PATH
    (the .venv's bin first, as the README's deployment has it)."""
    venv_bin = str(Path(sys.executable).parent)
    return {
        "PATH": f"{venv_bin}:{os.environ['PATH']}",
        "PYTHONUNBUFFERED": "1",
        "ROTATIVE_ENV_FILE": "",
        **{k: v for k, v in dotenv_values(env_file).items() if v is not None},
    }
