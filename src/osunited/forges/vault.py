"""Forge secrets (tokens, webhook secrets) encrypted at rest with Fernet (AES-128-CBC with
HMAC-SHA256), under a key derived from `OSU_SECRETS_KEY`, or from Django's SECRET_KEY when that
is not set; `OSU_SECRETS_KEY_OLD` keeps older keys readable (settings.SECRETS_KEYS)."""

from __future__ import annotations

import base64
import logging

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
_PURPOSE = b"osunited forge tokens v1"


class UnreadableSecret(Exception):
    """The stored secret was encrypted with a key the platform no longer has."""


def encrypt_secret(plain: str) -> bytes:
    return _fernet().encrypt(plain.encode("utf-8"))


def decrypt_secret(stored: bytes | memoryview) -> str:
    try:
        return _fernet().decrypt(bytes(stored)).decode("utf-8")
    except InvalidToken:
        logger.warning(
            "A stored secret was saved under another key: set OSU_SECRETS_KEY_OLD to that key"
        )
        raise UnreadableSecret(
            _(
                "The stored token cannot be decrypted with the platform's keys: enter the token "
                "again, or ask the server's operator to restore the key it was saved with."
            )
        ) from None


def reencrypt_secret(stored: bytes | memoryview) -> bytes:
    """The same secret under the current key."""
    return _fernet().rotate(bytes(stored))


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(_derived(key)) for key in settings.SECRETS_KEYS])


def _derived(secret: str) -> bytes:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(
        secret.encode("utf-8")
    )
    return base64.urlsafe_b64encode(key)
