from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks

from rotative.agenda import admin_views, selectors
from rotative.core.admin_menu import PermissionMenuItem
from rotative.core.admin_summary import WaitingSummaryItem


@hooks.register("register_admin_urls")
def agenda_urls():
    return [
        path("agenda/", admin_views.queue, name="agenda_moderation"),
        path("agenda/<int:pk>/moderer/", admin_views.moderate, name="agenda_moderate"),
    ]


@hooks.register("register_admin_menu_item")
def agenda_menu_item():
    return PermissionMenuItem(
        _("Agenda"),
        reverse("agenda_moderation"),
        icon_name="date",
        order=295,
        permission=admin_views.MODERATE,
    )


def _to_validate(count: int) -> str:
    if not count:
        return str(_("Aucune sortie à valider"))
    return ngettext("%(count)s sortie à valider", "%(count)s sorties à valider", count) % {
        "count": count
    }


@hooks.register("construct_homepage_summary_items")
def agenda_waiting(request, items):
    items.append(
        WaitingSummaryItem(
            request,
            count=lambda: selectors.moderation_queue().count(),
            label=_to_validate,
            url=reverse("agenda_moderation"),
            permission=admin_views.MODERATE,
            icon="date",
            order=35,
        )
    )
