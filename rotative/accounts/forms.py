"""Forms of the account pages: validation at the edge, writes through services."""

from allauth.account.forms import ReauthenticateForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from rotative.accounts import selectors, services
from rotative.accounts.models import (
    DISPLAY_NAME_MAX_LENGTH,
    Professional,
    Profile,
    display_name_normalize,
    display_name_plain_key,
    validate_display_name,
    validate_siret,
)
from rotative.accounts.passwords import password_context_check


def _display_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Nom affiché"),
        # Checked by validate_display_name after normalising, so that its French message
        # shows instead of the browser's; maxlength stays a hint against pasted novels.
        widget=forms.TextInput(
            attrs={"autocomplete": "nickname", "maxlength": 4 * DISPLAY_NAME_MAX_LENGTH}
        ),
        help_text=Profile._meta.get_field("display_name").help_text,
    )


def _clean_display_name(value: str, *, user=None) -> str:
    value = display_name_normalize(value)
    validate_display_name(value)
    holder = selectors.display_name_holder(display_name=value, exclude_user=user)
    if holder is not None and display_name_plain_key(holder) == display_name_plain_key(value):
        raise ValidationError(
            _("Ce nom est déjà pris par un autre lecteur. Choisissez-en un autre."),
            code="taken",
        )
    if holder is not None:
        raise ValidationError(
            _(
                "Ce nom ressemble trop à celui d'un autre lecteur (des lettres qui se "
                "ressemblent). Choisissez-en un autre."
            ),
            code="lookalike",
        )
    return value


class SignupForm(AllauthSignupForm):
    """allauth's sign-up (email, password twice) plus the public name, asked from the start."""

    display_name = _display_name_field()
    field_order = ["email", "display_name", "password1", "password2"]

    def clean_display_name(self) -> str:
        return _clean_display_name(self.cleaned_data["display_name"])

    def clean(self) -> dict:
        cleaned = super().clean()
        # The password validators see a user without a profile yet: the name typed beside it
        # is checked here (the address, on the user, is checked by the validator itself).
        password, name = cleaned.get("password1"), cleaned.get("display_name")
        if password and name and "password1" not in self.errors:
            try:
                password_context_check(password, extra=(name,))
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def try_save(self, request):
        if self.account_already_exists:
            # allauth then only mails the owner; a new account costs a password hash. Hash
            # too, or the quicker answer would tell that the address is registered.
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)

    def save(self, request):
        # allauth saves the user, then its address: one transaction with the profile.
        with transaction.atomic():
            user = super().save(request)
            services.profile_create(user=user, display_name=self.cleaned_data["display_name"])
        return user


class ProfileForm(forms.Form):
    display_name = _display_name_field()
    notify_replies = forms.BooleanField(
        label=Profile._meta.get_field("notify_replies").verbose_name, required=False
    )
    notify_moderation = forms.BooleanField(
        label=Profile._meta.get_field("notify_moderation").verbose_name, required=False
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_display_name(self) -> str:
        return _clean_display_name(self.cleaned_data["display_name"], user=self.user)


class AccountDeleteForm(ReauthenticateForm):
    """The password (checked, and counted against brute force, as a login is) and a clear yes."""

    confirm = forms.BooleanField(
        label=_(
            "Je comprends que mon compte et les données qui s'y rattachent seront supprimés "
            "définitivement."
        ),
        error_messages={"required": _("Cochez cette case pour confirmer la suppression.")},
    )

    def clean(self):
        cleaned_data = super().clean()
        if not selectors.account_can_be_deleted(user=self.user):
            raise ValidationError(
                _("Les comptes de la rédaction se suppriment depuis l'administration.")
            )
        return cleaned_data


class ProfessionalForm(forms.Form):
    company_name = forms.CharField(
        label=Professional._meta.get_field("company_name").verbose_name, max_length=120
    )
    siret = forms.CharField(
        label=Professional._meta.get_field("siret").verbose_name,
        max_length=20,  # spaces allowed between the groups of digits
        help_text=_("14 chiffres, sur votre extrait Kbis ou votre avis de situation INSEE."),
    )

    def clean_siret(self) -> str:
        siret = "".join(self.cleaned_data["siret"].split())
        validate_siret(siret)
        return siret
