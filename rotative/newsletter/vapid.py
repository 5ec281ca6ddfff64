"""VAPID key pairs (Web Push), in the form the settings read: URL-safe base64 without padding,
the public key the 65-byte uncompressed P-256 point, the private key its 32-byte secret.

Imported by the settings (the embedded mode's pair in var/). Production's pair is made once
with `python -m rotative.newsletter.vapid`, which prints the two lines for .env: no Django
here, so that it runs before the settings it completes can load.
"""

import base64

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def vapid_private_key_new() -> str:
    number = ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value
    return _b64(number.to_bytes(32, "big"))


def vapid_public_key(private: str) -> str:
    raw = base64.urlsafe_b64decode(private + "=" * (-len(private) % 4))
    key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    return _b64(key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))


def main() -> None:
    # Made once per site and kept: browsers subscribe with the public key, so a new pair
    # loses every subscription.
    private = vapid_private_key_new()
    print(f"VAPID_PUBLIC_KEY={vapid_public_key(private)}")
    print(f"VAPID_PRIVATE_KEY={private}")


if __name__ == "__main__":
    main()
