"""The home page and the pinned topics now belong to the `home` app (home/migrations/0001):
core forgets them here without touching their tables, which home takes over and renames."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0008_recurring_jobs")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="pinnedtopic", name="page"),
                migrations.RemoveField(model_name="pinnedtopic", name="tag"),
                migrations.DeleteModel(name="HomePage"),
                migrations.DeleteModel(name="PinnedTopic"),
            ],
            database_operations=[],
        )
    ]
