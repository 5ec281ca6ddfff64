from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from rotative.accounts import admin_views
from rotative.core.admin_menu import PermissionMenuItem


@hooks.register("register_admin_urls")
def accounts_urls():
    return [
        path("professionnels/", admin_views.professionals, name="accounts_professionals"),
        path(
            "professionnels/<int:pk>/",
            admin_views.professional_review,
            name="accounts_professional_review",
        ),
    ]


@hooks.register("register_admin_menu_item")
def professionals_menu_item():
    return PermissionMenuItem(
        _("Comptes professionnels"),
        reverse("accounts_professionals"),
        icon_name="group",
        order=295,
        permission=admin_views.VERIFY,
    )
