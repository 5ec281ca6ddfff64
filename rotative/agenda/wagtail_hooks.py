from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from rotative.agenda import admin_views, selectors
from rotative.core.admin_menu import PermissionMenuItem
from rotative.core.admin_summary import WaitingSummaryItem


@hooks.register("register_admin_urls")
def agenda_urls():
    return [
        path("agenda/", admin_views.queue, name="agenda_moderation"),
        path("agenda/<int:pk>/moderer/", admin_views.moderate, name="agenda_moderate"),
    ]


class AgendaGroup(ViewSetGroup):
    """« Agenda » in the admin menu: the queue to validate, then the events and the venues."""

    menu_label = _("Agenda")
    menu_icon = "date"
    menu_order = 295
    items = (
        admin_views.EventViewSet("agenda_events", url_prefix="agenda/sorties"),
        admin_views.VenueViewSet("agenda_venues", url_prefix="agenda/lieux"),
    )

    def get_submenu_items(self):
        queue = PermissionMenuItem(
            _("À valider"),
            reverse("agenda_moderation"),
            icon_name="tasks",
            order=0,
            permission=admin_views.MODERATE,
        )
        return [queue, *super().get_submenu_items()]


@hooks.register("register_admin_viewset")
def agenda_viewsets():
    return [AgendaGroup(), admin_views.venue_chooser_viewset]


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
