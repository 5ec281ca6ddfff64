from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from rotative.core.admin_menu import PermissionMenuItem
from rotative.pronostics.admin_views import imports, matches, viewsets


@hooks.register("register_admin_urls")
def pronostics_urls():
    return [
        path("pronostics/resultats/", matches.results_days, name="pronostics_results"),
        path(
            "pronostics/journees/<int:pk>/resultats/",
            matches.day_results,
            name="pronostics_day_results",
        ),
        path(
            "pronostics/matchs/<int:pk>/resultat/",
            matches.match_result,
            name="pronostics_match_result",
        ),
        path(
            "pronostics/matchs/<int:pk>/reporter/",
            matches.match_postpone,
            name="pronostics_match_postpone",
        ),
        path(
            "pronostics/matchs/<int:pk>/annuler/",
            matches.match_cancel,
            name="pronostics_match_cancel",
        ),
        path("pronostics/import/", imports.fixtures_upload, name="pronostics_import"),
        path(
            "pronostics/import/exemple.csv",
            imports.fixtures_example,
            name="pronostics_import_example",
        ),
    ]


class PronosticsGroup(ViewSetGroup):
    """« Pronostics » in the admin menu: the results to enter and the import first (what a
    match day asks of the editors), then the calendar's screens."""

    menu_label = _("Pronostics")
    menu_icon = "trophy"
    menu_order = 297
    items = (
        viewsets.MatchViewSet("pronostics_matches", url_prefix="pronostics/matchs"),
        viewsets.MatchDayViewSet("pronostics_days", url_prefix="pronostics/journees"),
        viewsets.CompetitionViewSet(
            "pronostics_competitions", url_prefix="pronostics/competitions"
        ),
        viewsets.SeasonViewSet("pronostics_seasons", url_prefix="pronostics/saisons"),
        viewsets.ClubViewSet("pronostics_clubs", url_prefix="pronostics/clubs"),
    )

    def get_submenu_items(self):
        results = PermissionMenuItem(
            _("Saisir les résultats"),
            reverse("pronostics_results"),
            icon_name="success",
            order=0,
            permission=viewsets.CHANGE_MATCH,
        )
        upload = PermissionMenuItem(
            _("Importer un calendrier"),
            reverse("pronostics_import"),
            icon_name="upload",
            order=1,
            permission=imports.IMPORT,
        )
        return [results, upload, *super().get_submenu_items()]


@hooks.register("register_admin_viewset")
def pronostics_viewsets():
    return [PronosticsGroup()]
