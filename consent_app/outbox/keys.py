"""The outbox key in the OS keyring, under the neutral service name.

None means: no keyring works here, and the outbox stays in memory only (never a plaintext
file)."""

from __future__ import annotations

import base64
import contextlib

import keyring
import keyring.backend
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from consent_app import keyring_policy
from consent_app.settings import NEUTRAL_APP_NAME

KEY_ENTRY = "store-key"  # the keyring "username" under the neutral service name

keyring_usable = keyring_policy.usable
"""Kept for callers of the outbox: the one rule is :func:`consent_app.keyring_policy.usable`."""


def load_key(
    backend: keyring.backend.KeyringBackend | None = None, *, create: bool = False
) -> bytes | None:
    """The outbox key from the keyring (made and stored when ``create``); None when no keyring
    works. A key that cannot be read back after storing counts as no keyring."""
    try:
        backend = backend or keyring_policy.default_backend()
        if not keyring_policy.usable(backend):
            return None
        stored = backend.get_password(NEUTRAL_APP_NAME, KEY_ENTRY)
        if stored is None and create:
            stored = base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode()
            if not keyring_policy.store_verified(backend, NEUTRAL_APP_NAME, KEY_ENTRY, stored):
                return None
        return base64.urlsafe_b64decode(stored) if stored else None
    except Exception:  # any keyring failure (locked, no D-Bus, ...) means: no keyring
        return None


def forget_key(backend: keyring.backend.KeyringBackend | None = None) -> None:
    """Remove the outbox key from the keyring (a key that is not there is fine)."""
    with contextlib.suppress(Exception):  # no keyring, or it is locked: nothing to remove
        (backend or keyring_policy.default_backend()).delete_password(NEUTRAL_APP_NAME, KEY_ENTRY)
