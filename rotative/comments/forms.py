"""Comment forms: what readers type is validated here; the rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rotative.comments.models import BODY_MAX_LENGTH, CommentReport
from rotative.core.bot_trap import BotTrapMixin


class CommentForm(BotTrapMixin):
    body = forms.CharField(
        label=_("Votre commentaire"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": BODY_MAX_LENGTH}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    field_order = ["body", "parent", "website", "rendered"]


class CommentEditForm(forms.Form):
    body = forms.CharField(
        label=_("Votre commentaire"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": BODY_MAX_LENGTH}),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Pourquoi signalez-vous ce commentaire ?"),
        choices=CommentReport.Reason.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Précisions (facultatif)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus (envoyé à l'auteur)"),
        max_length=500,
        widget=forms.TextInput(attrs={"list": "motifs-de-refus"}),
    )
