"""Helpers for tests and benches: where the real data of `../shared/data` lives (never copied
here), and a free port for a server a test starts.

`ROTATIVE_SHARED_DATA` names the folder; otherwise the first `shared/data` found beside the
repository or above it. With `ROTATIVE_REQUIRE_SHARED_DATA=1` (CI), tests that read it fail
when it is missing instead of being skipped.
"""

import os
import socket
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
REQUIRED = os.environ.get("ROTATIVE_REQUIRE_SHARED_DATA") == "1"


def shared_data_dir() -> Path:
    if os.environ.get("ROTATIVE_SHARED_DATA"):
        return Path(os.environ["ROTATIVE_SHARED_DATA"])
    candidates = [parent / "shared" / "data" for parent in REPOSITORY.parents]
    return next((path for path in candidates if path.is_dir()), candidates[0])


def skip_unless_present(path: Path):
    """A skipif marker for tests of `path`, unless CI requires the shared data."""
    import pytest

    return pytest.mark.skipif(
        not path.exists() and not REQUIRED,
        reason=f"{path} not found (set ROTATIVE_SHARED_DATA to the shared/data folder)",
    )


def free_port() -> int:
    """A port nothing listens on now, for a server the test starts on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
