from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "rotative.legal"
    label = "legal"
    verbose_name = "Pages légales"

    def ready(self):
        from rotative.legal import selectors

        selectors.connect_signals()
