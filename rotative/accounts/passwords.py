"""Passwords made of words an attacker tries first against this site (ASVS 6.1.2, 6.2.11).

The documented list of context words, refused inside any password, case, accents, separators
and common digit-for-letter swaps aside (« Ph@re-Normand2024 » contains « pharenormand »):

- the publication's name (the Wagtail site's, else SITE_NAME), whole and word by word;
- the software's and the trade's words: PASSWORD_CONTEXT_WORDS (settings/base.py);
- the account's own email address (its local part, whole and split at . _ - +) and its
  display name, whole and word by word.

Words shorter than four letters are not checked on their own: « Le » or « Jo » would refuse
half the passwords people make up.
"""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_WORD_LENGTH = 4
# Digits and signs people put in for letters; checked on a second spelling of the password.
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)


def _letters(value: str) -> str:
    """Lower case, no accents, letters and digits only: « Phare-Normand » is « pharenormand »."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "".join(c for c in plain if c.isalnum())


def _words(value: str) -> set[str]:
    """The value whole, and each of its words, as compared."""
    parts = [value, *re.split(r"[\s.\-_+'’]+", value or "")]
    return {word for word in map(_letters, parts) if len(word) >= MIN_WORD_LENGTH}


def context_words(*, user=None, extra: tuple[str, ...] = ()) -> set[str]:
    from rotative.core.utils import site_name

    words = _words(site_name())
    for word in settings.PASSWORD_CONTEXT_WORDS:
        words |= _words(word)
    if user is not None:
        words |= _words((getattr(user, "email", "") or "").partition("@")[0])
        profile = getattr(user, "profile", None) if getattr(user, "pk", None) else None
        if profile is not None:
            words |= _words(profile.display_name)
    for value in extra:
        words |= _words(value)
    return words


def password_context_check(password: str, *, user=None, extra: tuple[str, ...] = ()) -> None:
    """Raise ValidationError if the password contains one of the context words."""
    plain = _letters(password)
    spellings = {plain, _letters(password.lower().translate(_LEET))}
    if any(
        word in spelling for word in context_words(user=user, extra=extra) for spelling in spellings
    ):
        raise ValidationError(
            _(
                "Votre mot de passe ne doit contenir ni le nom du journal, ni votre adresse "
                "e-mail, ni votre nom affiché, ni un mot aussi facile à deviner."
            ),
            code="password_context_word",
        )


class ContextWordsValidator:
    """AUTH_PASSWORD_VALIDATORS entry: sign-up, change and reset alike."""

    def validate(self, password: str, user=None) -> None:
        password_context_check(password, user=user)

    def get_help_text(self) -> str:
        return _(
            "Votre mot de passe ne doit contenir ni le nom du journal, ni votre adresse e-mail, "
            "ni votre nom affiché."
        )
