from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from rotative.comments import admin_views, selectors
from rotative.comments.models import ModerationWord
from rotative.core.admin_menu import PermissionMenuItem
from rotative.core.admin_summary import WaitingSummaryItem


@hooks.register("register_admin_urls")
def comments_urls():
    return [
        path("commentaires/", admin_views.queue, name="comments_moderation"),
        path("commentaires/<int:pk>/", admin_views.detail, name="comments_moderation_detail"),
        path(
            "commentaires/<int:pk>/moderer/",
            admin_views.moderate,
            name="comments_moderation_act",
        ),
        path(
            "commentaires/lecteurs/<int:user_id>/reintegrer/",
            admin_views.unban,
            name="comments_moderation_unban",
        ),
    ]


@hooks.register("register_admin_menu_item")
def comments_menu_item():
    return PermissionMenuItem(
        _("Commentaires"),
        reverse("comments_moderation"),
        icon_name="comment",
        order=270,
        permission=admin_views.MODERATE,
    )


class ModerationWordViewSet(ModelViewSet):
    model = ModerationWord
    icon = "warning"
    menu_label = _("Mots interdits ou suspects")
    menu_order = 280
    add_to_admin_menu = True
    form_fields = ["word", "action"]
    list_display = ["word", "action"]
    list_filter = ["action"]
    search_fields = ["word"]


@hooks.register("register_admin_viewset")
def comments_viewsets():
    return ModerationWordViewSet("mots_moderation")


def _to_moderate(count: int) -> str:
    if not count:
        return str(_("Aucun commentaire à modérer"))
    return ngettext(
        "%(count)s commentaire à modérer", "%(count)s commentaires à modérer", count
    ) % {"count": count}


def _reported(count: int) -> str:
    if not count:
        return str(_("Aucun commentaire signalé"))
    return ngettext("%(count)s commentaire signalé", "%(count)s commentaires signalés", count) % {
        "count": count
    }


@hooks.register("construct_homepage_summary_items")
def comments_waiting(request, items):
    queue = reverse("comments_moderation")
    items.append(
        WaitingSummaryItem(
            request,
            count=selectors.comments_awaiting_moderation_count,
            label=_to_moderate,
            url=f"{queue}?onglet=pending",
            permission=admin_views.MODERATE,
            icon="comment",
            order=20,
        )
    )
    items.append(
        WaitingSummaryItem(
            request,
            count=selectors.comments_reported_count,
            label=_reported,
            url=f"{queue}?onglet=reported",
            permission=admin_views.MODERATE,
            icon="warning",
            order=21,
        )
    )
