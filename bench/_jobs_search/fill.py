# ruff: noqa: E501  (SQL and log lines read better unwrapped)
"""The fill: communes (La Poste's file, `geo.services.communes_load`), verified employers,
then the offers through the ORM in batches: each offer's copies (department, position,
monthly salary, folded words) by `JobOffer.copies_update`, as `save()` makes them, and its
end by `services.expiry_of`. The table's secondary indexes are dropped during the writes and
put back after (the search's trigram index among them, built once)."""

from __future__ import annotations

import bisect
import itertools
import random
import time

from _agenda_search.fill import DEPARTMENTS, bench_communes
from _classifieds_search.fill import load_communes
from _common.db import sql

from _jobs_search.offers import SECTOR_CUM, SECTOR_NAMES, employer_name, offer_fields, weighted
from _jobs_search.words import TOWN_SHARE, TOWNS

__all__ = ["DEPARTMENTS", "fill_offers", "filled_at", "load_communes", "summary"]
META_TABLE = "bench_jobs_fill"  # when the fill ran: the offers' dates are relative to it
TABLE = "jobs_joboffer"


def create_employers(count, *, rng, communes, towns):
    """Verified professional accounts (SIRET checked), each with a sector and a seat."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from rotative.accounts.models import Professional
    from rotative.geo.names import display_name
    from rotative.jobs.demo import siret_for

    User = get_user_model()  # noqa: N806
    users = []
    for number in range(count):
        user = User(username=f"employeur{number:05d}", email=f"employeur{number:05d}@example.org")
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=2000)
    user_ids = list(
        User.objects.filter(username__startswith="employeur")
        .order_by("username")
        .values_list("pk", flat=True)
    )
    seats, pros = [], []
    for number, user_id in enumerate(user_ids):
        commune = seat(rng, communes, towns)
        sector = weighted(rng, SECTOR_NAMES, SECTOR_CUM)
        town = display_name(commune.name)
        name = employer_name(rng, sector, town)
        seats.append({"sector": sector, "commune": commune, "town": town, "name": name})
        pros.append(
            Professional(
                user_id=user_id,
                company_name=name[:120],
                siret=siret_for(7_000_000 + number),
                status=Professional.Status.VERIFIED,
                reviewed_at=timezone.now(),
            )
        )
    Professional.objects.bulk_create(pros, batch_size=2000)
    by_user = dict(Professional.objects.values_list("user_id", "pk"))
    return [
        {**where, "pk": by_user[user_id], "user_id": user_id}
        for where, user_id in zip(seats, user_ids, strict=True)
    ]


def seat(rng, communes, towns):
    if rng.random() < TOWN_SHARE:
        return towns["rows"][bisect.bisect(towns["cum"], rng.random() * towns["cum"][-1])]
    return rng.choice(communes)


def drop_indexes():
    indexes = sql(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
        "WHERE t.relname = %s AND NOT x.indisprimary",
        [TABLE],
        fetch=True,
    )
    for name, _definition in indexes:
        sql(f'DROP INDEX "{name}"')
    return indexes


def restore_indexes(indexes, log):
    sql("SET maintenance_work_mem = '512MB'")
    for name, definition in indexes:
        started = time.monotonic()
        sql(definition)
        log(f"  index {name}: {time.monotonic() - started:.1f} s")
    sql("RESET maintenance_work_mem")


def fill_offers(count, *, seed, now, log, employers=3000, batch=2000) -> dict:
    from rotative.core.slugs import slugify_fr
    from rotative.home.services import home_page_ensure
    from rotative.jobs import services
    from rotative.jobs.models import JobOffer

    home_page_ensure()  # the search page renders in the site's layout
    rng = random.Random(seed)
    communes = bench_communes()
    by_insee = {commune.insee: commune for commune in communes}
    rows = [by_insee[insee] for insee in TOWNS if insee in by_insee]
    towns = {"rows": rows, "cum": list(itertools.accumulate(TOWNS[c.insee] for c in rows))}
    timings = {}
    started = time.monotonic()
    made = create_employers(employers, rng=rng, communes=communes, towns=towns)
    timings["employers_s"] = round(time.monotonic() - started, 1)
    log(f"employers: {len(made):,} verified accounts in {timings['employers_s']} s")

    started = time.monotonic()
    indexes = drop_indexes()
    written = 0
    while written < count:
        offers = []
        for _ in range(min(batch, count - written)):
            fields = offer_fields(rng, employer=rng.choice(made), communes=communes, now=now)
            offer = JobOffer(**fields)
            offer.slug = slugify_fr(offer.title, max_length=120, fallback="offre")
            if offer.published_at is not None:
                offer.expires_at = services.expiry_of(offer=offer, start=offer.published_at)
            offer.copies_update()
            offers.append(offer)
        JobOffer.objects.bulk_create(offers)
        written += len(offers)
        if written % 50_000 == 0:
            log(f"  {written:,} offers written")
    timings["offers_s"] = round(time.monotonic() - started, 1)
    log(f"offers: {written:,} through the ORM in {timings['offers_s']} s")

    started = time.monotonic()
    restore_indexes(indexes, log)
    timings["indexes_s"] = round(time.monotonic() - started, 1)
    started = time.monotonic()
    sql(f"VACUUM (ANALYZE) {TABLE}")
    timings["vacuum_analyze_s"] = round(time.monotonic() - started, 1)
    sql(f"CREATE TABLE {META_TABLE} (filled_at timestamptz, offers integer)")
    sql(f"INSERT INTO {META_TABLE} VALUES (%s, %s)", [now, written])
    return {
        "offers": written,
        "employers": len(made),
        "communes": len(communes),
        "town_rows": len(rows),
        "indexes": [name for name, _d in indexes],
        **timings,
    }


def filled_at():
    when, offers = sql(f"SELECT filled_at, offers FROM {META_TABLE}", fetch=True)[0]
    return when, offers


def summary() -> dict:
    rows = sql(
        f"SELECT count(*), count(*) FILTER (WHERE status = 'published' AND expires_at > now()), "
        f"count(*) FILTER (WHERE status = 'expired' OR (status = 'published' AND expires_at <= now())), "
        f"count(*) FILTER (WHERE remote = 'total'), count(*) FILTER (WHERE salary_on_profile), "
        f"avg(length(search_text))::int, pg_relation_size('{TABLE}'), pg_total_relation_size('{TABLE}') "
        f"FROM {TABLE}",
        fetch=True,
    )[0]
    indexes = sql(
        "SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index "
        "WHERE indrelid = %s::regclass ORDER BY 1",
        [TABLE],
        fetch=True,
    )
    return {
        "offers": rows[0],
        "online": rows[1],
        "expired": rows[2],
        "fully_remote": rows[3],
        "on_profile": rows[4],
        "text_chars_mean": rows[5],
        "table_mib": round(rows[6] / 2**20),
        "with_indexes_mib": round(rows[7] / 2**20),
        "indexes_mib": {name: round(size / 2**20, 1) for name, size in indexes},
    }
