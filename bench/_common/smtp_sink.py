"""A local SMTP sink for the mail benches, in its own process (it must not share the
sender's interpreter): it accepts every message, counts them and keeps each Message-ID.

Run by `Sink` as a script (`python bench/_common/smtp_sink.py PORT REPORT`): it imports
nothing of the bench but aiosmtpd.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path


def sink_main(port: int, report: Path) -> None:
    """Accept every message; on SIGTERM write how many, and their Message-IDs, to `report`."""
    import email.parser

    from aiosmtpd.controller import Controller

    received = {"messages": 0, "bytes": 0, "ids": []}
    headers = email.parser.BytesHeaderParser()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received["messages"] += 1
            received["bytes"] += len(envelope.content)
            received["ids"].append(headers.parsebytes(envelope.content)["Message-ID"])
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    while not stop["now"]:
        time.sleep(0.1)
    controller.stop()
    ids = received.pop("ids")
    received["distinct_ids"] = len(set(ids))
    report.write_text(json.dumps(received), encoding="utf-8")


class Sink:
    """The sink's process, started on `port`; `stop()` returns what it received."""

    def __init__(self, port: int, workdir: Path):
        self.port = port
        self.report = workdir / f"sink-{port}.json"
        self.process = subprocess.Popen(
            [sys.executable, __file__, str(port), str(self.report)],
            stdout=subprocess.PIPE,
            text=True,
        )
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError("the SMTP sink did not start")

    def stop(self) -> dict:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        return json.loads(self.report.read_text(encoding="utf-8"))


if __name__ == "__main__":
    sink_main(int(sys.argv[1]), Path(sys.argv[2]))
