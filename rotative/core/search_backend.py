"""Wagtail's database search backend, with titles weighted above body text on SQLite.

On SQLite, Wagtail (modelsearch) ranks with FTS5's bm25() giving every column the same
weight, so a word in a title counts no more than the same word deep in a body. We pass
column weights to bm25(); PostgreSQL already weights fields by their boost.
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


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks for)
    backend = DatabaseSearchBackend(params)
    if connection.vendor == "sqlite" and type(backend).__name__ == "SQLiteSearchBackend":
        backend.query_compiler_class = _weighted_compiler()
    return backend
