from django.db import migrations

# PostgreSQL only, as 0004. The span-and-place index now carries every column a search reads
# or filters on, so that counting a weekend within 30 km and sorting its ids is an index-only
# scan: before, each of the ~2,000 dates the index found cost a heap page of its own (dates
# are written event by event, so a weekend's are scattered over the table). Measured in
# bench/agenda_search.py, see docs/performance.md « Agenda ».
DROP = "DROP INDEX IF EXISTS agenda_occ_span_place;"
COVERING = """
CREATE INDEX IF NOT EXISTS agenda_occ_span_place ON agenda_eventoccurrence
    USING gist (tstzrange(start, "end", '[]'), point(longitude, latitude))
    INCLUDE (start, "end", latitude, longitude, category, is_free, for_children, id)
    WHERE visible;
"""
NARROW = """
CREATE INDEX IF NOT EXISTS agenda_occ_span_place ON agenda_eventoccurrence
    USING gist (tstzrange(start, "end", '[]'), point(longitude, latitude)) WHERE visible;
"""


def postgres_add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
        schema_editor.execute(COVERING)


def postgres_back(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
        schema_editor.execute(NARROW)


class Migration(migrations.Migration):
    dependencies = [("agenda", "0004_occurrence_span_index")]

    operations = [migrations.RunPython(postgres_add, postgres_back, elidable=False)]
