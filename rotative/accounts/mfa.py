"""Second-factor secrets kept encrypted in the database (ASVS 6.5.2).

allauth stores each authenticator app's TOTP secret and the seed of the recovery codes in the
`Authenticator.data` column, in clear unless its adapter encrypts them. A copy of the database
(a backup, a replica, a dump sent for debugging) must not be enough to produce an editor's
codes: they are encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) under
a key derived from SECRET_KEY. Keys in SECRET_KEY_FALLBACKS still decrypt, so a rotation
keeps the authenticators working; what was encrypted under an old key stays so until its owner
sets the app up again, so keep that key in the fallbacks as long as such authenticators exist.
"""

import base64

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "fernet:"  # what was stored before encryption came in has none, and is read as is


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"rotative.accounts.mfa"
    ).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _keys() -> MultiFernet:
    return MultiFernet(
        [_fernet(settings.SECRET_KEY), *(_fernet(key) for key in settings.SECRET_KEY_FALLBACKS)]
    )


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return PREFIX + _keys().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(PREFIX):
            return encrypted_text
        return _keys().decrypt(encrypted_text.removeprefix(PREFIX).encode()).decode()

    def get_totp_issuer(self) -> str:
        # What the reader's authenticator app lists the code under: the paper, not the software
        # (MFA_TOTP_ISSUER is only the setting's SITE_NAME).
        from allauth.core import context

        from rotative.core.utils import site_name

        return site_name(context.request)
