"""Wagtail's default workflow, its task and groups carry English names that editors read in the
French admin (« Soumettre à Moderators approval »): give them French ones, named to be read inside
Wagtail's sentences (« Soumettre à la relecture », « En attente de la relecture »). Only names
still at Wagtail's defaults are changed, so a newsroom's own choices are kept."""

from django.db import migrations

RENAMES = {
    # model: [(Wagtail's default name, French name)]
    ("wagtailcore", "Workflow"): [("Moderators approval", "la relecture")],
    ("wagtailcore", "Task"): [("Moderators approval", "la relecture")],
    ("auth", "Group"): [("Moderators", "Modérateurs"), ("Editors", "Rédacteurs")],
}


def rename(apps, schema_editor, *, backwards=False):
    for (app_label, model_name), pairs in RENAMES.items():
        model = apps.get_model(app_label, model_name)
        for english, french in pairs:
            old, new = (french, english) if backwards else (english, french)
            if not model.objects.filter(name=new).exists():
                model.objects.filter(name=old).update(name=new)


def forwards(apps, schema_editor):
    rename(apps, schema_editor)


def backwards(apps, schema_editor):
    rename(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("news", "0005_article_communes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
