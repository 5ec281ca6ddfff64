from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "rotative.legal"
    label = "legal"
    verbose_name = "Pages légales"

    def ready(self):
        from rotative.legal import selectors

        selectors.connect_signals()

        from rotative.core.demo.registry import demo_part_register
        from rotative.legal import demo

        demo_part_register(name="legal", order=80, load=demo.demo_legal_load)
