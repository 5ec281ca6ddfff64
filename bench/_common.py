"""What the PostgreSQL benches share: a throw-away database, Django set up on the base
settings, and their section of docs/performance.md.

Benches run as scripts (`python bench/x.py`), so this module is imported as `_common`.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"
DOC_PATH = BASE_DIR / "docs" / "performance.md"
BASE_SETTINGS = "rotative.settings.base"
# Production-only switches a bench must not inherit from the caller's environment.
UNSET = ("MEDIA_ROOT", "S3_BUCKET", "REDIS_URL", "DATABASE_REPLICA_URLS", "DEBUG")


def admin_url(db_url: str) -> str:
    parts = urlsplit(db_url)
    return urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))


def db_name(db_url: str) -> str:
    name = urlsplit(db_url).path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        sys.exit(f"Unsupported database name in {db_url!r}")
    return name


def recreate_database(db_url: str) -> None:
    import psycopg

    name = db_name(db_url)
    with psycopg.connect(admin_url(db_url), autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_exists(db_url: str) -> bool:
    import psycopg

    with psycopg.connect(admin_url(db_url), autocommit=True, connect_timeout=10) as conn:
        row = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [db_name(db_url)]
        ).fetchone()
    return row is not None


def bench_environment(db_url: str, var_dir: Path, **extra: str) -> dict:
    """The environment of the bench's Django (this process and its subprocesses)."""
    env = dict(os.environ)
    for key in UNSET:
        env.pop(key, None)
    env.update(
        DATABASE_URL=db_url,
        DJANGO_SETTINGS_MODULE=BASE_SETTINGS,
        ROTATIVE_VAR_DIR=str(var_dir),
        LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join([str(BASE_DIR), *filter(None, [env.get("PYTHONPATH")])]),
        **extra,
    )
    return env


def run_migrate(env: dict, log) -> float:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=900,
    )
    log(f"migrate: {time.monotonic() - started:.1f} s")
    return time.monotonic() - started


def django_setup(env: dict) -> None:
    for key in UNSET:
        os.environ.pop(key, None)
    for key in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "ROTATIVE_VAR_DIR", "LOG_LEVEL"):
        os.environ[key] = env[key]
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def sql(statement, params=None, fetch=False):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if fetch else None


def write_doc(name: str, heading: str, block_text: str) -> None:
    """Replace the bench's block in docs/performance.md (or add it under `heading`)."""
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    block = f"{start}\n{block_text}\n{end}"
    text = DOC_PATH.read_text(encoding="utf-8")
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _old, tail = rest.split(end, 1)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + f"\n\n## {heading}\n\n" + block + "\n"
    DOC_PATH.write_text(text, encoding="utf-8")


def peak_rss_mib() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def logger():
    began = time.monotonic()

    def log(msg: str) -> None:
        print(f"[{time.monotonic() - began:7.1f}s] {msg}", flush=True)

    return log


def report(*, name: str, heading: str, results: dict, text: str, smoke: bool, no_doc: bool, log):
    """Save the raw results, print the Markdown, and put it in docs/performance.md (unless
    a smoke run or --no-doc)."""
    filename = f"{name}_smoke.json" if smoke else f"{name}.json"
    (RESULTS_DIR / filename).write_text(
        json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
    )
    print()
    print(text)
    if no_doc:
        log(f"wrote bench/results/{filename}")
    else:
        write_doc(name, heading, text)
        log(f"wrote {DOC_PATH.relative_to(BASE_DIR)} and bench/results/{filename}")


def clean_up(var_dir: Path) -> None:
    """After a run, whatever happened: Django's connections closed, the scratch folder gone."""
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # noqa: BLE001, S110 - best effort, Django may not be set up
        pass
    shutil.rmtree(var_dir, ignore_errors=True)
