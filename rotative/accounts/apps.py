from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rotative.accounts"
    label = "accounts"
    verbose_name = "Comptes lecteurs"

    def ready(self):
        from rotative.core.site_parts import registry

        # "Se connecter / Créer un compte", or the reader's name, in every page's header.
        registry.add_to_slot("header_account", "accounts/header_account.html")

        from rotative.accounts import security_events

        security_events.connect()

        from rotative.accounts import sessions

        sessions.connect()
