"""Saved searches now belong to the `alerts` app (alerts/migrations/0001), shared by the ads,
the agenda and the parts to come: the classifieds forget them here without touching their
table, which alerts takes over and renames."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("classifieds", "0010_pending_photos")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SavedSearch")],
            database_operations=[],
        )
    ]
