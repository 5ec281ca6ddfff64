"""A GIN index on the expression Wagtail's PostgreSQL backend searches: title || body.

The backend filters on `(title || body) @@ query`, which the separate indexes on each column
cannot serve; without this index every search reads the whole index table (bench/).
"""

from django.db import migrations

INDEX = "rotative_searchentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")
    table = schema_editor.quote_name(IndexEntry._meta.db_table)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin ((title || body))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_french_search_and_home"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
