from django.apps import AppConfig


class HomeConfig(AppConfig):
    """La Une and what surrounds every page of the news site: the home page, the menu's
    sections, En ce moment, the breaking banner and the search page."""

    name = "rotative.home"
    label = "home"
    verbose_name = "Accueil"

    def ready(self):
        from rotative.core.demo.registry import demo_part_register
        from rotative.home import demo

        demo_part_register(name="home", order=30, load=demo.demo_home_load)
