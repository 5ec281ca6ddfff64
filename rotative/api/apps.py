from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "rotative.api"
    label = "api"
    verbose_name = "API de l'application"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from rotative.accounts import data
        from rotative.api import personal_data, signal_handlers

        data.register_exporter(
            "appareils", personal_data.devices_export, covers=["api.DeviceToken.user"]
        )
        signal_handlers.connect()
