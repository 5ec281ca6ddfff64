from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "rotative.news"
    label = "news"
    verbose_name = "Actualités"

    def ready(self):
        from . import signal_handlers  # noqa: F401
