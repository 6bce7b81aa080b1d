"""Seven ways an outbox file becomes unusable, for the CLI and app tests (issue 10, item 2)."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from keyring.backend import KeyringBackend

from consent_app.outbox import KEY_ENTRY
from consent_app.settings import NEUTRAL_APP_NAME


def _key(keyring: KeyringBackend) -> bytes:
    stored = keyring.get_password(NEUTRAL_APP_NAME, KEY_ENTRY)
    assert stored is not None
    return base64.urlsafe_b64decode(stored)


def write_encrypted(path: Path, keyring: KeyringBackend, data: object, magic: bytes) -> None:
    """A file encrypted with the real key, holding ``data`` (as the outbox would write it)."""
    nonce = os.urandom(12)
    plain = json.dumps(data).encode()
    path.write_bytes(magic + nonce + AESGCM(_key(keyring)).encrypt(nonce, plain, magic))


def truncated(path: Path, keyring: KeyringBackend) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def bit_flipped(path: Path, keyring: KeyringBackend) -> None:
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0x04
    path.write_bytes(bytes(blob))


def zero_length(path: Path, keyring: KeyringBackend) -> None:
    path.write_bytes(b"")


def random_bytes(path: Path, keyring: KeyringBackend) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def key_gone(path: Path, keyring: KeyringBackend) -> None:
    keyring.delete_password(NEUTRAL_APP_NAME, KEY_ENTRY)


def unexpected_shape(path: Path, keyring: KeyringBackend) -> None:
    data = {"format": 1, "entries": [{"id": "x", "subject": 7}], "notices": {}}
    write_encrypted(path, keyring, data, b"NCS1")


def future_format(path: Path, keyring: KeyringBackend) -> None:
    write_encrypted(path, keyring, {"format": 2, "queue": []}, b"NCS1")


def future_magic(path: Path, keyring: KeyringBackend) -> None:
    write_encrypted(path, keyring, {"format": 2, "queue": []}, b"NCS2")


Damage = Callable[[Path, KeyringBackend], None]

UNREADABLE: dict[str, Damage] = {
    "truncated": truncated,
    "bit-flipped": bit_flipped,
    "zero-length": zero_length,
    "random-bytes": random_bytes,
    "key-gone": key_gone,
    "unexpected-shape": unexpected_shape,
}
NEWER: dict[str, Damage] = {"future-format": future_format, "future-magic": future_magic}
