"""Saved searches, moved from the classifieds with their rows.

The model is taken over in the state as it is in the database (the classifieds' table), then
its table is renamed and its content type relabelled rather than recreated, so that the
permissions given on it stay."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def content_type_relabel(apps, schema_editor, source="classifieds", target="alerts"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=source, model="savedsearch").exists():
        ContentType.objects.filter(app_label=target, model="savedsearch").delete()
    ContentType.objects.filter(app_label=source, model="savedsearch").update(app_label=target)


def content_type_relabel_back(apps, schema_editor):
    content_type_relabel(apps, schema_editor, source="alerts", target="classifieds")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("classifieds", "0011_saved_searches_move_to_alerts"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SavedSearch",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("category", models.CharField(blank=True, max_length=16)),
                        ("query", models.CharField(blank=True, max_length=1000)),
                        ("label", models.CharField(max_length=200, verbose_name="recherche")),
                        (
                            "frequency",
                            models.CharField(
                                choices=[
                                    ("instant", "dès qu'une annonce paraît"),
                                    ("daily", "une fois par jour"),
                                ],
                                default="daily",
                                max_length=7,
                                verbose_name="alerte",
                            ),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "checked_until",
                            models.DateTimeField(default=django.utils.timezone.now),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="saved_searches",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        ("area_department", models.CharField(blank=True, max_length=3)),
                        ("area_east", models.FloatField(blank=True, null=True)),
                        ("area_north", models.FloatField(blank=True, null=True)),
                        ("area_south", models.FloatField(blank=True, null=True)),
                        ("area_west", models.FloatField(blank=True, null=True)),
                        ("price_max", models.PositiveIntegerField(blank=True, null=True)),
                        ("price_min", models.PositiveIntegerField(blank=True, null=True)),
                    ],
                    options={
                        "verbose_name": "recherche enregistrée",
                        "verbose_name_plural": "recherches enregistrées",
                        "db_table": "classifieds_savedsearch",
                        "indexes": [
                            models.Index(
                                fields=["frequency", "category", "area_department"],
                                name="saved_bounds",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="SavedSearch", table=None),
        migrations.RunPython(content_type_relabel, content_type_relabel_back),
    ]
