"""The home page and the pinned topics, moved from core with their rows.

The models are taken over in the state as they are in the database (core's tables), then
their tables are renamed. Their content types are relabelled rather than recreated, so the
home page keeps its content type, and with it its revisions, permissions and search entries.
"""

import django.db.models.deletion
import modelsearch.index
from django.conf import settings
from django.db import migrations, models

MOVED = ("homepage", "pinnedtopic")


def content_types_relabel(apps, schema_editor, source="core", target="home"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        # A type already made for the new label (never used: nothing could point to it yet)
        # would collide with the one the rows point to.
        if ContentType.objects.filter(app_label=source, model=model).exists():
            ContentType.objects.filter(app_label=target, model=model).delete()
        ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def content_types_relabel_back(apps, schema_editor):
    content_types_relabel(apps, schema_editor, source="home", target="core")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("core", "0009_home_page_moves_to_home"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0006_french_default_workflow"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HomePage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        (
                            "articles_per_section",
                            models.PositiveSmallIntegerField(
                                default=4, verbose_name="articles par rubrique"
                            ),
                        ),
                        (
                            "lead_article",
                            models.ForeignKey(
                                blank=True,
                                help_text=(
                                    "Laisser vide pour mettre à la une l'article publié le "
                                    "plus récemment."
                                ),
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="news.articlepage",
                                verbose_name="article à la une",
                            ),
                        ),
                    ],
                    options={"verbose_name": "page d'accueil", "db_table": "core_homepage"},
                    bases=("wagtailcore.page",),
                ),
                migrations.CreateModel(
                    name="PinnedTopic",
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
                        ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                        ("label", models.CharField(max_length=60, verbose_name="libellé")),
                        (
                            "expires_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="jusqu'au"),
                        ),
                        (
                            "page",
                            models.ForeignKey(
                                blank=True,
                                help_text="…ou à cette page.",
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.WAGTAIL_PAGE_MODEL,
                                verbose_name="page",
                            ),
                        ),
                        (
                            "tag",
                            models.ForeignKey(
                                blank=True,
                                help_text="Le sujet mène à la page de ce mot-clé…",
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                to="taggit.tag",
                                verbose_name="mot-clé",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "sujet épinglé (En ce moment)",
                        "verbose_name_plural": "sujets épinglés (En ce moment)",
                        "ordering": ["sort_order"],
                        "abstract": False,
                        "db_table": "core_pinnedtopic",
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="HomePage", table=None),
        migrations.AlterModelTable(name="PinnedTopic", table=None),
        migrations.RunPython(content_types_relabel, content_types_relabel_back),
    ]
