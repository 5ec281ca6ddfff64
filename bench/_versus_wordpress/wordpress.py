"""The WordPress peer that /work/shared/peers/wordpress.sh sets up (run by root, `BENCH=0`
sets up only): its URLs, its database, its processes. Nothing of WordPress is copied here."""

from __future__ import annotations

import http.client
import os
import subprocess
import time
from pathlib import Path

from _versus_wordpress.memory import children_of, pids_named

HOST, PORT = "127.0.0.1", 8081
BASE = f"http://{HOST}:{PORT}"
SETUP_LOG = Path(os.environ.get("WP_SETUP_LOG", "/tmp/wp-setup.log"))  # noqa: S108 (the lead's)
HEADERS: dict[str, str] = {}  # wordpress.sh's own runs send no extra header


def mysql(statement: str) -> list[list[str]]:
    """Rows of `statement` as MariaDB's root (wordpress.sh reuses a root without password)."""
    for args in (["-uroot"], ["--protocol=TCP", "-h127.0.0.1", "-P3306", "-uroot"]):
        done = subprocess.run(  # noqa: S603 (our own fixed command line)
            ["mysql", *args, "-N", "-B", "-e", statement],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode == 0:
            return [line.split("\t") for line in done.stdout.splitlines()]
    raise SystemExit(f"mysql failed: {done.stderr.strip()}")


def wait_setup(log, timeout: float = 3600) -> None:
    """wordpress.sh prints « Services left running » when it is done; a second setup is
    never started from here (it is the lead's, and it drops what it does not recognise)."""
    deadline = time.monotonic() + timeout
    while True:
        if SETUP_LOG.exists() and "Services left running" in SETUP_LOG.read_text(errors="replace"):
            break
        if time.monotonic() > deadline:
            raise SystemExit(f"WordPress setup not finished (see {SETUP_LOG})")
        log(f"waiting for WordPress's setup ({SETUP_LOG})")
        time.sleep(30)
    status = get("/")[0]
    if status != 200:
        raise SystemExit(
            f"WordPress answers {status} on {BASE}/: set it up first (as root) with"
            " `N=100000 BENCH=0 bash /work/shared/peers/wordpress.sh`"
        )


def get(path: str, headers: dict | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection(HOST, PORT, timeout=60)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.headers, body


def middle_post() -> dict:
    """The post wordpress.sh measures: the middle id of the published posts, at its
    permalink (the ?p= redirect's target)."""
    low, high, count = mysql(
        "SELECT MIN(ID), MAX(ID), COUNT(*) FROM wp_peer.wp_posts"
        " WHERE post_type='post' AND post_status='publish'"
    )[0]
    middle = (int(low) + int(high)) // 2
    status, headers, _ = get(f"/?p={middle}")
    location = headers.get("Location", f"{BASE}/?p={middle}")
    return {"id": middle, "path": location.removeprefix(BASE), "posts": int(count)}


def matches(word: str) -> int:
    """Posts WordPress's search finds for `word` (a LIKE on title and content)."""
    escaped = word.replace("'", "''")
    return int(
        mysql(
            "SELECT COUNT(*) FROM wp_peer.wp_posts WHERE post_type='post' AND post_status='publish'"
            f" AND (post_title LIKE '%{escaped}%' OR post_content LIKE '%{escaped}%')"
        )[0][0]
    )


def queries_running() -> int:
    return int(
        mysql(
            "SELECT COUNT(*) FROM information_schema.processlist"
            " WHERE db='wp_peer' AND command='Query'"
        )[0][0]
    )


def threads() -> dict:
    """MariaDB's connected and running threads (one connection per PHP request)."""
    rows = mysql(
        "SHOW GLOBAL STATUS WHERE Variable_name IN ('Threads_connected','Threads_running')"
    )
    return {name.lower(): int(value) for name, value in rows}


def pids() -> dict[str, int]:
    """php-fpm (master and pool), nginx (master and workers), MariaDB: {name: pid}."""
    tree = children_of()
    named = {}
    for name, comm in (("php-fpm", "php-fpm"), ("nginx", "nginx"), ("mariadb", "mariadbd")):
        for n, pid in enumerate(pids_named(comm), 1):
            if name == "nginx" and not _serves_wp(pid, tree):
                continue
            named[f"{name}#{n}"] = pid
    return named


def _serves_wp(pid: int, tree) -> bool:
    """The system nginx (wordpress.sh's, /run/nginx.pid) and its workers, not the bench's."""
    try:
        master = int(Path("/run/nginx.pid").read_text().strip())
    except (OSError, ValueError):
        return True
    return pid == master or pid in tree.get(master, [])
