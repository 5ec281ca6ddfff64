"""A task for test_production.py's workers (a module of its own: they import it by path)."""

import time
from pathlib import Path

from django_tasks import task


@task()
def slow_write(path: str) -> None:
    """Writes `start`, waits for `<path>.go` to exist, writes `done`: a kill in between shows
    as a start without done, whatever the speed of the machine."""
    marks = Path(path)
    with marks.open("a") as file:
        file.write("start\n")
    deadline = time.monotonic() + 60
    while not marks.with_suffix(".go").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    with marks.open("a") as file:
        file.write("done\n")
