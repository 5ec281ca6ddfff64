# ruff: noqa: E501  (SQL and log lines read better unwrapped)
"""The fill: communes (`manage.py geo_load`), venues, organisers, events through the ORM, then
their dates by COPY: each event's rows are `recurrence.occurrences_expand` of its fields with
the event's and venue's filters copied, as `services.occurrences_regenerate` writes them
(checked on a sample at the end). The rules are expanded in worker processes."""

from __future__ import annotations

import itertools
import multiprocessing
import random
import subprocess
import sys
import time
from datetime import timedelta

from _common import BASE_DIR
from _common.db import sql

from _agenda_search.events import VENUE_NAMES, category_and_title, when

DEPARTMENTS = ("14", "27", "50", "61", "76")  # Normandy
OCCURRENCE_COLUMNS = [
    "event_id",
    "start",
    "end",
    "all_day",
    "visible",
    "category",
    "is_free",
    "for_children",
    "latitude",
    "longitude",
]
COLUMNS_SQL = ", ".join(f'"{name}"' for name in OCCURRENCE_COLUMNS)  # "end" is a keyword
META_TABLE = "bench_agenda_fill"  # when the fill ran: the dates are relative to it


def load_communes(env, log) -> dict:
    """La Poste's file through the project's command, as an installation loads it."""
    from rotative.testing import shared_data_dir

    source = shared_data_dir() / "geo" / "laposte_hexasmal.csv"
    started = time.monotonic()
    subprocess.run(  # noqa: S603 (our own fixed command line)
        [sys.executable, "manage.py", "geo_load", str(source)],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=600,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.monotonic() - started
    rows = sql("SELECT count(*) FROM geo_commune", fetch=True)[0][0]
    log(f"communes: {rows:,} rows by geo_load in {seconds:.1f} s")
    return {"source": str(source), "rows": rows, "seconds": round(seconds, 1)}


def bench_communes():
    """One positioned row per commune (INSEE code) of the bench's departments."""
    from rotative.geo.models import Commune

    seen, found = set(), []
    for commune in Commune.objects.filter(
        department__in=DEPARTMENTS, latitude__isnull=False
    ).order_by("insee", "postal_code", "locality"):
        if commune.insee not in seen:
            seen.add(commune.insee)
            found.append(commune)
    return found


def create_venues(rng, communes, log):
    """One to three venues per commune; a third with a position of their own (within about
    a kilometre of the town hall), the others at the commune's, as `venue_create` does."""
    from rotative.agenda.models import Venue
    from rotative.core.slugs import slugify_fr

    venues = []
    for commune in communes:
        for name in rng.sample(VENUE_NAMES, rng.randint(1, 3)):
            latitude, longitude = commune.latitude, commune.longitude
            if rng.random() < 0.33:
                latitude += rng.uniform(-0.01, 0.01)
                longitude += rng.uniform(-0.014, 0.014)
            slug = slugify_fr(f"{name} {commune.name} {commune.insee}", max_length=120)
            venues.append(
                Venue(
                    name=name,
                    slug=slug,
                    commune=commune,
                    address="",
                    latitude=latitude,
                    longitude=longitude,
                )
            )
    Venue.objects.bulk_create(venues, batch_size=2000)
    log(f"venues: {len(venues):,} in {len(communes):,} communes")
    return list(Venue.objects.values_list("pk", "latitude", "longitude"))


def create_organisers(count):
    from django.contrib.auth import get_user_model

    User = get_user_model()  # noqa: N806
    users = []
    for number in range(count):
        user = User(
            username=f"organisateur{number:03d}", email=f"organisateur{number:03d}@example.org"
        )
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users)
    return list(
        User.objects.filter(username__startswith="organisateur").values_list("pk", flat=True)
    )


def event_objects(count, *, rng, venues, organisers, today, recurring_share):
    """Unsaved events: 40 % from editors (published), the others from organisers (92 %
    published, 5 % waiting, 3 % refused)."""
    from rotative.agenda.models import Event
    from rotative.agenda.recurrence import PARIS
    from rotative.core.slugs import slugify_fr

    for number in range(count):
        category, title = category_and_title(rng)
        venue_id, _lat, _lon = rng.choice(venues)
        organiser = None if rng.random() < 0.4 else rng.choice(organisers)
        moderation = Event.Moderation.PUBLISHED
        if organiser is not None:
            draw = rng.random()
            moderation = (
                Event.Moderation.PENDING
                if draw < 0.05
                else Event.Moderation.REFUSED
                if draw < 0.08
                else moderation
            )
        is_free = rng.random() < 0.4
        fields = when(
            rng,
            recurring=number % 2 == 0 if recurring_share == 0.5 else rng.random() < recurring_share,
            today=today,
            paris=PARIS,
        )
        yield Event(
            title=title,
            slug=slugify_fr(title, max_length=120, fallback="sortie"),
            category=category,
            description=f"{title}. Buvette et petite restauration sur place.",
            venue_id=venue_id,
            is_free=is_free,
            price=""
            if is_free
            else rng.choice(["5 €", "8 €, réduit 5 €", "12 €", "Libre participation"]),
            for_children=category == "famille" or rng.random() < 0.1,
            organiser_id=organiser,
            moderation=moderation,
            **fields,
        )


def _expand(job):
    """In a worker: the COPY lines of one event's dates (the services' expansion)."""
    from rotative.agenda.recurrence import occurrences_expand

    event_id, fields, copied, now = job
    lines = []
    for item in occurrences_expand(now=now, **fields):
        lines.append(
            f"{event_id}\t{item.start.isoformat()}\t{item.end.isoformat()}\t{'t' if item.all_day else 'f'}\t{copied}"
        )
    return lines


def _copied(event, position) -> str:
    """The filters occurrences_regenerate copies from the event and its venue."""
    latitude, longitude = position
    return "\t".join(
        [
            "t" if event.moderation == "published" else "f",
            event.category,
            "t" if event.is_free else "f",
            "t" if event.for_children else "f",
            "\\N" if latitude is None else repr(latitude),
            "\\N" if longitude is None else repr(longitude),
        ]
    )


def fill_events(count, *, seed, now, recurring_share, log, batch=5000):
    """The events through the ORM, then every date by COPY (indexes put back after)."""
    from django.db import connection, connections

    from rotative.agenda.recurrence import PARIS
    from rotative.home.services import home_page_ensure

    check_columns()
    home_page_ensure()  # the listing renders in the site's layout
    rng = random.Random(seed)
    communes = bench_communes()
    venues = create_venues(rng, communes, log)
    positions = {pk: (lat, lon) for pk, lat, lon in venues}
    organisers = create_organisers(500)
    today = now.astimezone(PARIS).date()
    timings = {}

    started = time.monotonic()
    from rotative.agenda.models import Event

    made = []
    objects = event_objects(
        count,
        rng=rng,
        venues=venues,
        organisers=organisers,
        today=today,
        recurring_share=recurring_share,
    )
    while block := list(itertools.islice(objects, batch)):
        Event.objects.bulk_create(block)
        made.extend(
            (
                e.pk,
                e.starts_at,
                e.duration,
                e.all_day,
                e.recurrence,
                e.extra_dates,
                _copied(e, positions[e.venue_id]),
            )
            for e in block
        )
    timings["events_s"] = time.monotonic() - started
    log(f"events: {len(made):,} in {timings['events_s']:.1f} s")

    started = time.monotonic()
    indexes, constraints = drop_indexes("agenda_eventoccurrence")
    connections.close_all()  # the workers are forked: they must not share this connection
    jobs = (
        (
            pk,
            {
                "starts_at": starts_at,
                "duration": duration,
                "all_day": all_day,
                "recurrence": recurrence,
                "extra_dates": extra,
            },
            copied,
            now,
        )
        for pk, starts_at, duration, all_day, recurrence, extra, copied in made
    )
    copied_rows = 0
    copy_sql = f"COPY agenda_eventoccurrence ({COLUMNS_SQL}) FROM STDIN"
    with (
        multiprocessing.get_context("fork").Pool() as pool,
        connection.cursor() as cursor,
        cursor.copy(copy_sql) as copy,
    ):
        buffer = []
        for lines in pool.imap(_expand, jobs, chunksize=200):
            buffer.extend(lines)
            if len(buffer) >= 50_000:
                copy.write("\n".join(buffer) + "\n")
                copied_rows += len(buffer)
                buffer = []
        if buffer:
            copy.write("\n".join(buffer) + "\n")
            copied_rows += len(buffer)
    timings["occurrences_s"] = time.monotonic() - started
    log(f"occurrences: {copied_rows:,} expanded and copied in {timings['occurrences_s']:.1f} s")

    started = time.monotonic()
    restore_indexes("agenda_eventoccurrence", indexes, constraints)
    timings["indexes_s"] = time.monotonic() - started
    log(
        f"indexes and foreign keys: {len(indexes)} + {len(constraints)} in {timings['indexes_s']:.1f} s"
    )

    sql(f"CREATE TABLE {META_TABLE} (filled_at timestamptz, events integer, seed integer)")
    sql(f"INSERT INTO {META_TABLE} VALUES (%s, %s, %s)", [now, len(made), seed])
    started = time.monotonic()
    sql("VACUUM (ANALYZE)")
    timings["vacuum_analyze_s"] = time.monotonic() - started
    log(f"VACUUM ANALYZE: {timings['vacuum_analyze_s']:.1f} s")
    return {
        "events": len(made),
        "occurrences": copied_rows,
        "communes": len(communes),
        "venues": len(venues),
        "organisers": len(organisers),
        **{key: round(value, 1) for key, value in timings.items()},
    }


def filled_at():
    return sql(f"SELECT filled_at, events FROM {META_TABLE}", fetch=True)[0]


def check_columns():
    """Stop if agenda_eventoccurrence has a NOT NULL column the COPY does not fill."""
    rows = sql(
        "SELECT column_name, is_nullable FROM information_schema.columns WHERE table_name = 'agenda_eventoccurrence'",
        fetch=True,
    )
    missing = [
        name
        for name, nullable in rows
        if name not in [*OCCURRENCE_COLUMNS, "id"] and nullable == "NO"
    ]
    unknown = [name for name in OCCURRENCE_COLUMNS if name not in dict(rows)]
    if missing or unknown:
        sys.exit(
            f"agenda_eventoccurrence changed: NOT NULL columns not filled {missing}, unknown {unknown}"
        )


def drop_indexes(table):
    indexes = sql(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname = %s AND NOT x.indisprimary",
        [table],
        fetch=True,
    )
    constraints = sql(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
        [table],
        fetch=True,
    )
    for name, _definition in constraints:
        sql(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        sql(f'DROP INDEX "{name}"')
    return indexes, constraints


def restore_indexes(table, indexes, constraints):
    sql("SET maintenance_work_mem = '512MB'")
    for _name, definition in indexes:
        sql(definition)
    for name, definition in constraints:
        sql(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    sql("RESET maintenance_work_mem")


def regenerate_check(sample, *, seed, now) -> dict:
    """`sample` events' dates rewritten by `services.occurrences_regenerate` (rolled back):
    the rows must be those the fill wrote."""
    from django.db import transaction

    from rotative.agenda.models import Event, EventOccurrence
    from rotative.agenda.services import occurrences_regenerate

    fields = [
        "start",
        "end",
        "all_day",
        "visible",
        "category",
        "is_free",
        "for_children",
        "latitude",
        "longitude",
    ]
    ids = sorted(
        random.Random(seed).sample(list(Event.objects.values_list("pk", flat=True)), sample)
    )
    differ = []
    for pk in ids:
        before = list(
            EventOccurrence.objects.filter(event_id=pk).order_by("start").values_list(*fields)
        )
        with transaction.atomic():
            event = Event.objects.select_related("venue").get(pk=pk)
            occurrences_regenerate(event=event, now=now)
            after = list(
                EventOccurrence.objects.filter(event_id=pk).order_by("start").values_list(*fields)
            )
            transaction.set_rollback(True)
        if before != after:
            differ.append(pk)
    return {"events": len(ids), "differ": differ}


def summary() -> dict:
    rows = sql(
        "SELECT count(*), count(*) FILTER (WHERE visible), pg_total_relation_size('agenda_eventoccurrence'), "
        "pg_relation_size('agenda_eventoccurrence') FROM agenda_eventoccurrence",
        fetch=True,
    )[0]
    events = sql(
        "SELECT count(*), count(*) FILTER (WHERE recurrence <> '') FROM agenda_event", fetch=True
    )[0]
    return {
        "events": events[0],
        "recurring": events[1],
        "occurrences": rows[0],
        "visible": rows[1],
        "table_mib": round(rows[3] / 2**20),
        "with_indexes_mib": round(rows[2] / 2**20),
        "horizon_days": round(timedelta(days=548).days),
    }
