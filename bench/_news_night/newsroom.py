"""The newsroom of the night: editors publishing articles and live entries through the
services (in a process of their own, on the production settings, as the admin's would),
and the agency's wire dropping NewsML-G2 files into the desk's folder.

The editors run as a script (`python bench/_news_night/newsroom.py ARTICLE_S LIVE_S`): one
JSON line per action on stdout, until SIGTERM."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent.parent


class Editors:
    """The editors' process; `stop()` returns their actions."""

    def __init__(self, env: dict, article_every: float, live_every: float, log_dir: Path):
        paths = [str(BENCH_DIR), str(BENCH_DIR.parent), env.get("PYTHONPATH", "")]
        self.process = subprocess.Popen(  # noqa: S603 (our own script)
            [sys.executable, __file__, str(article_every), str(live_every)],
            cwd=BENCH_DIR.parent,
            env={**env, "PYTHONPATH": os.pathsep.join(filter(None, paths))},
            stdout=subprocess.PIPE,
            stderr=(log_dir / "editors.log").open("ab"),
            text=True,
        )

    def stop(self) -> list[dict]:
        self.process.send_signal(signal.SIGTERM)
        output, _ = self.process.communicate(timeout=60)
        return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


class Wire:
    """The agency: a few items every `every` seconds, written under a dot-name then renamed
    (the desk skips dot files, so it never reads half a file)."""

    def __init__(self, folder: Path, seed: int):
        from _wire_ingest.text import Writer

        self.folder, self.writer = folder, Writer(random.Random(seed))
        self.dropped: list[str] = []
        self.prefix = f"urn:newsml:afp.com:nuit:{seed}:"

    def drop(self, count: int) -> None:
        from _wire_ingest.feed import new_item

        start = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=1)
        for _ in range(count):
            number = len(self.dropped)
            data, _label, _original = new_item(self.writer, f"{self.prefix}{number:06d}", 0, start)
            name = f"nuit-{number:06d}.xml"
            (self.folder / f".{name}").write_bytes(data)
            (self.folder / f".{name}").rename(self.folder / name)
            self.dropped.append(name)


def editors_main(article_every: float, live_every: float) -> None:
    import django

    django.setup()
    from _news_pages.text import Writer, make_article
    from django.contrib.auth import get_user_model
    from django.db import connection

    from rotative.live.services import live_entry_publish
    from rotative.news.models import ArticlePage, SectionPage
    from rotative.news.services import article_publish_new

    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    rng = random.Random(os.getpid())
    writer = Writer(rng, pool_size=2000)
    editor = get_user_model().objects.filter(is_superuser=True).first()
    sections = list(SectionPage.objects.live().exclude(slug="fil-des-agences"))
    due = {"article": time.monotonic() + rng.uniform(1, article_every), "live": time.monotonic()}

    def article():
        place = writer.pick(writer.places)
        title, chapo, body, _text = make_article(writer, rng, place)
        page = ArticlePage(title=title, slug=f"nuit-{time.time_ns()}", chapo=chapo, body=body)
        article_publish_new(section=rng.choice(sections), article=page, user=editor)

    def live():
        live_entry_publish(author=editor, body=f"{writer.text(30)} ({time.strftime('%H:%M:%S')})")

    actions = {"article": (article, article_every), "live": (live, live_every)}
    while not stop["now"]:
        kind = min(due, key=due.get)
        time.sleep(max(0.0, due[kind] - time.monotonic()))
        if stop["now"]:
            break
        action, every = actions[kind]
        started = time.monotonic()
        error = ""
        try:
            action()
        except Exception as exc:  # noqa: BLE001 - reported, the night goes on
            error = f"{type(exc).__name__}: {exc}"[:200]
        finally:
            # Back to the pool after each action, as at the end of an admin request: the
            # pool checks a connection before lending it again (a cut one is replaced).
            connection.close()
        record = {"t": started, "kind": kind, "s": time.monotonic() - started, "error": error}
        print(json.dumps(record), flush=True)
        due[kind] = started + every * rng.uniform(0.8, 1.2)


if __name__ == "__main__":
    editors_main(float(sys.argv[1]), float(sys.argv[2]))
