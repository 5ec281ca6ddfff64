"""The word search's indexes; measured in bench/jobs_search.py (docs/performance.md, « Emploi »).

The search is `search_text LIKE '%word%'` for every word typed (selectors.offers_matching), on
both databases: any part of a word matches, accents and case ignored (the column is folded on
save). No btree serves a LIKE that starts with '%': at 300,000 offers PostgreSQL read every
online offer's text. On PostgreSQL only (the model does not declare it, so SQLite never sees
it), a trigram GIN index (pg_trgm, a « trusted » extension shipped with PostgreSQL) answers
the same LIKE: the search finds exactly what it found before. Only published offers are in it.

Around a commune, a GiST index on the offer's point returns the radius's box (selectors._around;
SQLite keeps the latitude and longitude btree). It is not partial like the trigram index on
purpose: PostgreSQL does not AND two bitmaps from indexes sharing a predicate, and the box must
be ANDed with the words. The box's row estimate is a fixed guess, low, which is what makes
PostgreSQL always AND it with the words rather than read every offer holding them.

`jobs_remote` (both databases, declared by the model) holds the fully remote offers, which
every radius finds: PostgreSQL can then OR them to the radius's box in the indexes and AND
that with the words, reading only the offers both give.
"""

from django.db import migrations, models

POSTGRES_ONLY = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS jobs_search_trgm ON jobs_joboffer
    USING gin (search_text gin_trgm_ops) WHERE status = 'published';
CREATE INDEX IF NOT EXISTS jobs_place ON jobs_joboffer
    USING gist (point(longitude, latitude));
"""
POSTGRES_ONLY_DROP = "DROP INDEX IF EXISTS jobs_search_trgm; DROP INDEX IF EXISTS jobs_place;"


def postgres_add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_ONLY)


def postgres_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_ONLY_DROP)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0002_applications")]

    operations = [
        migrations.AddIndex(
            model_name="joboffer",
            index=models.Index(
                condition=models.Q(("remote", "total")), fields=["expires_at"], name="jobs_remote"
            ),
        ),
        migrations.RunPython(postgres_add, postgres_drop, elidable=False),
    ]
