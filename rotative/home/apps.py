from django.apps import AppConfig


class HomeConfig(AppConfig):
    """La Une and what surrounds every page of the news site: the home page, the menu's
    sections, En ce moment, the breaking banner and the search page."""

    name = "rotative.home"
    label = "home"
    verbose_name = "Accueil"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from rotative.core import chrome
        from rotative.home.models import PinnedTopic

        # En ce moment is part of every page's chrome (core.chrome).
        post_save.connect(chrome.edition_bump, sender=PinnedTopic, dispatch_uid="chrome-pin")
        post_delete.connect(chrome.edition_bump, sender=PinnedTopic, dispatch_uid="chrome-unpin")

        from rotative.core.demo.registry import demo_part_register
        from rotative.home import demo

        demo_part_register(name="home", order=30, load=demo.demo_home_load)
