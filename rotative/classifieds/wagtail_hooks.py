from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from rotative.classifieds import admin_views


@hooks.register("register_admin_urls")
def classifieds_urls():
    return [
        path("annonces/", admin_views.queue, name="classifieds_moderation"),
        path("annonces/<int:pk>/moderer/", admin_views.moderate, name="classifieds_moderate"),
    ]


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.MODERATE)


@hooks.register("register_admin_menu_item")
def classifieds_menu_item():
    return QueueMenuItem(
        _("Petites annonces"), reverse("classifieds_moderation"), icon_name="list-ul", order=290
    )
