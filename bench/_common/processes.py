"""Servers and helpers the benches start as subprocesses, and how they stop them."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(port: int, path: str, timeout: float = 5.0) -> int:
    """Status of one GET on a fresh connection (0 if the answer is not HTTP)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
        )
        data = b""
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
        while sock.recv(65536):
            pass
    return int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0


def wait_ready(
    server: subprocess.Popen, port: int, timeout: float = 60.0, interval: float = 0.2
) -> float:
    """Seconds until /robots.txt answers 200; RuntimeError if the server stops or is late."""
    started = time.monotonic()
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {server.returncode})")
        with contextlib.suppress(OSError):
            if http_get(port, "/robots.txt", 2) == 200:
                return time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"the server did not answer within {timeout:.0f} s")
        time.sleep(interval)


def stop_process(process: subprocess.Popen | None, *, grace: float, group: bool = False) -> str:
    """SIGTERM, then SIGKILL after `grace` seconds; `group`: the whole process group it leads
    (started with start_new_session). Says how it stopped."""
    if process is None or process.poll() is not None:
        return "not running"

    def send(signum):
        with contextlib.suppress(ProcessLookupError):
            if group:
                os.killpg(process.pid, signum)  # the process group this bench started
            else:
                process.send_signal(signum)

    send(signal.SIGTERM)
    try:
        process.wait(grace)
        return f"SIGTERM, exit {process.returncode}"
    except subprocess.TimeoutExpired:
        send(signal.SIGKILL)
        process.wait(5)
        return f"SIGKILL after {grace:.0f} s"
