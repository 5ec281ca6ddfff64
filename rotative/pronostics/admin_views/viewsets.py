"""Compétitions, saisons, clubs, journées and matchs in the admin: Wagtail's model screens,
saved through the services (forms.py), a match's row leading to its result, postponement
and cancellation (matches.py)."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import models as model_views
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from rotative.core.templatetags.rotative import date_fr
from rotative.pronostics.admin_views import forms
from rotative.pronostics.models import PARIS, Club, Competition, Match, MatchDay, Prediction, Season
from rotative.pronostics.services import PronosticsError

CHANGE_MATCH = "pronostics.change_match"


def kickoff_fr(match: Match) -> str:
    """« samedi 12 décembre 2026 à 18h00 », Paris time whatever the editor's own zone."""
    with timezone.override(PARIS):
        return date_fr(match.kickoff)


def result_text(match: Match) -> str:
    if match.result is None:
        return "—"
    return f"{match.home_score} – {match.away_score}"


class ServiceErrors:
    """A service's refusal (PronosticsError) shown on the form, what was typed kept."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except PronosticsError as error:
            form.add_error(None, error.message)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class CreateView(ServiceErrors, model_views.CreateView):
    pass


class EditView(ServiceErrors, model_views.EditView):
    pass


class GuardedDeleteView(model_views.DeleteView):
    """What holds readers' predictions is not deleted: they would lose their points."""

    def predictions(self):
        return Prediction.objects.none()

    def form_valid(self, form):
        count = self.predictions().count()
        if count:
            messages.error(
                self.request,
                ngettext(
                    "%(count)s pronostic de lecteur en dépend : annulez le match plutôt que de "
                    "le supprimer.",
                    "%(count)s pronostics de lecteurs en dépendent : annulez les matchs plutôt "
                    "que de les supprimer.",
                    count,
                )
                % {"count": count},
            )
            return redirect(self.get_success_url())
        return super().form_valid(form)


class CompetitionDeleteView(GuardedDeleteView):
    def predictions(self):
        return Prediction.objects.filter(match__match_day__season__competition=self.object)


class SeasonDeleteView(GuardedDeleteView):
    def predictions(self):
        return Prediction.objects.filter(match__match_day__season=self.object)


class MatchDayDeleteView(GuardedDeleteView):
    def predictions(self):
        return Prediction.objects.filter(match__match_day=self.object)


class MatchDeleteView(GuardedDeleteView):
    def predictions(self):
        return Prediction.objects.filter(match=self.object)


class ClubDeleteView(model_views.DeleteView):
    """A club that plays matches stays (they point at it): the editor is told why."""

    def form_valid(self, form):
        count = Match.objects.filter(Q(home=self.object) | Q(away=self.object)).count()
        if count:
            messages.error(
                self.request,
                ngettext(
                    "Ce club joue %(count)s match : il ne peut pas être supprimé.",
                    "Ce club joue %(count)s matchs : il ne peut pas être supprimé.",
                    count,
                )
                % {"count": count},
            )
            return redirect(self.get_success_url())
        return super().form_valid(form)


class BaseViewSet(ModelViewSet):
    add_to_admin_menu = False
    add_view_class = CreateView
    edit_view_class = EditView
    copy_view_enabled = False
    search_backend_name = None  # plain icontains: a few hundred rows
    form_class = None

    def get_form_class(self, for_update=False):
        return self.form_class


class CompetitionViewSet(BaseViewSet):
    model = Competition
    icon = "trophy"
    menu_label = gettext_lazy("Compétitions")
    form_class = forms.CompetitionForm
    list_display = [
        "name",
        "points_exact",
        "points_difference",
        "points_outcome",
        "bonus_multiplier",
    ]
    search_fields = ["name"]
    delete_view_class = CompetitionDeleteView


class SeasonViewSet(BaseViewSet):
    model = Season
    icon = "calendar"
    menu_label = gettext_lazy("Saisons")
    form_class = forms.SeasonForm
    list_display = ["label", "competition"]
    list_filter = ["competition"]
    delete_view_class = SeasonDeleteView

    def get_queryset(self, request):
        return Season.objects.select_related("competition")


class ClubViewSet(BaseViewSet):
    model = Club
    icon = "group"
    menu_label = gettext_lazy("Clubs")
    form_class = forms.ClubForm
    list_display = ["name", "short_name", "commune"]
    search_fields = ["name", "short_name"]
    delete_view_class = ClubDeleteView

    def get_queryset(self, request):
        return Club.objects.select_related("commune")


class MatchDayIndexView(model_views.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm(CHANGE_MATCH):
            buttons.append(
                MenuItem(
                    _("Saisir les résultats"),
                    url=reverse("pronostics_day_results", args=[instance.pk]),
                    icon_name="success",
                    priority=5,
                )
            )
        return buttons


class MatchDayViewSet(BaseViewSet):
    model = MatchDay
    icon = "date"
    menu_label = gettext_lazy("Journées")
    form_class = forms.MatchDayForm
    index_view_class = MatchDayIndexView
    list_display = [
        "number",
        "label",
        "season",
        "bonus_match",
    ]
    list_filter = ["season"]
    delete_view_class = MatchDayDeleteView

    def get_queryset(self, request):
        return MatchDay.objects.select_related(
            "season__competition", "bonus_match__home", "bonus_match__away"
        )


def result_open(match: Match) -> bool:
    """A result is entered once the match has kicked off, unless it was postponed without a
    date (its first date has passed, it was not played) or cancelled."""
    played_or_due = match.status in (Match.Status.SCHEDULED, Match.Status.PLAYED)
    return played_or_due and match.has_started()


def match_actions(match: Match, user) -> list[tuple[str, str, str]]:
    """(label, url, icon) of what can be done to the match now, for its row and its page."""
    if not user.has_perm(CHANGE_MATCH):
        return []
    actions = []
    if result_open(match):
        label = _("Corriger le résultat") if match.result else _("Saisir le résultat")
        actions.append((label, reverse("pronostics_match_result", args=[match.pk]), "success"))
    if match.status in (Match.Status.SCHEDULED, Match.Status.POSTPONED):
        actions.append(
            (_("Reporter"), reverse("pronostics_match_postpone", args=[match.pk]), "time")
        )
    if match.status != Match.Status.CANCELLED:
        actions.append((_("Annuler"), reverse("pronostics_match_cancel", args=[match.pk]), "cross"))
    return actions


class MatchIndexView(model_views.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for priority, (label, url, icon) in enumerate(
            match_actions(instance, self.request.user), start=1
        ):
            buttons.append(MenuItem(label, url=url, icon_name=icon, priority=priority))
        return buttons


class MatchEditView(EditView):
    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        for priority, (label, url, icon) in enumerate(
            match_actions(self.object, self.request.user), start=1
        ):
            buttons.append(Button(label, url=url, icon_name=icon, priority=priority))
        return buttons


class MatchViewSet(BaseViewSet):
    model = Match
    icon = "pick"
    menu_label = gettext_lazy("Matchs")
    form_class = forms.MatchForm
    index_view_class = MatchIndexView
    edit_view_class = MatchEditView
    list_display = [
        "__str__",
        Column("match_day", label=gettext_lazy("Journée")),
        Column(
            "kickoff", label=gettext_lazy("Coup d'envoi"), accessor=kickoff_fr, sort_key="kickoff"
        ),
        "status",
        Column("result", label=gettext_lazy("Score"), accessor=result_text),
    ]
    list_filter = ["match_day__season", "match_day", "status"]
    search_fields = ["home__name", "away__name", "venue"]
    ordering = ["kickoff", "pk"]
    delete_view_class = MatchDeleteView

    def get_queryset(self, request):
        return Match.objects.select_related("home", "away", "match_day__season__competition")
