#!/usr/bin/env python
"""Where a send run's time goes: cProfile of one `mailing_send` in this process.

Uses the database `bench/newsletter_send.py` left (its subscribers and its morning letter):
copies the letter into a new mailing, queues it for the first N subscribers, starts the
bench's SMTP sink and sends it in this process, under cProfile on the CPU clock (`--wall`
for the wall clock). Prints CPU milliseconds per message (measured without the profiler
first, on another copy) and the top functions.

    .venv/bin/python bench/_newsletter/profile_send.py --database-url postgres://…/rotative_newsletter_bench
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import BASE_DIR  # noqa: E402
from _common.db import bench_environment, django_setup  # noqa: E402
from _common.smtp_sink import Sink  # noqa: E402

DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/rotative_newsletter_bench"


def send_copy(messages: int, profiler: cProfile.Profile | None) -> tuple[int, float, float]:
    """Queue a copy of the morning letter for `messages` subscribers and send it."""
    from rotative.newsletter.models import Mailing, Subscriber
    from rotative.newsletter.services import sending

    letter = Mailing.objects.filter(kind=Mailing.Kind.DIGEST).order_by("pk").first()
    copy = Mailing.objects.create(
        kind=letter.kind, subject=letter.subject, html=letter.html, text=letter.text
    )
    ids = list(Subscriber.objects.order_by("pk").values_list("pk", flat=True)[:messages])
    sending.mailing_queue(mailing=copy, subscriber_ids=ids)  # its task is queued, not run
    wall, cpu = time.monotonic(), time.process_time()
    if profiler is not None:
        profiler.enable()
    sent = sending.mailing_send(mailing_id=copy.pk)
    if profiler is not None:
        profiler.disable()
    return sent, time.monotonic() - wall, time.process_time() - cpu


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_NEWSLETTER_DATABASE_URL", DEFAULT_DB_URL)
    )
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8028)
    parser.add_argument("--wall", action="store_true", help="profile on the wall clock")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)
    os.chdir(BASE_DIR)
    var_dir = Path(tempfile.mkdtemp(prefix="rotative-newsletter-profile-"))
    django_setup(
        bench_environment(args.database_url, var_dir, SITE_URL="https://www.rotative.example")
    )
    from django.conf import settings
    from django.urls import reverse

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", args.port
    reverse("newsletter:signup")  # the URLconf's import is a worker's start-up, not a message's
    sink = Sink(args.port, var_dir)
    try:
        sent, wall, cpu = send_copy(args.messages, None)
        print(
            f"without profiler: {sent} messages in {wall:.1f} s ({sent / wall:.0f}/s), "
            f"{cpu / sent * 1000:.2f} ms of CPU per message; load average {os.getloadavg()}"
        )
        profiler = cProfile.Profile(time.monotonic if args.wall else time.process_time)
        sent, wall, cpu = send_copy(args.messages, profiler)
    finally:
        print(f"sink: {sink.stop()}")
    stats = pstats.Stats(profiler)
    print(f"{stats.total_calls / sent:,.0f} calls per message")
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
