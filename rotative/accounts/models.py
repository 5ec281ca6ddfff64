"""A reader's public name and mail preferences, beside Django's user (whose email is the login)."""

import functools
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

DISPLAY_NAME_MIN_LENGTH = 3
DISPLAY_NAME_MAX_LENGTH = 40
DISPLAY_NAME_PUNCTUATION = " -_.'"
# Names a reader could use to pass for the newsroom, compared through display_name_key().
RESERVED_DISPLAY_NAMES = {
    "admin",
    "administrateur",
    "administratrice",
    "moderateur",
    "moderatrice",
    "moderation",
    "redaction",
    "webmestre",
}


def display_name_normalize(value: str) -> str:
    """One spelling per name: NFC, the typographic apostrophe as ', single inner spaces."""
    value = unicodedata.normalize("NFC", value).replace("\u2019", "'")
    return " ".join(value.split())


def _unaccented(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", display_name_normalize(value))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def display_name_plain_key(value: str) -> str:
    """Case and accents aside: "Élise B." is "elise b."."""
    return _unaccented(value).casefold()


def display_name_key(value: str) -> str:
    """What two readers' names must not share: their plain key, with look-alike letters
    folded too, so that « Mаrie L. » (Cyrillic а) or « ΑΝΝΑ » (Greek) is « Marie L. » or
    « Anna ». A skeleton in the sense of Unicode's UTS #39 (section 4), over the confusables
    data that confusable-homoglyphs ships, folded to what French readers type: each letter
    of another script becomes the ASCII letter it is listed as looking like. Twice, around
    casefold(), because capitals and small letters have different look-alikes (Greek Ν is
    N, its small ν is v). Among ASCII, I, i, l, 1 and | count as one letter, and 0 as O:
    « PauI » is « Paul » (and, a rare false alarm, « Emilie » is « Emllie »)."""
    folded = "".join(_lookalike(c) for c in _unaccented(value)).casefold()
    return "".join(_lookalike(c) for c in folded).casefold()


# ASCII look-alikes of one another in sans-serif type (UTS #39 lists them too).
_ASCII_LOOKALIKES = {"I": "l", "i": "l", "1": "l", "|": "l", "0": "O"}
# Direction marks that the data puts around right-to-left characters.
_MARKS = "\u200e\u200f"


@functools.cache
def _lookalike(char: str) -> str:
    if char.isascii():
        return _ASCII_LOOKALIKES.get(char, char)
    from confusable_homoglyphs.confusables import confusables_data

    ascii_twins = sorted(
        twin
        for twin in (entry["c"].strip(_MARKS) for entry in confusables_data.get(char, ()))
        if len(twin) == 1 and twin.isascii() and twin.isalnum()
    )
    return _ASCII_LOOKALIKES.get(ascii_twins[0], ascii_twins[0]) if ascii_twins else char


def display_name_mixes_scripts(value: str) -> bool:
    """Letters of two scripts in one name (Latin and Cyrillic, say): how a look-alike letter
    slips into a familiar name; digits, spaces and punctuation belong to no script."""
    from confusable_homoglyphs.confusables import is_mixed_script

    return is_mixed_script(value)


def validate_display_name(value: str) -> None:
    value = display_name_normalize(value)
    if len(value) < DISPLAY_NAME_MIN_LENGTH:
        raise ValidationError(
            _("Le nom affiché doit compter au moins %(min)d caractères."),
            code="too_short",
            params={"min": DISPLAY_NAME_MIN_LENGTH},
        )
    if len(value) > DISPLAY_NAME_MAX_LENGTH:
        raise ValidationError(
            _("Le nom affiché doit compter au plus %(max)d caractères."),
            code="too_long",
            params={"max": DISPLAY_NAME_MAX_LENGTH},
        )
    forbidden = sorted(
        {c for c in value if not (c.isalpha() or c.isdecimal() or c in DISPLAY_NAME_PUNCTUATION)}
    )
    if forbidden:
        raise ValidationError(
            _(
                "Caractères non autorisés : %(characters)s. Utilisez des lettres, des chiffres, "
                "des espaces et les signes - _ . '"
            ),
            code="forbidden_characters",
            params={"characters": " ".join(forbidden)},
        )
    if not any(c.isalpha() for c in value):
        raise ValidationError(
            _("Le nom affiché doit contenir au moins une lettre."), code="no_letter"
        )
    if display_name_mixes_scripts(value):
        raise ValidationError(
            _(
                "Le nom affiché mélange plusieurs alphabets (par exemple latin et cyrillique) : "
                "écrivez-le dans un seul."
            ),
            code="mixed_scripts",
        )
    if display_name_key(value) in {display_name_key(name) for name in RESERVED_DISPLAY_NAMES}:
        raise ValidationError(_("Ce nom est réservé à l'équipe du site."), code="reserved")


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    display_name = models.CharField(
        _("nom affiché"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        validators=[validate_display_name],
        help_text=_(
            "Visible de tous à côté de vos commentaires. De 3 à 40 caractères : lettres, "
            "chiffres, espaces et - _ . '"
        ),
    )
    # Unique in the database whatever its collation: SQLite's lower() only knows ASCII.
    display_name_key = models.CharField(max_length=4 * DISPLAY_NAME_MAX_LENGTH, unique=True)
    notify_replies = models.BooleanField(
        _("M'avertir par e-mail quand on répond à mon commentaire"), default=True
    )
    notify_moderation = models.BooleanField(
        _("M'avertir par e-mail quand un de mes commentaires est refusé"), default=True
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("profil de lecteur")
        verbose_name_plural = _("profils de lecteurs")

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.display_name = display_name_normalize(self.display_name)
        key = display_name_key(self.display_name)
        if not self.display_name_key.startswith(f"{key}#"):  # kept from migration 0003
            self.display_name_key = key
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "display_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "display_name_key"}
        super().save(*args, **kwargs)


def validate_siret(value: str) -> None:
    """14 digits whose Luhn sum is a multiple of 10 (La Poste's own establishments, SIREN
    356 000 000, use the sum of the digits instead: a multiple of 5)."""
    if len(value) != 14 or not value.isdigit():
        raise ValidationError(
            _("Le numéro SIRET compte 14 chiffres (SIREN puis NIC)."), code="siret_format"
        )
    if value.startswith("356000000"):
        valid = sum(int(d) for d in value) % 5 == 0
    else:
        total = 0
        for position, digit in enumerate(int(d) for d in value):
            if position % 2 == 0:  # from the left on 14 digits: every other digit doubled
                digit *= 2
                digit = digit - 9 if digit > 9 else digit
            total += digit
        valid = total % 10 == 0
    if not valid:
        raise ValidationError(
            _("Ce numéro SIRET n'existe pas : vérifiez-le sur votre extrait Kbis ou avis INSEE."),
            code="siret_checksum",
        )


class Professional(models.Model):
    """An account that advertises as a business: its ads say so, as French consumer law asks
    of professionals; the newsroom checks the SIRET before the mark is shown."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En cours de vérification")
        VERIFIED = "verified", _("Vérifié")
        REFUSED = "refused", _("Refusé")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="professional",
    )
    company_name = models.CharField(_("raison sociale ou nom commercial"), max_length=120)
    siret = models.CharField(
        _("numéro SIRET"), max_length=14, unique=True, validators=[validate_siret]
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    refusal_reason = models.CharField(_("motif du refus"), max_length=300, blank=True)
    requested_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("vérifié le"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vérifié par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("compte professionnel")
        verbose_name_plural = _("comptes professionnels")
        indexes = [models.Index(fields=["status", "requested_at"], name="professional_queue")]

    def __str__(self):
        return f"{self.company_name} ({self.siret})"

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED
