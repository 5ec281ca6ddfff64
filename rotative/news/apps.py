from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "rotative.news"
    label = "news"
    verbose_name = "Actualités"

    def ready(self):
        import atexit

        from . import services, signal_handlers  # noqa: F401

        # Write the views still buffered when a server process stops.
        atexit.register(services.article_views_flush_quietly)
