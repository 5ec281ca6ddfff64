from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from rotative.core.admin_menu import PermissionMenuItem
from rotative.core.admin_summary import WaitingSummaryItem
from rotative.wire import admin_views, selectors
from rotative.wire.models import PublishingRule, QuarantinedFile, TopicMapping, WireSource


@hooks.register("register_admin_urls")
def wire_urls():
    return [
        path("fil/", admin_views.queue, name="wire_queue"),
        path("fil/<int:pk>/", admin_views.preview, name="wire_preview"),
        path("fil/<int:pk>/publier/", admin_views.publish, name="wire_publish"),
        path(
            "fil/quarantaine/<int:pk>/original/",
            admin_views.quarantine_download,
            name="wire_quarantine_download",
        ),
    ]


@hooks.register("register_admin_menu_item")
def wire_queue_menu_item():
    return PermissionMenuItem(
        _("Fil d'agences"),
        reverse("wire_queue"),
        icon_name="doc-full",
        order=250,
        permission="wire.change_dispatch",
    )


class WireSourceViewSet(ModelViewSet):
    model = WireSource
    icon = "download"
    menu_label = _("Sources")
    form_fields = ["name", "kind", "path", "url", "poll_minutes", "enabled", "default_section"]
    list_display = ["name", "kind", "enabled", "last_run_at", "last_items", "last_error"]
    list_filter = ["kind", "enabled"]
    inspect_view_enabled = True


class TopicMappingViewSet(ModelViewSet):
    model = TopicMapping
    icon = "tag"
    menu_label = _("Thèmes → rubriques")
    form_fields = ["qcode", "label", "section", "tags"]
    list_display = ["qcode", "label", "section", "tags"]
    search_fields = ["qcode", "label", "tags"]


class PublishingRuleViewSet(ModelViewSet):
    model = PublishingRule
    icon = "cogs"
    menu_label = _("Règles de publication")
    form_fields = ["name", "source", "max_urgency", "subject_qcode", "section", "enabled"]
    list_display = ["name", "source", "max_urgency", "subject_display", "section", "enabled"]


class QuarantineViewSet(ModelViewSet):
    model = QuarantinedFile
    icon = "warning"
    menu_label = _("Quarantaine")
    form_fields = ["reason"]
    list_display = ["filename", "received_at", "source", "reason", "size", "download_link"]
    list_filter = ["source"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["filename", "received_at", "source", "reason", "size", "sha256"]


class WireSettingsGroup(ViewSetGroup):
    menu_label = _("Agences : réglages")
    menu_icon = "cogs"
    menu_order = 260
    items = (WireSourceViewSet, TopicMappingViewSet, PublishingRuleViewSet, QuarantineViewSet)


@hooks.register("register_admin_viewset")
def wire_viewsets():
    return WireSettingsGroup()


def _in_queue(count: int) -> str:
    if not count:
        return str(_("Aucune dépêche en attente"))
    return ngettext("%(count)s dépêche en attente", "%(count)s dépêches en attente", count) % {
        "count": count
    }


def _quarantined(count: int) -> str:
    if not count:
        return str(_("Aucun fichier en quarantaine"))
    return ngettext(
        "%(count)s fichier en quarantaine", "%(count)s fichiers en quarantaine", count
    ) % {"count": count}


@hooks.register("construct_homepage_summary_items")
def wire_waiting(request, items):
    items.append(
        WaitingSummaryItem(
            request,
            count=selectors.dispatches_pending_count,
            label=_in_queue,
            url=reverse("wire_queue") + "?status=pending",
            permission="wire.change_dispatch",
            icon="doc-full",
            order=40,
        )
    )
    items.append(
        WaitingSummaryItem(
            request,
            count=selectors.quarantined_files_count,
            label=_quarantined,
            url=reverse("quarantinedfile:index"),
            permission="wire.view_quarantinedfile",
            icon="warning",
            order=41,
        )
    )
