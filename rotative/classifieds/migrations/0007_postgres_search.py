from django.conf import settings
from django.db import migrations, models

# PostgreSQL only (the model does not declare these, so SQLite never sees them); measured in
# bench/classifieds_search.py, see docs/performance.md.
#
# search_vector: the words of every ad as a stored tsvector, computed by the database on each
# write, plus two tokens for the department and the category ("departement50",
# "categorieimmobilier"). A word search joins them to the reader's words in one GIN lookup
# (selectors._words): the index then returns the department's matches only, instead of every
# match in France for the table to sift.
#
# ad_point: a GiST index on the ad's position, so a radius search reads only the ads inside
# its box (a btree on latitude returns the whole band of latitude across the country); it
# carries what the counts per category need, so they never read the table.
POSTGRES_ONLY = """
ALTER TABLE classifieds_ad ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    to_tsvector('french'::regconfig, coalesce(title, '') || ' ' || coalesce(description, ''))
    || to_tsvector(
        'simple'::regconfig,
        'departement' || department || ' categorie' || replace(category, '-', '')
    )
) STORED;
CREATE INDEX ad_search_vector ON classifieds_ad USING gin (search_vector);
CREATE INDEX ad_point ON classifieds_ad USING gist (point(longitude, latitude))
    INCLUDE (status, expires_at, category, latitude, longitude);
"""
POSTGRES_ONLY_DROP = """
DROP INDEX IF EXISTS ad_point;
DROP INDEX IF EXISTS ad_search_vector;
ALTER TABLE classifieds_ad DROP COLUMN IF EXISTS search_vector;
"""


def postgres_add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_ONLY)


def postgres_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_ONLY_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("classifieds", "0006_search_indexes"),
        ("geo", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="ad",
            name="ad_department",
        ),
        migrations.AddIndex(
            model_name="ad",
            index=models.Index(
                fields=["status", "department", "category", "price", "expires_at"],
                name="ad_department",
            ),
        ),
        migrations.RunPython(postgres_add, postgres_drop, elidable=False),
    ]
