from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks

from rotative.core.admin_menu import PermissionMenuItem
from rotative.core.admin_summary import WaitingSummaryItem
from rotative.jobs import admin_views, selectors


@hooks.register("register_admin_urls")
def jobs_urls():
    return [
        path("emploi/", admin_views.queue, name="jobs_moderation"),
        path("emploi/<int:pk>/moderer/", admin_views.moderate, name="jobs_moderate"),
    ]


@hooks.register("register_admin_menu_item")
def jobs_menu_item():
    return PermissionMenuItem(
        _("Emploi"),
        reverse("jobs_moderation"),
        icon_name="user",
        order=296,
        permission=admin_views.MODERATE,
    )


def _to_validate(count: int) -> str:
    if not count:
        return str(_("Aucune offre d'emploi à valider"))
    return ngettext(
        "%(count)s offre d'emploi à valider", "%(count)s offres d'emploi à valider", count
    ) % {"count": count}


@hooks.register("construct_homepage_summary_items")
def jobs_waiting(request, items):
    items.append(
        WaitingSummaryItem(
            request,
            count=lambda: selectors.moderation_queue().count(),
            label=_to_validate,
            url=reverse("jobs_moderation"),
            permission=admin_views.MODERATE,
            icon="user",
            order=36,
        )
    )
