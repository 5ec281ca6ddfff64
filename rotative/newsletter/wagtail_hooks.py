from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from rotative.core.admin_menu import PermissionMenuItem
from rotative.newsletter import admin_views


@hooks.register("register_admin_urls")
def newsletter_urls():
    return [
        path("lettre-du-matin/", admin_views.digest_list, name="newsletter_digests"),
        path(
            "lettre-du-matin/preparer/",
            admin_views.digest_prepare,
            name="newsletter_digest_prepare",
        ),
        path("lettre-du-matin/<int:pk>/", admin_views.digest_edit, name="newsletter_digest_edit"),
        path(
            "lettre-du-matin/<int:pk>/ajouter/",
            admin_views.digest_add,
            name="newsletter_digest_add",
        ),
        path(
            "lettre-du-matin/<int:pk>/apercu/",
            admin_views.digest_preview,
            name="newsletter_digest_preview",
        ),
        path(
            "lettre-du-matin/<int:pk>/test/", admin_views.digest_test, name="newsletter_digest_test"
        ),
        path(
            "lettre-du-matin/<int:pk>/envoyer/",
            admin_views.digest_send,
            name="newsletter_digest_send",
        ),
        path("abonnes/", admin_views.subscribers, name="newsletter_subscribers"),
        path("abonnes/<int:pk>/", admin_views.subscriber, name="newsletter_subscriber"),
        path(
            "abonnes/<int:pk>/export/",
            admin_views.subscriber_export,
            name="newsletter_subscriber_export",
        ),
        path(
            "abonnes/<int:pk>/effacer/",
            admin_views.subscriber_erase,
            name="newsletter_subscriber_erase",
        ),
    ]


@hooks.register("register_admin_menu_item")
def newsletter_menu_item():
    return PermissionMenuItem(
        _("Lettre du matin"),
        reverse("newsletter_digests"),
        icon_name="mail",
        order=265,
        permission=admin_views.EDIT,
    )


@hooks.register("register_admin_menu_item")
def subscribers_menu_item():
    return PermissionMenuItem(
        _("Abonnés"),
        reverse("newsletter_subscribers"),
        icon_name="group",
        order=266,
        permission=admin_views.VIEW_SUBSCRIBERS,
    )


@hooks.register("register_permissions")
def newsletter_permissions():
    """So that administrators can give the desk's groups the right to edit and send the
    letter, and to see (or erase, on request) its subscribers."""
    return Permission.objects.filter(
        content_type__app_label="newsletter",
        codename__in=["change_digest", "view_subscriber", "delete_subscriber"],
    )
