from django import forms
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
