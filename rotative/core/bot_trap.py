"""Traps for robots in the forms readers send: shared by every app with a public form.

- `honeypot_field()`: a field humans never see (it is hidden), which bots fill. Forms whose
  view pretends success to a bot (contact, newsletter signup) read `form.is_bot`
  (HoneypotMixin).
- `BotTrapMixin`: the same field, and the signed time the form was shown (bots are fast);
  the form itself refuses a bot with a message (comments, classifieds' messages).
"""

import logging
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from rotative.core.security_log import security_event

# Kept from when the trap lived in comments: stamps already in readers' pages stay valid.
_SIGNER_SALT = "rotative.comments.form-rendered"


def honeypot_field(label=None) -> forms.CharField:
    """Left empty by people (the template hides it); bots fill every field they find."""
    return forms.CharField(
        required=False,
        label=label or _("Ne pas remplir"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class HoneypotMixin(forms.Form):
    website = honeypot_field()

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class BotTrapMixin(forms.Form):
    """A field humans never see (bots fill it) and the time the form was shown (bots are fast)."""

    website = honeypot_field(label=_("Ne remplissez pas ce champ"))
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
