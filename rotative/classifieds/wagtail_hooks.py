from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks

from rotative.classifieds import admin_views, selectors
from rotative.core.admin_menu import PermissionMenuItem
from rotative.core.admin_summary import WaitingSummaryItem


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


def _to_validate(count: int) -> str:
    if not count:
        return str(_("Aucune annonce à valider"))
    return ngettext("%(count)s annonce à valider", "%(count)s annonces à valider", count) % {
        "count": count
    }


@hooks.register("construct_homepage_summary_items")
def classifieds_waiting(request, items):
    items.append(
        WaitingSummaryItem(
            request,
            count=selectors.ads_awaiting_moderation_count,
            label=_to_validate,
            url=reverse("classifieds_moderation"),
            permission=admin_views.MODERATE,
            icon="list-ul",
            order=30,
        )
    )
