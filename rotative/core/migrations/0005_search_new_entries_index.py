"""A partial index on the search entries not yet normalised (title_norm = 1.0).

Wagtail's PostgreSQL backend looks for them after every indexed save; without this index
it reads the whole index table each time (see core/search_backend.py).
"""

from django.db import migrations

INDEX = "rotative_searchentry_new_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")
    table = schema_editor.quote_name(IndexEntry._meta.db_table)
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} (id) WHERE title_norm = 1.0")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_search_vector_index")]

    operations = [migrations.RunPython(create_index, drop_index)]
