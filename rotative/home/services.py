from django.conf import settings
from django.db import transaction
from wagtail.models import Collection, Locale, Page, Site

from rotative.home.models import HomePage


@transaction.atomic
def home_page_ensure() -> HomePage:
    """The page tree every install starts from: Wagtail's root, the home page, the default site.

    Migrations create it; this recreates it where it has gone (a flushed test database).
    """
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="Accueil", slug="accueil", locale=locale))
    if not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home
