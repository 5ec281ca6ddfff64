"""Comment forms: what readers type is validated here; the rules live in services."""

import logging
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from rotative.comments.models import BODY_MAX_LENGTH, CommentReport
from rotative.core.security_log import security_event

_SIGNER_SALT = "rotative.comments.form-rendered"


class BotTrapMixin(forms.Form):
    """A field humans never see (bots fill it) and the time the form was shown (bots are fast)."""

    website = forms.CharField(
        required=False,
        label=_("Ne remplissez pas ce champ"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    rendered = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["rendered"] = form_stamp()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            security_event("bot_trap", level=logging.WARNING, form=type(self).__name__)
            raise forms.ValidationError(_("Votre message n'a pas pu être envoyé."), code="bot")
        try:
            shown_at = signing.loads(cleaned.get("rendered") or "", salt=_SIGNER_SALT)
        except signing.BadSignature:
            security_event(
                "signed_value_invalid",
                level=logging.WARNING,
                form=type(self).__name__,
                value="form-stamp",
            )
            raise forms.ValidationError(
                _("Le formulaire a expiré : envoyez-le à nouveau."), code="stamp"
            ) from None
        if time.time() - float(shown_at) < settings.COMMENTS_MIN_FILL_SECONDS:
            security_event("bot_too_fast", level=logging.WARNING, form=type(self).__name__)
            # A new stamp: the reader only has to send again.
            self.data = self.data.copy()
            self.data["rendered"] = form_stamp()
            raise forms.ValidationError(
                _("Vous avez été très rapide : relisez votre commentaire puis envoyez-le."),
                code="too_fast",
            )
        return cleaned


def form_stamp(at: float | None = None) -> str:
    return signing.dumps(at if at is not None else time.time(), salt=_SIGNER_SALT)


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
