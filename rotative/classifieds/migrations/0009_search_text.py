"""The word search ignores accents and case: a folded copy of each ad's words.

Ad.search_text holds title and description folded by models.search_fold (lower case, no
accents), written on every save. SQLite searches it directly; on PostgreSQL the stored search
vector of migration 0007 is rebuilt from it, so « zoe » and « Zoé » give the same lexeme.

Why a column of our own rather than PostgreSQL's `unaccent` extension: the same folding on both
databases (one Python function, tested once), no extension for the host to install or trust,
and `unaccent()` is not IMMUTABLE, so a generated column could not call it directly.
"""

import unicodedata

from django.db import migrations, models

BATCH = 2000

POSTGRES_DROP_VECTOR = """
DROP INDEX IF EXISTS ad_search_vector;
ALTER TABLE classifieds_ad DROP COLUMN IF EXISTS search_vector;
"""
# As in 0007 (department and category tokens for the one GIN lookup), words from search_text.
POSTGRES_FOLDED_VECTOR = """
ALTER TABLE classifieds_ad ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    to_tsvector('french'::regconfig, coalesce(search_text, ''))
    || to_tsvector(
        'simple'::regconfig,
        'departement' || department || ' categorie' || replace(category, '-', '')
    )
) STORED;
CREATE INDEX ad_search_vector ON classifieds_ad USING gin (search_vector);
"""
POSTGRES_ACCENTED_VECTOR = """
ALTER TABLE classifieds_ad ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    to_tsvector('french'::regconfig, coalesce(title, '') || ' ' || coalesce(description, ''))
    || to_tsvector(
        'simple'::regconfig,
        'departement' || department || ' categorie' || replace(category, '-', '')
    )
) STORED;
CREATE INDEX ad_search_vector ON classifieds_ad USING gin (search_vector);
"""


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


def search_fold(text: str) -> str:
    """models.search_fold as it was written for this migration (frozen here on purpose)."""
    text = unicodedata.normalize("NFKD", str(text or "").translate(_LIGATURES))
    return "".join(char for char in text if not unicodedata.combining(char)).casefold()


def fill_search_text(apps, schema_editor):
    """Every existing ad's folded words, in batches (the table holds millions of ads)."""
    Ad = apps.get_model("classifieds", "Ad")
    last = 0
    while True:
        batch = list(
            Ad.objects.filter(pk__gt=last).order_by("pk").only("title", "description")[:BATCH]
        )
        if not batch:
            return
        for ad in batch:
            ad.search_text = search_fold(f"{ad.title}\n{ad.description}")
        Ad.objects.bulk_update(batch, ["search_text"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    # Not atomic: each batch commits, so a large table is not one huge transaction.
    atomic = False

    dependencies = [
        ("classifieds", "0008_saved_search_bounds"),
    ]

    operations = [
        # The old vector goes first: otherwise PostgreSQL would recompute it on every update
        # of the fill, for nothing.
        migrations.RunPython(
            _on_postgres(POSTGRES_DROP_VECTOR), _on_postgres(POSTGRES_ACCENTED_VECTOR)
        ),
        migrations.AddField(
            model_name="ad",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(
            _on_postgres(POSTGRES_FOLDED_VECTOR), _on_postgres(POSTGRES_DROP_VECTOR)
        ),
    ]
