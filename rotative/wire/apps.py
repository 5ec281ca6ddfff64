from django.apps import AppConfig


class WireConfig(AppConfig):
    name = "rotative.wire"
    label = "wire"
    verbose_name = "Fil d'agences"

    def ready(self):
        from . import signal_handlers  # noqa: F401
