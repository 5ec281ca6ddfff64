"""Profile.display_name_key now folds look-alike letters of other scripts (see
models.display_name_key): recompute it. Two existing names that now share a key both stay;
the later one's key gets its id appended ('#' is never in a name), so that the unique
constraint holds and nobody loses their name; new names are checked against both."""

from django.db import migrations


def recompute_keys(apps, schema_editor):
    from rotative.accounts.models import display_name_key

    Profile = apps.get_model("accounts", "Profile")
    seen = set()
    profiles = list(Profile.objects.order_by("pk").only("pk", "display_name", "display_name_key"))
    # Free every key first: a recomputed key may be another row's current one.
    for profile in profiles:
        profile.display_name_key = f"#{profile.pk}"
    Profile.objects.bulk_update(profiles, ["display_name_key"], batch_size=1000)
    for profile in profiles:
        key = display_name_key(profile.display_name)
        profile.display_name_key = key if key not in seen else f"{key}#{profile.pk}"
        seen.add(key)
    Profile.objects.bulk_update(profiles, ["display_name_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_professional")]

    operations = [migrations.RunPython(recompute_keys, migrations.RunPython.noop, elidable=True)]
