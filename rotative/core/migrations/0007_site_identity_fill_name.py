"""Each site's identity gets the paper's name it had until now (the Wagtail site's name, « Le
Phare normand » on the demo), with the article guessed from it: the name readers see stays
the same, and is now edited in Paramètres › Identité du site."""

from django.db import migrations


def fill(apps, schema_editor):
    from rotative.core.identity import article_guess

    Site = apps.get_model("wagtailcore", "Site")
    SiteIdentity = apps.get_model("core", "SiteIdentity")
    for site in Site.objects.all():
        name = (site.site_name or "").strip()
        if not name:
            continue
        identity, _created = SiteIdentity.objects.get_or_create(site=site)
        if not identity.name:
            identity.name = name
            identity.article = article_guess(name)
            identity.save(update_fields=["name", "article"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_site_identity_name"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
