"""Wagtail's database search backend, with two corrections.

- SQLite: modelsearch ranks with FTS5's bm25() giving every column the same weight, so a word
  in a title counts no more than the same word deep in a body. We pass column weights.
- PostgreSQL: after every indexed save, modelsearch recomputes the average title length over
  the whole index and scans it for new entries (title_norm = 1.0): two full scans per save,
  three saves per published article (bench/wire_ingest.py: 58 ms per article at 10,000
  articles, growing with the archive). The average is cached for ten minutes, and a partial
  index (core/migrations/0005) finds the new entries. Bulk adds read each object's search
  fields once and write the vectors' SQL directly (core/search_index.py).
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

# FTS5 columns in the order modelsearch creates them: autocomplete, body, title.
COLUMN_WEIGHTS = (1.0, 1.0, 4.0)


def _weighted_compiler():
    # Imported here: the SQLite modules only load when the database is SQLite.
    from django.db.models import FloatField, Func
    from modelsearch.backends.database.sqlite.query import SQLiteFTSIndexEntry
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchQueryCompiler
    from modelsearch.query import Not, Phrase, PlainText

    class WeightedBM25(Func):
        output_field = FloatField()

        def as_sql(self, compiler, connection, **extra):
            weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
            return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})", []

    class WeightedSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
        def build_tsrank(self, vector, query, config=None, boost=1.0):
            if isinstance(query, (Phrase, PlainText, Not)):
                return WeightedBM25() * boost if boost != 1.0 else WeightedBM25()
            return super().build_tsrank(vector, query, config=config, boost=boost)

    return WeightedSQLiteSearchQueryCompiler


TITLE_LENGTH_CACHE_SECONDS = 600
TITLE_LENGTH_CACHE_KEY = "search:title-length-average"
CACHE_FROM_ENTRIES = 1000


def _cached_norm_index():
    from django.core.cache import cache
    from django.db.models import Avg, Count, F
    from django.db.models.functions import Length
    from modelsearch.backends.database.postgres.postgres import PostgresIndex

    from rotative.core.search_index import OnePassAddItemsMixin

    class CachedNormPostgresIndex(OnePassAddItemsMixin, PostgresIndex):
        def _title_length_average(self):
            average = cache.get(TITLE_LENGTH_CACHE_KEY)
            if average is None:
                stats = (
                    self.entries.annotate(title_length=Length("title"))
                    .filter(title_length__gt=0)
                    .aggregate(average=Avg("title_length"), entries=Count("pk"))
                )
                average = stats["average"]
                # A large index's average barely moves: keep it; a small one is cheap to scan.
                if average is not None and stats["entries"] >= CACHE_FROM_ENTRIES:
                    cache.set(TITLE_LENGTH_CACHE_KEY, average, TITLE_LENGTH_CACHE_SECONDS)
            return average

        def _refresh_title_norms(self, full=False):
            if full:  # update_index: the exact average, the whole table
                return super()._refresh_title_norms(full=True)
            average = self._title_length_average()
            if average is None:
                return None
            self.entries.filter(title_norm=1.0).annotate(title_length=Length("title")).filter(
                title_length__gt=0
            ).update(title_norm=average / F("title_length"))
            return None

    return CachedNormPostgresIndex


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks for)
    backend = DatabaseSearchBackend(params)
    if connection.vendor == "sqlite" and type(backend).__name__ == "SQLiteSearchBackend":
        backend.query_compiler_class = _weighted_compiler()
    elif type(backend).__name__ == "PostgresSearchBackend":
        backend.index_class = _cached_norm_index()
    return backend
