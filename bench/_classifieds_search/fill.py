# ruff: noqa: E501  (SQL and log lines read better unwrapped)
"""The fill: communes, owners, then the ads by COPY with the table's indexes put back after."""

from __future__ import annotations

import itertools
import random
import sys
import time

from _common.db import sql

from _classifieds_search.ads import ad_lines
from _classifieds_search.words import COLUMNS


def table_columns():
    rows = sql(
        "SELECT column_name, is_nullable FROM information_schema.columns "
        "WHERE table_name = 'classifieds_ad' ORDER BY ordinal_position",
        fetch=True,
    )
    return {name: nullable == "YES" for name, nullable in rows}


def load_communes(log):
    from rotative.geo.models import Commune
    from rotative.geo.services import communes_load
    from rotative.testing import shared_data_dir

    source = shared_data_dir() / "geo" / "laposte_hexasmal.csv"
    started = time.monotonic()
    report = communes_load(source=str(source))
    seconds = time.monotonic() - started
    log(
        f"communes: {report.loaded:,} rows in {seconds:.1f} s ({report.without_position} without position)"
    )
    return {
        "source": str(source),
        "rows": report.rows,
        "loaded": report.loaded,
        "without_position": report.without_position,
        "seconds": round(seconds, 1),
        "in_table": Commune.objects.count(),
    }


def create_owners(count):
    from django.contrib.auth import get_user_model

    User = get_user_model()  # noqa: N806
    users = []
    for number in range(count):
        user = User(username=f"vendeur{number:03d}", email=f"vendeur{number:03d}@example.org")
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users)
    return list(User.objects.filter(username__startswith="vendeur").values_list("pk", flat=True))


def fill_ads(count, *, seed, now, log, chunk=20_000):
    """COPY `count` ads into classifieds_ad; secondary indexes and FKs are put back after."""
    check_columns()
    communes = positioned_communes()
    owners = create_owners(50)
    rng = random.Random(seed)
    timings = {}

    started = time.monotonic()
    indexes, constraints = drop_indexes()
    lines = ad_lines(count, rng=rng, communes=communes, owners=owners, now=now)
    copied = copy_lines(lines, chunk, log)
    timings["copy_s"] = time.monotonic() - started
    log(f"COPY: {copied:,} ads in {timings['copy_s']:.1f} s")

    started = time.monotonic()
    restore_indexes(indexes, constraints)
    timings["indexes_s"] = time.monotonic() - started
    log(
        f"indexes and foreign keys: {len(indexes)} + {len(constraints)} in {timings['indexes_s']:.1f} s"
    )

    started = time.monotonic()
    sql("VACUUM (ANALYZE)")
    timings["vacuum_analyze_s"] = time.monotonic() - started
    log(f"VACUUM ANALYZE: {timings['vacuum_analyze_s']:.1f} s")
    return {
        "ads": copied,
        "communes_with_position": len(communes),
        "owners": len(owners),
        "indexes": [name for name, _ in indexes],
        **{key: round(value, 1) for key, value in timings.items()},
    }


def check_columns():
    """Stop if classifieds_ad has a NOT NULL column the bench does not fill, or lost one."""
    columns = table_columns()
    missing = [
        name for name, nullable in columns.items() if name not in COLUMNS + ["id"] and not nullable
    ]
    unknown = [name for name in COLUMNS if name not in columns]
    if missing or unknown:
        sys.exit(
            f"classifieds_ad changed: NOT NULL columns not filled {missing}, unknown {unknown}"
        )


def positioned_communes():
    """(pk, department, latitude, longitude, display name) of every commune with a position."""
    from rotative.geo.models import Commune
    from rotative.geo.names import display_name

    return [
        (pk, department, latitude, longitude, display_name(name))
        for pk, department, latitude, longitude, name in Commune.objects.filter(
            latitude__isnull=False
        ).values_list("pk", "department", "latitude", "longitude", "name")
    ]


def drop_indexes():
    """Drop the table's secondary indexes and foreign keys; returns their definitions."""
    indexes = sql(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
        "WHERE t.relname = 'classifieds_ad' AND NOT x.indisprimary",
        fetch=True,
    )
    constraints = sql(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'classifieds_ad'::regclass AND contype = 'f'",
        fetch=True,
    )
    for name, _definition in constraints:
        sql(f'ALTER TABLE classifieds_ad DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        sql(f'DROP INDEX "{name}"')
    return indexes, constraints


def copy_lines(lines, chunk, log):
    """One COPY of every line, written `chunk` lines at a time; returns how many."""
    from django.db import connection

    copied = 0
    copy_sql = f"COPY classifieds_ad ({', '.join(COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(copy_sql) as copy:
        while True:
            block = list(itertools.islice(lines, chunk))
            if not block:
                break
            copy.write("\n".join(block) + "\n")
            copied += len(block)
            if copied % 200_000 == 0:
                log(f"  {copied:,} ads written")
    return copied


def restore_indexes(indexes, constraints):
    sql("SET maintenance_work_mem = '512MB'")
    for _name, definition in indexes:
        sql(definition)
    for name, definition in constraints:
        sql(f'ALTER TABLE classifieds_ad ADD CONSTRAINT "{name}" {definition}')
    sql("RESET maintenance_work_mem")


def ads_summary():
    rows = sql(
        "SELECT category, count(*), count(*) FILTER (WHERE status = 'published' AND expires_at > now()), "
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY price) FROM classifieds_ad GROUP BY category ORDER BY 1",
        fetch=True,
    )
    size = sql(
        "SELECT pg_total_relation_size('classifieds_ad'), pg_relation_size('classifieds_ad')",
        fetch=True,
    )[0]
    return {
        "by_category": {
            category: {"ads": total, "online": online, "median_price": int(median)}
            for category, total, online, median in rows
        },
        "table_mib": round(size[1] / 2**20),
        "with_indexes_mib": round(size[0] / 2**20),
    }
