from django.db import migrations

# PostgreSQL only (the model does not declare these, so SQLite never sees them); measured in
# bench/agenda_search.py, see docs/performance.md.
#
# A date overlaps a window when it starts before the window's end and ends after its start:
# two ranges, which no btree serves (on `start`, « before the end of this weekend » is every
# date of the past month too; on `end`, every date to come). A GiST index on the date's span
# answers the overlap itself (selectors._SPAN), and its second column, the place, narrows
# « this weekend » to a box in the same lookup (selectors._within). The span comes first: a
# weekend is a far narrower cut of the table than a box of 60 km. It keeps only the visible
# dates, as every search does.
POSTGRES_ONLY = """
CREATE INDEX IF NOT EXISTS agenda_occ_span_place ON agenda_eventoccurrence
    USING gist (tstzrange(start, "end", '[]'), point(longitude, latitude)) WHERE visible;
"""
POSTGRES_ONLY_DROP = "DROP INDEX IF EXISTS agenda_occ_span_place;"


def postgres_add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_ONLY)


def postgres_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_ONLY_DROP)


class Migration(migrations.Migration):
    dependencies = [("agenda", "0003_event_published_at")]

    operations = [migrations.RunPython(postgres_add, postgres_drop, elidable=False)]
