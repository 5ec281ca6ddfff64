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
        _not_exported()
        from rotative.accounts import demo
        from rotative.core.demo.registry import demo_part_register

        demo_part_register(name="accounts", order=40, load=demo.demo_accounts_load)


def _not_exported():
    # What « Mes données » leaves out, and why (accounts.data; a test checks that every user
    # field of every app is either exported or listed). The newsroom's own work in the admin
    # stays with the pages and files it made; a staff member's request is answered by hand.
    from rotative.accounts import data

    data.register_not_exported(
        "wagtailcore.Page.owner",
        "wagtailcore.Page.locked_by",
        "wagtailcore.Revision.user",
        "wagtailcore.PageLogEntry.user",
        "wagtailcore.ModelLogEntry.user",
        "wagtailcore.WorkflowState.requested_by",
        "wagtailcore.TaskState.finished_by",
        "wagtailcore.Comment.user",
        "wagtailcore.Comment.resolved_by",
        "wagtailcore.CommentReply.user",
        "wagtailcore.PageSubscription.user",
        "wagtailcore.APIToken.user",
        "wagtailcore.UploadedFile.uploaded_by_user",
        "wagtailadmin.EditingSession.user",
        "wagtailadmin.FormState.user",
        "wagtailusers.UserProfile.user",
        "wagtailimages.Image.uploaded_by_user",
        "wagtaildocs.Document.uploaded_by_user",
        "core.CustomImage.uploaded_by_user",
        reason="the newsroom's work in the admin (pages, history, files, its settings)",
    )
    data.register_not_exported(
        "accounts.Professional.reviewed_by",
        reason="the moderator who checked another account's SIRET",
    )


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
