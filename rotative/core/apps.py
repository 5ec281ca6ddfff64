from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rotative.core"
    label = "core"
    verbose_name = "Site"
