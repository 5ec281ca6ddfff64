from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from rotative.accounts import admin_views


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


class ProfessionalsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.VERIFY)


@hooks.register("register_admin_menu_item")
def professionals_menu_item():
    return ProfessionalsMenuItem(
        _("Comptes professionnels"),
        reverse("accounts_professionals"),
        icon_name="group",
        order=295,
    )
