"""`.env` beside manage.py, read by every entry point (manage.py, asgi.py, wsgi.py) before the
settings are chosen, so that `cp .env.example .env` and filling in the secrets is enough.

What the real environment already says wins (systemd's EnvironmentFile=, a container's
variables, a one-off `DEBUG=1 manage.py …`). `ROTATIVE_ENV_FILE` names another file, or
none when empty (the tests' subprocesses: a developer's own .env must not leak into them).
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_file_load() -> Path | None:
    """Read the file into os.environ (never overriding); the path read, if any."""
    named = os.environ.get("ROTATIVE_ENV_FILE")
    if named == "":
        return None
    path = Path(named) if named else BASE_DIR / ".env"
    if not path.is_file():
        if named:  # asked for by name: a typo must not start the site half-configured
            raise ImproperlyConfigured(f"ROTATIVE_ENV_FILE: no such file: {named}")
        return None
    from dotenv import load_dotenv

    load_dotenv(path, override=False)
    return path
