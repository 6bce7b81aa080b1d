"""Contact details at rest: AES-256-GCM, bound to the row they belong to."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

from consent_common.envelope import Envelope, EnvelopeError, UnknownFormatError
from consent_server.settings import ServerSettings

_FORMAT = b"\x01"  # first byte of every ciphertext, so the scheme can change later


class DataKeyError(RuntimeError):
    """No usable key for contact details."""


class ContactCipher:
    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise DataKeyError("the data key must be 32 bytes (url-safe base64)")
        self._envelope = Envelope(key, _FORMAT)

    def encrypt(self, payload: dict[str, Any], context: str) -> bytes:
        """Encrypt ``payload``; ``context`` (e.g. the row id) must match on decryption."""
        plain = json.dumps(payload, separators=(",", ":")).encode()
        return self._envelope.seal(plain, context.encode())

    def decrypt(self, blob: bytes, context: str) -> dict[str, Any]:
        try:
            plain = self._envelope.open(blob, context.encode())
        except UnknownFormatError as error:
            raise DataKeyError("unknown contact-details format") from error
        except EnvelopeError as error:
            raise DataKeyError("contact details do not decrypt with this data key") from error
        result: dict[str, Any] = json.loads(plain)
        return result


def generate_data_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _decode_key(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text.strip().encode())
    except (binascii.Error, ValueError) as error:
        raise DataKeyError("the data key is not url-safe base64") from error


def _key_file_key(key_file: Path) -> bytes:
    """Read the key file beside the database, creating it (mode 0600) on first use."""
    key_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _decode_key(key_file.read_text())
    with os.fdopen(fd, "w") as handle:
        handle.write(generate_data_key())
    return _decode_key(key_file.read_text())


def load_data_key(settings: ServerSettings) -> bytes:
    """The configured data key, else the key file beside a SQLite database."""
    if settings.data_key is not None:
        return _decode_key(settings.data_key.get_secret_value())
    database_file = settings.sqlite_path()
    if database_file is None:
        raise DataKeyError("set CONSENT_DATA_KEY: a key file is only made for a SQLite file")
    return _key_file_key(database_file.with_suffix(".key"))


def load_cipher(settings: ServerSettings) -> ContactCipher:
    return ContactCipher(load_data_key(settings))


def derive_key(data_key: bytes, purpose: str) -> bytes:
    """A key of its own for ``purpose``, the same in every process that has the data key.

    Every server on one database must share the data key anyway, so keys derived from it
    need no configuration of their own; knowing a derived key reveals nothing of the data key.
    """
    return hmac.new(
        data_key, b"consent derived key v1\0" + purpose.encode(), hashlib.sha256
    ).digest()
