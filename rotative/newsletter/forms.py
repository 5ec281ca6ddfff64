from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag

from rotative.core.bot_trap import HoneypotMixin
from rotative.geo.models import Commune
from rotative.news.models import SectionPage

SUGGESTED_TAGS = 12


def source_clean(value: str) -> str:
    """The page the form was on, as a path of this site; anything else is dropped."""
    value = (value or "").strip()[:500]
    parts = urlsplit(value)
    if parts.netloc and parts.netloc != urlsplit(settings.SITE_URL).netloc:
        return ""
    path = parts.path
    if not path.startswith("/") or path.startswith("//"):
        return ""
    return path


class SignupForm(HoneypotMixin):
    email = forms.EmailField(
        label=gettext_lazy("Votre adresse e-mail"),
        max_length=254,
        error_messages={
            "required": gettext_lazy("Indiquez votre adresse e-mail."),
            "invalid": gettext_lazy("Cette adresse e-mail n'est pas valide."),
        },
    )
    source = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)
    # `website`, the field bots fill, comes from HoneypotMixin: the view reads form.is_bot.

    def clean_source(self) -> str:
        return source_clean(self.cleaned_data.get("source", ""))


class PreferencesForm(forms.Form):
    morning = forms.BooleanField(
        label=gettext_lazy("La lettre du matin : l'essentiel de l'actualité chaque matin"),
        required=False,
    )
    breaking = forms.BooleanField(
        label=gettext_lazy("Les alertes info : les nouvelles importantes, dès qu'elles tombent"),
        required=False,
    )
    sections = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Rubriques"),
        queryset=SectionPage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Sujets"),
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    add_tag = forms.CharField(
        label=gettext_lazy("Suivre un autre sujet"), required=False, max_length=100
    )
    communes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Communes"),
        queryset=Commune.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    add_commune = forms.CharField(
        label=gettext_lazy("Suivre une commune (nom ou code postal)"),
        required=False,
        max_length=120,
    )

    def __init__(self, *args, subscriber=None, **kwargs):
        if subscriber is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "morning": subscriber.morning,
                "breaking": subscriber.breaking,
                "sections": list(subscriber.sections.all()),
                "tags": list(subscriber.tags.all()),
                "communes": list(subscriber.communes.all()),
            }
        super().__init__(*args, **kwargs)
        followed_tags = list(subscriber.tags.values_list("pk", flat=True)) if subscriber else []
        suggested = (
            Tag.objects.annotate(uses=Count("news_articletag_items"))
            .filter(uses__gt=0)
            .order_by("-uses", "name")
            .values_list("pk", flat=True)[:SUGGESTED_TAGS]
        )
        self.fields["sections"].queryset = SectionPage.objects.live().order_by("nav_order", "title")
        self.fields["tags"].queryset = Tag.objects.filter(
            pk__in=[*followed_tags, *suggested]
        ).order_by("name")
        self.fields["communes"].queryset = (
            subscriber.communes.all() if subscriber else Commune.objects.none()
        )
        self.fields["communes"].label_from_instance = str

    def clean_add_tag(self):
        name = self.cleaned_data.get("add_tag", "").strip()
        if not name:
            return None
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            raise forms.ValidationError(
                _("Aucun sujet ne s'appelle « %(name)s » sur le site.") % {"name": name}
            )
        return tag

    def clean_add_commune(self):
        from rotative.geo.selectors import commune_resolve

        text = self.cleaned_data.get("add_commune", "").strip()
        if not text:
            return None
        commune, candidates = commune_resolve(text=text)
        if commune is not None:
            return commune
        if candidates:
            raise forms.ValidationError(
                _("Précisez la commune : %(candidates)s.")
                % {"candidates": ", ".join(str(c) for c in candidates)}
            )
        raise forms.ValidationError(_("Aucune commune trouvée pour « %(text)s ».") % {"text": text})

    def preferences(self) -> dict:
        """What to save: the ticked boxes plus what was typed to follow."""
        data = self.cleaned_data
        tags, communes = list(data["tags"]), list(data["communes"])
        if data.get("add_tag") and data["add_tag"] not in tags:
            tags.append(data["add_tag"])
        if data.get("add_commune") and data["add_commune"] not in communes:
            communes.append(data["add_commune"])
        return {
            "morning": data["morning"],
            "breaking": data["breaking"],
            "sections": list(data["sections"]),
            "tags": tags,
            "communes": communes,
        }
