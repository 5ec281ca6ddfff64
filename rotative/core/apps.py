from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rotative.core"
    label = "core"
    verbose_name = "Site"

    def ready(self):
        from rotative.core import mail_headers

        mail_headers.install()
