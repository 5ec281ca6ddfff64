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
        from allauth.mfa.models import Authenticator
        from django.db.models.signals import post_save

        post_save.connect(_second_factor_passed_on_setup, sender=Authenticator)


def _second_factor_passed_on_setup(sender, instance, created, **kwargs):
    # Setting up the app asks for a code from it: the session that did so has given its
    # second factor, as at login (StaffSecondFactorMiddleware reads these records). At save
    # time, inside the request: allauth's own signal comes after commit, outside it in tests.
    from allauth.account.internal.flows.login import record_authentication
    from allauth.core import context

    request = context.request
    if not created or instance.type != sender.Type.TOTP or request is None:
        return
    if getattr(request, "user", None) is not None and request.user.pk == instance.user_id:
        record_authentication(request, request.user, "mfa", id=instance.pk, type=instance.type)
