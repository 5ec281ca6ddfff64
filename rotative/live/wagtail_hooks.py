from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from rotative.core.admin_menu import PermissionMenuItem
from rotative.live import admin_views
from rotative.live.models import LiveLabel


@hooks.register("register_admin_urls")
def live_urls():
    return [
        path("en-direct/", admin_views.desk, name="live_desk"),
        path("en-direct/<int:pk>/", admin_views.edit, name="live_edit"),
        path("en-direct/<int:pk>/supprimer/", admin_views.delete, name="live_delete"),
    ]


@hooks.register("register_admin_menu_item")
def live_menu_item():
    return PermissionMenuItem(
        _("En direct"),
        reverse("live_desk"),
        icon_name="radio-full",
        order=240,
        permission=admin_views.POST,
    )


class LiveLabelViewSet(ModelViewSet):
    model = LiveLabel
    icon = "tag"
    menu_label = _("Étiquettes du direct")
    menu_order = 245
    add_to_admin_menu = True
    form_fields = ["name", "slug", "colour", "sort_order"]
    list_display = ["name", "slug", "colour", "sort_order"]


@hooks.register("register_admin_viewset")
def live_viewsets():
    return LiveLabelViewSet("etiquettes_direct")
