"""A task for test_production.py's workers (a module of its own: they import it by path)."""

import time
from pathlib import Path

from django_tasks import task


@task()
def slow_write(path: str, seconds: float) -> None:
    """Writes `start`, waits, writes `done`: a kill in between shows as a start without done."""
    with Path(path).open("a") as file:
        file.write("start\n")
    time.sleep(seconds)
    with Path(path).open("a") as file:
        file.write("done\n")
