from django import forms
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext as _

from rotative.geo.models import Commune
from rotative.geo.selectors import commune_resolve

CANDIDATES_SHOWN = 6


def commune_from_text(text: str) -> Commune:
    """The one commune a reader typed (« Saint-Lô », « 50000 »), or a form error naming the
    candidates when several match."""
    commune, candidates = commune_resolve(text=text)
    if commune is not None:
        return commune
    if candidates:
        raise forms.ValidationError(
            _("Plusieurs communes correspondent : %(list)s. Précisez laquelle.")
            % {"list": ", ".join(c.label for c in candidates[:CANDIDATES_SHOWN])}
        )
    raise forms.ValidationError(_("Aucune commune ne correspond."))


class CommuneInput(forms.TextInput):
    """A commune field with suggestions: its own <datalist> (rendered after it), filled as
    the reader types by js/site.js from geo.views.communes_suggest. Without the script it is
    a plain text field, and commune_from_text reads whatever was typed."""

    def __init__(self, attrs=None):
        suggestions = {"autocomplete": "off", "data-communes": reverse_lazy("communes_suggest")}
        super().__init__({**suggestions, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["list"] = self._list_id(context["widget"]["attrs"], name)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        list_id = self._list_id(self.build_attrs(self.attrs, attrs), name)
        return format_html('{}<datalist id="{}"></datalist>', field, list_id)

    @staticmethod
    def _list_id(attrs: dict, name: str) -> str:
        return f"{attrs.get('id') or name}-communes"
