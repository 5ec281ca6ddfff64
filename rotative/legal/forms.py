from django import forms
from django.utils.translation import gettext_lazy as _

from rotative.core.bot_trap import HoneypotMixin


class ContactForm(HoneypotMixin):
    """With `website`, the hidden field bots fill (HoneypotMixin): the view reads is_bot."""

    name = forms.CharField(
        label=_("Votre nom"),
        max_length=100,
        error_messages={
            "required": _("Indiquez votre nom."),
            "max_length": _("Votre nom ne peut dépasser %(limit_value)d caractères."),
        },
    )
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        max_length=254,
        help_text=_("La rédaction vous répondra à cette adresse."),
        error_messages={
            "required": _("Indiquez votre adresse e-mail."),
            "invalid": _("Cette adresse e-mail n'est pas valide."),
        },
    )
    subject = forms.CharField(
        label=_("Objet"),
        max_length=150,
        error_messages={
            "required": _("Indiquez l'objet de votre message."),
            "max_length": _("L'objet ne peut dépasser %(limit_value)d caractères."),
        },
    )
    message = forms.CharField(
        label=_("Votre message"),
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Écrivez votre message."),
            "min_length": _("Votre message est trop court (%(limit_value)d caractères au moins)."),
            "max_length": _("Votre message ne peut dépasser %(limit_value)d caractères."),
        },
    )
