#!/usr/bin/env python
# ruff: noqa: E501  (Markdown and log lines read better unwrapped)
"""Benchmark of the newsletter engine: the morning letter to 100,000 subscribers, on PostgreSQL.

1. Creates a dedicated database (`rotative_newsletter_bench` by default; dropped first) and
   migrates it in a subprocess; sets Django up in this process on the base settings.
2. Starts an SMTP sink (aiosmtpd, bench/_common/smtp_sink.py) in its own process on
   127.0.0.1: it accepts every message, counts them and keeps each Message-ID, so the run
   checks that every subscriber got exactly one.
3. Writes N confirmed subscribers (default 100,000) and one morning-letter mailing of eight
   stories, rendered once from the real digest templates when they exist.
4. Baseline, same run: the same message sent N_BASE times over one SMTP connection with plain
   smtplib, no database: what this machine's Python and the sink allow at best.
5. Measures the engine: `sending.mailing_queue` (one delivery row per subscriber), then
   `sending.mailing_send` in W worker processes at once (default 2, this machine's cores),
   each claiming batches with SKIP LOCKED, building each subscriber's message (signed links,
   List-Unsubscribe) and committing each row as sent. Reports messages per second, total
   time, the ratio to the baseline, and checks the sink received exactly N distinct messages.
6. Writes its section of docs/performance.md and bench/results/newsletter_send.json.

    .venv/bin/python bench/newsletter_send.py              # 100,000 subscribers
    .venv/bin/python bench/newsletter_send.py --smoke      # 5,000, no doc written
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import smtplib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import BASE_DIR, cli
from _common.db import (
    bench_environment,
    db_name,
    django_setup,
    recreate_database,
    run_migrate,
    server_version,
    sql,
)
from _common.report import command_line, machine, publish, results_name, run_date
from _common.smtp_sink import Sink

NAME = "newsletter_send"
DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/rotative_newsletter_bench"
TARGET_PER_S = 500  # from the issue (20): at least 500 messages per second, end to end

# --------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------

STORIES = [
    ("Granville", "Le port de pêche retrouve ses chalutiers après trois semaines d'arrêt"),
    ("Saint-Lô", "La nouvelle médiathèque ouvrira ses portes au printemps"),
    ("Coutances", "Le festival de jazz dévoile une affiche tournée vers la jeunesse"),
    ("Cherbourg", "Un deuxième ferry quotidien vers l'Irlande dès le mois de mars"),
    ("Avranches", "Les maraîchers de la baie s'organisent face à la sécheresse"),
    ("Carentan", "Le collège teste la semaine de quatre jours et demi"),
    ("Valognes", "La foire Saint-Martin attend trente mille visiteurs"),
    ("Villedieu-les-Poêles", "La fonderie de cloches fête ses deux siècles"),
]


def subscribers_create(count: int, log) -> float:
    from rotative.newsletter.models import Subscriber

    started = time.monotonic()
    now = dt.datetime.now(dt.UTC)
    batch = []
    for number in range(count):
        batch.append(
            Subscriber(
                email=f"abonne{number}@exemple.fr",
                status=Subscriber.Status.CONFIRMED,
                confirmed_at=now,
                morning=True,
            )
        )
        if len(batch) == 5000:
            Subscriber.objects.bulk_create(batch)
            batch = []
    if batch:
        Subscriber.objects.bulk_create(batch)
    sql("VACUUM (ANALYZE)")
    seconds = time.monotonic() - started
    log(f"{count:,} confirmed subscribers in {seconds:.1f} s")
    return seconds


def mailing_create():
    """The morning letter as the site would send it: the real digest templates if present."""
    from django.conf import settings
    from django.template import TemplateDoesNotExist

    from rotative.newsletter import mail
    from rotative.newsletter.models import Mailing

    stories = [
        {
            "title": f"{place}. {title}",
            "summary": (
                f"À {place}, la semaine a été riche en nouvelles : élus, habitants et "
                "associations en parlent, et notre rédaction fait le point sur ce qui change."
            ),
            "url": f"{settings.SITE_URL}/manche/{number}/",
            "section": "Manche",
            "image_url": "",
        }
        for number, (place, title) in enumerate(STORIES, start=1)
    ]
    context = {"stories": stories, "items": stories, "intro": "Bonjour, voici l'essentiel."}
    try:
        html, text = mail.bodies_render("emails/newsletter_digest", context)
        source = "emails/newsletter_digest templates"
    except TemplateDoesNotExist:
        html = "<!doctype html><html><body>" + "".join(
            f'<h2><a href="{s["url"]}">{s["title"]}</a></h2><p>{s["summary"]}</p>' for s in stories
        )
        html += f'<p><a href="{mail.UNSUBSCRIBE_URL}">Se désinscrire</a></p></body></html>'
        text = "\n\n".join(f"{s['title']}\n{s['summary']}\n{s['url']}" for s in stories)
        text += f"\n\nSe désinscrire : {mail.UNSUBSCRIBE_URL}\n"
        source = "a stand-in page of eight stories (no digest templates yet)"
    mailing = Mailing.objects.create(
        kind=Mailing.Kind.DIGEST,
        subject="La lettre du matin : l'essentiel de l'actualité",
        html=html,
        text=text,
    )
    return mailing, source


# --------------------------------------------------------------------------------------
# Measures
# --------------------------------------------------------------------------------------


def baseline(port: int, count: int, mailing) -> dict:
    """Plain smtplib over one connection, the same bytes for every message: the ceiling."""
    from django.core.mail import EmailMultiAlternatives

    message = EmailMultiAlternatives(
        subject=mailing.subject,
        body=mailing.text,
        from_email="bench@localhost",
        to=["abonne@exemple.fr"],
    )
    message.attach_alternative(mailing.html, "text/html")
    raw = message.message().as_bytes(linesep="\r\n")  # as Django's SMTP backend sends it
    started = time.monotonic()
    with smtplib.SMTP("127.0.0.1", port) as client:
        for _ in range(count):
            client.sendmail("bench@localhost", ["abonne@exemple.fr"], raw)
    seconds = time.monotonic() - started
    return {"messages": count, "seconds": round(seconds, 2), "per_s": round(count / seconds, 1)}


def worker_main(mailing_id: int, port: int) -> None:
    """One worker process: send what it can claim of the mailing, print how many."""
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    from rotative.newsletter.services import sending

    print(sending.mailing_send(mailing_id=mailing_id), flush=True)


def engine(mailing, subscribers: int, workers: int, port: int, env: dict, log) -> dict:
    from django.db.models import Count

    from rotative.newsletter.models import Delivery, Subscriber
    from rotative.newsletter.services import sending

    started = time.monotonic()
    ids = Subscriber.objects.order_by("pk").values_list("pk", flat=True).iterator()
    queued = sending.mailing_queue(mailing=mailing, subscriber_ids=ids)
    queue_s = time.monotonic() - started
    log(f"queued {queued:,} deliveries in {queue_s:.1f} s")
    sql("ANALYZE newsletter_delivery")

    started = time.monotonic()
    processes = [
        subprocess.Popen(
            [sys.executable, __file__, "--worker", str(mailing.pk), "--port", str(port)],
            env=env,
            cwd=BASE_DIR,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(workers)
    ]
    sent_by = [int(p.communicate(timeout=3600)[0].strip().splitlines()[-1]) for p in processes]
    send_s = time.monotonic() - started
    statuses = dict(
        Delivery.objects.filter(mailing=mailing).values_list("status").annotate(n=Count("*"))
    )
    log(f"sent {sum(sent_by):,} in {send_s:.1f} s by {workers} workers {sent_by}")
    return {
        "subscribers": subscribers,
        "workers": workers,
        "queue_s": round(queue_s, 2),
        "send_s": round(send_s, 2),
        "total_s": round(queue_s + send_s, 2),
        "sent_by_worker": sent_by,
        "send_per_s": round(sum(sent_by) / send_s, 1),
        "overall_per_s": round(sum(sent_by) / (queue_s + send_s), 1),
        "statuses": statuses,
    }


def markdown(results: dict) -> str:
    e, b, sink = results["engine"], results["baseline"], results["sink"]
    ok = "reached" if e["overall_per_s"] >= TARGET_PER_S else "**not reached**"
    exact = sink["messages"] == e["subscribers"] == sink["distinct_ids"]
    return "\n".join(
        [
            f"Run of {results['date']} on {results['machine']['cpus']} CPU cores (Python "
            f"{results['machine']['python']}, PostgreSQL {results['machine']['postgres']}), database "
            f"`{results['params']['database']}`: `{results['command']}`. Mail body: {results['body_source']}, "
            f"{results['message_kib']} KiB per message as received.",
            "",
            "| | messages | time | messages/s | ÷ baseline |",
            "|---|---:|---:|---:|---:|",
            f"| Baseline: plain smtplib, one connection, no database | {b['messages']:,} | {b['seconds']:.1f} s | {b['per_s']:,.0f} | 1.00 |",
            f"| Queue: one delivery row per subscriber (`mailing_queue`) | {e['subscribers']:,} | {e['queue_s']:.1f} s | {e['subscribers'] / e['queue_s']:,.0f} | |",
            f"| Send: {e['workers']} worker processes (`mailing_send`) | {sum(e['sent_by_worker']):,} | {e['send_s']:.1f} s | {e['send_per_s']:,.0f} | {e['send_per_s'] / b['per_s']:.2f} |",
            f"| **Queue + send** | {e['subscribers']:,} | **{e['total_s']:.1f} s** | **{e['overall_per_s']:,.0f}** | {e['overall_per_s'] / b['per_s']:.2f} |",
            "",
            f"The sink received {sink['messages']:,} messages with {sink['distinct_ids']:,} distinct "
            f"Message-IDs for {e['subscribers']:,} subscribers ({'exactly one each' if exact else '**not exactly one each**'}); "
            f"delivery rows by status: {e['statuses']}. Peak RSS of the bench process "
            f"{results['peak_rss_mib']} MiB. Load average when the run began: "
            f"{', '.join(f'{x:.1f}' for x in results['machine']['load_average'])} (2 cores: "
            "anything above 2 means other work shared the machine).",
            "",
            f"Target from the issue, at least {TARGET_PER_S} messages per second: {ok} "
            f"({e['overall_per_s']:,.0f}/s including the queueing).",
        ]
    )


def arguments(argv):
    parser = cli.parser(
        __doc__,
        db_env="BENCH_NEWSLETTER_DATABASE_URL",
        db_default=DEFAULT_DB_URL,
        smoke="5,000 subscribers, no doc",
    )
    parser.add_argument("--subscribers", type=int, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--baseline", type=int, default=5000, help="messages of the smtplib baseline"
    )
    parser.add_argument("--port", type=int, default=8026)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.smoke:
        args.subscribers = args.subscribers or 5000
        args.baseline = min(args.baseline, 1000)
        args.no_doc = True
    args.subscribers = args.subscribers or 100_000
    return args


def sink_received(received: dict, base: dict) -> dict:
    """The sink's totals without the baseline's messages; bytes become bytes per message."""
    received["messages"] -= base["messages"]
    received["distinct_ids"] -= 1  # the baseline's messages carry one Message-ID
    received["bytes"] = round(received["bytes"] / max(received["messages"] + base["messages"], 1))
    return received


def results_build(args, argv, **measured) -> dict:
    received = measured["sink"]
    return {
        "date": run_date(),
        "command": command_line(NAME, argv),
        "machine": machine(measured.pop("pg_version"), load_average=os.getloadavg()),
        "params": {
            "database": db_name(args.database_url),
            "subscribers": args.subscribers,
            "workers": args.workers,
            "baseline": args.baseline,
        },
        "migrate_s": round(measured.pop("migrate_s"), 1),
        "fill_s": round(measured.pop("fill_s"), 1),
        "body_source": measured.pop("body_source"),
        "message_kib": round(received["bytes"] / 1024, 1),
        "baseline": measured.pop("baseline"),
        "engine": measured.pop("engine"),
        "sink": received,
        "peak_rss_mib": cli.peak_rss_mib(),
    }


def main(argv=None):
    args = arguments(argv)
    if args.worker:
        import django

        django.setup()
        return worker_main(args.worker, args.port)
    log = cli.logger()
    var_dir = Path(tempfile.mkdtemp(prefix="rotative-newsletter-bench-"))
    sink = None
    try:
        # Fill: database, subscribers, the mailing.
        env = bench_environment(args.database_url, var_dir, SITE_URL="https://www.rotative.example")
        recreate_database(args.database_url)
        migrate_s = run_migrate(env, log)
        django_setup(env)
        pg_version = server_version()
        fill_s = subscribers_create(args.subscribers, log)
        mailing, body_source = mailing_create()
        # Measure: the smtplib baseline, then the engine, into the same sink.
        sink = Sink(args.port, var_dir)
        base = baseline(args.port, args.baseline, mailing)
        log(f"baseline: {base['per_s']:,.0f} messages/s")
        measured = engine(mailing, args.subscribers, args.workers, args.port, env, log)
        received = sink_received(sink.stop(), base)
        sink = None
        # Report.
        results = results_build(
            args,
            argv,
            pg_version=pg_version,
            migrate_s=migrate_s,
            fill_s=fill_s,
            body_source=body_source,
            baseline=base,
            engine=measured,
            sink=received,
        )
        publish(
            name=NAME,
            results=results,
            text=markdown(results),
            json_name=results_name(NAME, smoke=args.smoke),
            no_doc=args.no_doc,
            intro="## Newsletter sending\n\n",
            log=log,
        )
        return 0
    finally:
        if sink is not None:
            sink.process.kill()
        cli.clean_up(var_dir)


if __name__ == "__main__":
    sys.exit(main())
