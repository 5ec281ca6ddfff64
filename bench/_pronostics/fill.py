# ruff: noqa: E501  (SQL and log lines read better unwrapped)
"""The fill, in SQL wherever volume is: 100,000 readers (accounts and profiles by
generate_series), an 18-club league over 10 seasons (34 match days of 9 matches, through the
ORM), the predictions (generate_series × matches, kept by a hash of reader and match so that a
reader plays a steady share of the matches), scored in SQL by the default rules (4/3/2, the
day's first match counting double), then the tallies rebuilt from them by the service
(`tallies_rebuild`, SQL too). The predictions' secondary indexes are dropped during the writes
and built after.

Seasons 2017-2018 to 2025-2026 are played, with a growing public (5,000 readers in the first,
45,000 in the ninth, each playing about 1 match in 17); the current season, 2026-2027, is
played up to match day 17 by up to 100,000 readers (each playing 20 % to 90 % of the
matches), and its match day 18 is predicted, waiting for its results (the re-scoring bench's
day). Private leagues: 200 of 50 members."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from _common.db import sql

META_TABLE = "bench_pronostics_fill"
TABLE = "pronostics_prediction"
FIRST_YEAR, SEASONS, DAYS, PLAYED_NOW = 2017, 10, 34, 17
CLUBS = [
    "US Granville", "FC Saint-Lô Manche", "AS Cherbourg", "Stade Briochin", "SM Caen B",
    "US Avranches", "FC Rouen", "QRM", "Le Havre AC B", "US Alençon", "FC Flers",
    "AF Virois", "ES Coutances", "US Pont-l'Évêque", "FC Dieppe", "Évreux FC 27",
    "CMS Oissel", "AS Trouville-Deauville",
]  # fmt: skip
# Kick-offs of a match day's nine matches, from its Saturday (Paris time): Friday evening to
# Sunday evening.
SLOTS = [(-1, 20, 45), (0, 15, 0), (0, 18, 0), (0, 18, 0), (0, 20, 0), (1, 13, 0), (1, 15, 0), (1, 15, 0), (1, 20, 45)]  # fmt: skip


def pairings(day: int) -> list[tuple[int, int]]:
    """A double round robin (circle method): the 17 rounds, then the same reversed."""
    n, rnd = len(CLUBS), (day - 1) % (len(CLUBS) - 1)
    order = [0, *[(i + rnd) % (n - 1) + 1 for i in range(n - 1)]]
    pairs = [(order[i], order[n - 1 - i]) for i in range(n // 2)]
    pairs = [(b, a) if (rnd + i) % 2 else (a, b) for i, (a, b) in enumerate(pairs)]
    return [(b, a) for a, b in pairs] if day > n - 1 else pairs


def first_saturday_of_august(year: int) -> datetime:
    day = datetime(year, 8, 1)
    return day + timedelta(days=(5 - day.weekday()) % 7)


def create_readers(count: int, log) -> int:
    """Accounts and profiles by generate_series; returns the first account's id (they are
    consecutive)."""
    started = time.monotonic()
    sql(
        "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined) "
        "SELECT '!', false, 'joueur' || lpad(g::text, 6, '0'), '', '', '', false, true, "
        "now() - interval '9 years' + g * interval '40 minutes' FROM generate_series(1, %s) g",
        [count],
    )
    first, last = sql(
        "SELECT min(id), max(id) FROM auth_user WHERE username LIKE 'joueur%%'", fetch=True
    )[0]
    assert last - first + 1 == count, "the readers' ids are not consecutive"
    sql(
        "INSERT INTO accounts_profile (user_id, display_name, display_name_key, notify_replies, notify_moderation, created_at, updated_at) "
        "SELECT id, 'Joueur ' || substr(username, 7), 'joueur ' || substr(username, 7), true, true, now(), now() "
        "FROM auth_user WHERE username LIKE 'joueur%%'"
    )
    log(f"readers: {count:,} accounts and profiles in {time.monotonic() - started:.1f} s")
    return first


def create_calendar(log) -> list:
    """The competition, its 10 seasons, 34 match days each, 9 matches a day; past days have
    their results (a hash of the match), the day's first match is its bonus match."""
    from rotative.pronostics import services
    from rotative.pronostics.models import PARIS, Match, MatchDay

    competition = services.competition_create(name="National 3 Normandie")
    clubs = [services.club_find_or_create(name=name)[0] for name in CLUBS]
    seasons = []
    for year in range(FIRST_YEAR, FIRST_YEAR + SEASONS):
        season = services.season_create(competition=competition, label=f"{year}-{year + 1}")
        current = year == FIRST_YEAR + SEASONS - 1
        days = MatchDay.objects.bulk_create(
            MatchDay(season=season, number=n, label=f"{n}e journée") for n in range(1, DAYS + 1)
        )
        matches = []
        for day in days:
            saturday = first_saturday_of_august(year) + timedelta(
                days=7 * (day.number - 1) + (14 if day.number > 19 else 0)
            )
            for (home, away), (shift, hour, minute) in zip(
                pairings(day.number), SLOTS, strict=True
            ):
                kickoff = (saturday + timedelta(days=shift)).replace(
                    hour=hour, minute=minute, tzinfo=PARIS
                )
                matches.append(
                    Match(
                        match_day=day, home=clubs[home], away=clubs[away], kickoff=kickoff, venue=""
                    )
                )
        Match.objects.bulk_create(matches)
        played_days = PLAYED_NOW if current else DAYS
        sql(
            "UPDATE pronostics_match m SET status = 'joue', home_score = abs(hashint8(m.id)) %% 4, "
            "away_score = abs(hashint8(m.id * 7 + 1)) %% 3, result_version = 1, scored_version = 1, result_at = m.kickoff + interval '2 hours' "
            "FROM pronostics_matchday d WHERE d.id = m.match_day_id AND d.season_id = %s AND d.number <= %s",
            [season.pk, played_days],
        )
        sql(
            "UPDATE pronostics_matchday d SET bonus_match_id = (SELECT min(m.id) FROM pronostics_match m WHERE m.match_day_id = d.id) WHERE d.season_id = %s",
            [season.pk],
        )
        seasons.append(season)
    log(f"calendar: {len(seasons)} seasons of {DAYS} match days × 9 matches")
    return seasons


def drop_indexes(table: str = TABLE):
    indexes = sql(
        "SELECT i.relname, pg_get_indexdef(i.oid), c.conname, pg_get_constraintdef(c.oid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
        "LEFT JOIN pg_constraint c ON c.conindid = i.oid AND c.contype = 'u' "
        "WHERE t.relname = %s AND NOT x.indisprimary",
        [table],
        fetch=True,
    )
    for name, _definition, constraint, _cdef in indexes:
        if constraint:
            sql(f'ALTER TABLE {table} DROP CONSTRAINT "{constraint}"')
        else:
            sql(f'DROP INDEX "{name}"')
    return indexes


def restore_indexes(indexes, log, table: str = TABLE):
    sql("SET maintenance_work_mem = '512MB'")
    for name, definition, constraint, cdef in indexes:
        started = time.monotonic()
        if constraint:
            sql(f'ALTER TABLE {table} ADD CONSTRAINT "{constraint}" {cdef}')
        else:
            sql(definition)
        log(f"  index {name}: {time.monotonic() - started:.1f} s")
    sql("RESET maintenance_work_mem")


# A prediction's grade against its match's result, and its points by the default rules: the
# same as scoring.grade and scoring.points_for (the bench's tests of the tallies compare).
GRADE = (
    "CASE WHEN m.home_score IS NULL THEN NULL "
    "WHEN p.h = m.home_score AND p.a = m.away_score THEN 3 "
    "WHEN p.h - p.a = m.home_score - m.away_score THEN 2 "
    "WHEN sign(p.h - p.a) = sign(m.home_score - m.away_score) THEN 1 ELSE 0 END"
)


def insert_predictions(
    season_id: int, *, first_user: int, players: int, per_mille: str, days: int, log
) -> int:
    """The season's predictions: reader g plays match m when a hash of (g, m) falls under
    its share (`per_mille`, an SQL expression of g); scored if the match has a result."""
    started = time.monotonic()
    sql(
        f"INSERT INTO {TABLE} (user_id, match_id, home_goals, away_goals, created_at, updated_at, points, grade, scored_version) "
        f"SELECT %s + p.g - 1, m.id, p.h, p.a, p.at, p.at, "
        f"CASE WHEN m.home_score IS NULL THEN NULL ELSE (CASE ({GRADE}) WHEN 3 THEN 4 WHEN 2 THEN 3 WHEN 1 THEN 2 ELSE 0 END) "
        f"  * CASE WHEN d.bonus_match_id = m.id THEN 2 ELSE 1 END END, "
        f"({GRADE}), m.result_version "
        f"FROM pronostics_match m JOIN pronostics_matchday d ON d.id = m.match_day_id "
        f"CROSS JOIN LATERAL (SELECT g, abs(hashint8(g::bigint * 1000003 + m.id)) AS k FROM generate_series(1, %s) g) s "
        f"CROSS JOIN LATERAL (SELECT s.g, (s.k / 1000) %% 4 AS h, (s.k / 4000) %% 3 AS a, "
        f"  m.kickoff - ((s.k / 12000) %% 4320) * interval '1 minute' AS at) p "
        f"WHERE d.season_id = %s AND d.number <= %s AND s.k %% 1000 < {per_mille}",
        [first_user, players, season_id, days],
    )
    count = sql(
        f"SELECT count(*) FROM {TABLE} p JOIN pronostics_match m ON m.id = p.match_id JOIN pronostics_matchday d ON d.id = m.match_day_id WHERE d.season_id = %s",
        [season_id],
        fetch=True,
    )[0][0]
    log(f"  season {season_id}: {count:,} predictions in {time.monotonic() - started:.1f} s")
    return count


def create_leagues(first_user: int, *, leagues: int, members: int, players: int) -> None:
    sql(
        "INSERT INTO pronostics_league (name, owner_id, invite_token, created_at) "
        "SELECT 'Ligue ' || n, %s + (abs(hashint8(n)) %% %s), left(md5('ligue' || n) || md5('bench' || n), 43), now() FROM generate_series(1, %s) n",
        [first_user, players, leagues],
    )
    sql(
        "INSERT INTO pronostics_leaguemembership (league_id, user_id, joined_at) "
        "SELECT DISTINCT ON (l.id, u) l.id, u, l.created_at + (i * interval '1 hour') FROM pronostics_league l "
        "CROSS JOIN LATERAL (SELECT i, CASE WHEN i = 0 THEN l.owner_id ELSE %s + abs(hashint8(l.id * 1000 + i)) %% %s END AS u "
        "  FROM generate_series(0, %s - 1) i) m",
        [first_user, players, members],
    )


def fill(*, players: int, log) -> dict:
    from rotative.pronostics import services

    timings, started = {}, time.monotonic()
    sql("SET synchronous_commit = off")
    # The bench's own rows, consistent by construction: no foreign-key trigger per row.
    sql("SET session_replication_role = replica")
    first_user = create_readers(players, log)
    timings["readers_s"] = round(time.monotonic() - started, 1)
    seasons = create_calendar(log)
    create_leagues(first_user, leagues=200, members=50, players=players)
    step = time.monotonic()
    indexes = drop_indexes()
    predictions = 0
    for number, season in enumerate(seasons):
        if number < SEASONS - 1:  # a public growing by 5,000 readers a season, 1 match in 17
            share = "(abs(hashint8(p.g)) %% 120)"
            predictions += insert_predictions(
                season.pk,
                first_user=first_user,
                players=players * (number + 1) // 20,
                per_mille=share,
                days=DAYS,
                log=log,
            )
        else:  # the current season: every reader, 20 % to 90 % of the matches
            share = "(200 + abs(hashint8(p.g)) %% 700)"
            predictions += insert_predictions(
                season.pk,
                first_user=first_user,
                players=players,
                per_mille=share,
                days=PLAYED_NOW + 1,
                log=log,
            )
    timings["predictions_s"] = round(time.monotonic() - step, 1)
    log(f"predictions: {predictions:,} in {timings['predictions_s']} s")
    step = time.monotonic()
    restore_indexes(indexes, log)
    timings["indexes_s"] = round(time.monotonic() - step, 1)
    step = time.monotonic()
    sql(f"VACUUM (ANALYZE) {TABLE}")
    tallies = ["pronostics_seasontally", "pronostics_monthtally", "pronostics_matchdaytally"]
    tally_indexes = {table: drop_indexes(table) for table in tallies}
    for season in seasons:
        services.tallies_rebuild(season=season)
    for table, indexes in tally_indexes.items():
        restore_indexes(indexes, log, table)
    sql("SET session_replication_role = DEFAULT")
    timings["tallies_s"] = round(time.monotonic() - step, 1)
    log(f"tallies rebuilt from the predictions in {timings['tallies_s']} s")
    step = time.monotonic()
    sql("VACUUM (ANALYZE)")
    timings["vacuum_analyze_s"] = round(time.monotonic() - step, 1)
    sql(f"CREATE TABLE {META_TABLE} (filled_at timestamptz, players integer, predictions bigint)")
    sql(f"INSERT INTO {META_TABLE} VALUES (now(), %s, %s)", [players, predictions])
    timings["total_s"] = round(time.monotonic() - started, 1)
    return {"players": players, "predictions": predictions, **timings}


def filled() -> tuple:
    return sql(f"SELECT filled_at, players, predictions FROM {META_TABLE}", fetch=True)[0]


def summary() -> dict:
    def count(table, where=""):
        return sql(f"SELECT count(*) FROM {table} {where}", fetch=True)[0][0]

    current = sql("SELECT max(id) FROM pronostics_season", fetch=True)[0][0]
    sizes = sql(
        "SELECT relname, pg_total_relation_size(oid) FROM pg_class WHERE relname IN "
        "('pronostics_prediction', 'pronostics_seasontally', 'pronostics_monthtally', 'pronostics_matchdaytally')",
        fetch=True,
    )
    return {
        "readers": count("auth_user", "WHERE username LIKE 'joueur%%'".replace("%%", "%")),
        "matches": count("pronostics_match"),
        "predictions": count(TABLE),
        "current_season_lines": count(
            "pronostics_seasontally", f"WHERE season_id = {int(current)}"
        ),
        "season_tallies": count("pronostics_seasontally"),
        "month_tallies": count("pronostics_monthtally"),
        "match_day_tallies": count("pronostics_matchdaytally"),
        "leagues": count("pronostics_league"),
        "sizes_mib": {name: round(size / 2**20) for name, size in sizes},
    }
