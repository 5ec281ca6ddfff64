"""The commune chooser of the Wagtail admin: editors find a commune among La Poste's 39,000
by name or postal code, accents, hyphens and « St » aside (selectors.commune_search)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from rotative.geo.selectors import commune_search

RESULTS = 20


class CommuneFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Nom ou code postal"),
        widget=forms.TextInput(attrs={"placeholder": _("Nom ou code postal")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        self.is_searching, self.search_query = bool(query), query
        if not query:
            return objects.none()  # 39,000 rows: a list only once something is typed
        return objects.filter(pk__in=[c.pk for c in commune_search(query=query, limit=RESULTS)])


class _CommuneSearch:
    # The viewset does not pass these on to its views.
    filter_form_class = CommuneFilterForm
    ordering = ("name_key", "postal_code")


class CommuneChooseView(_CommuneSearch, chooser_views.ChooseView):
    pass


class CommuneChooseResultsView(_CommuneSearch, chooser_views.ChooseResultsView):
    pass


class CommuneCreateView(chooser_views.CreateView):
    """Communes come from La Poste's file only (geo_load): nobody creates one here. Wagtail
    would otherwise offer superusers a create tab without a form, and fail on its POST."""

    def can_create(self):
        return False


class CommuneChooserViewSet(ChooserViewSet):
    model = "geo.Commune"
    icon = "site"
    choose_one_text = _("Choisir une commune")
    choose_another_text = _("Choisir une autre commune")
    choose_view_class = CommuneChooseView
    choose_results_view_class = CommuneChooseResultsView
    create_view_class = CommuneCreateView
    per_page = RESULTS


commune_chooser_viewset = CommuneChooserViewSet("commune_chooser", url_prefix="communes/choisir")
