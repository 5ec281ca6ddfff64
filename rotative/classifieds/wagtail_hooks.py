from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from rotative.classifieds import admin_views
from rotative.core.admin_menu import PermissionMenuItem


@hooks.register("register_admin_urls")
def classifieds_urls():
    return [
        path("annonces/", admin_views.queue, name="classifieds_moderation"),
        path("annonces/<int:pk>/moderer/", admin_views.moderate, name="classifieds_moderate"),
    ]


@hooks.register("register_admin_menu_item")
def classifieds_menu_item():
    return PermissionMenuItem(
        _("Petites annonces"),
        reverse("classifieds_moderation"),
        icon_name="list-ul",
        order=290,
        permission=admin_views.MODERATE,
    )
