"""The bench's own PostgreSQL database, and Django set up on it in this process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from _common import BASE_DIR, BASE_SETTINGS

# Production-only switches a bench must not inherit from the caller's environment.
UNSET = ("MEDIA_ROOT", "S3_BUCKET", "REDIS_URL", "DATABASE_REPLICA_URLS", "DEBUG")
# What django_setup copies from the bench environment into this process's.
DJANGO_KEYS = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "ROTATIVE_VAR_DIR", "LOG_LEVEL")


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


def bench_environment(
    db_url: str,
    var_dir: Path,
    *,
    settings: str = BASE_SETTINGS,
    paths: tuple[Path, ...] = (),
    **extra: str,
) -> dict:
    """The environment of the bench's Django (this process and its subprocesses)."""
    env = dict(os.environ)
    for key in UNSET:
        env.pop(key, None)
    env.update(
        DATABASE_URL=db_url,
        DJANGO_SETTINGS_MODULE=settings,
        ROTATIVE_VAR_DIR=str(var_dir),
        LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join(
            [*map(str, paths), str(BASE_DIR), *filter(None, [env.get("PYTHONPATH")])]
        ),
        **extra,
    )
    return env


def run_migrate(env: dict, log) -> float:
    started = time.monotonic()
    subprocess.run(  # noqa: S603 (our own fixed command line)
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=900,
    )
    log(f"migrate: {time.monotonic() - started:.1f} s")
    return time.monotonic() - started


def django_setup(env: dict, *, keys=DJANGO_KEYS, unset=UNSET, paths: tuple[Path, ...] = ()) -> None:
    """Django in this process, on the `keys` of the bench environment (`unset` removed)."""
    for key in unset:
        os.environ.pop(key, None)
    for key in keys:
        os.environ[key] = env[key]
    for path in (str(BASE_DIR), *map(str, paths)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()


def sql(statement, params=None, fetch=False):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if fetch else None


def server_version() -> str:
    """PostgreSQL's version number, e.g. "15.20"."""
    return sql("SHOW server_version", fetch=True)[0][0].split()[0]
