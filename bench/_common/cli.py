"""The benches' common command line and run-time chores: logging, signals, clean-up."""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import sys
import time
from pathlib import Path


def parser(doc: str, *, db_env: str, db_default: str, smoke: str | None) -> argparse.ArgumentParser:
    """--database-url (default from `db_env`, then `db_default`), --no-doc and, when the bench
    has one, --smoke (`smoke` is its help: what the small run does)."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get(db_env, db_default))
    if smoke:
        parser.add_argument("--smoke", action="store_true", help=smoke)
    parser.add_argument("--no-doc", action="store_true", help="do not write docs/performance.md")
    return parser


def logger():
    began = time.monotonic()

    def log(msg: str) -> None:
        print(f"[{time.monotonic() - began:7.1f}s] {msg}", flush=True)

    return log


def exit_on_sigterm() -> None:
    """`timeout` and kill send SIGTERM: exit through the finally clauses (temporary files)."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def peak_rss_mib() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def clean_up(folder: Path, *, keep: bool = False, log=None) -> None:
    """After a run, whatever happened: Django's connections closed, the scratch folder gone
    (or kept, and said so)."""
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # noqa: BLE001, S110 - best effort, Django may not be set up
        pass
    if keep:
        if log:
            log(f"kept {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
