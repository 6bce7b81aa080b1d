"""AES-256-GCM envelopes: one implementation for the server's contact details at rest
(:mod:`consent_server.crypto`) and the app's outbox file (:mod:`consent_app.outbox.store`).

An envelope is ``header + nonce (12 random bytes) + ciphertext with its 16-byte tag``. The
header names the format (so it can change later) and is checked before anything else; the
associated data binds the ciphertext to where it belongs (a row id, the file's format), so
it cannot be moved elsewhere unnoticed. Imports neither the app nor the server.
"""

from __future__ import annotations

import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
KEY_BYTES = 32


class EnvelopeError(Exception):
    """The envelope cannot be opened: another format, cut short, changed, or another key."""


class UnknownFormatError(EnvelopeError):
    """The envelope does not start with this format's header."""


class Envelope:
    """Seals and opens envelopes of one format (``header``) with one 256-bit key."""

    def __init__(self, key: bytes, header: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError("an envelope key is 32 bytes")
        self._aead = AESGCM(key)
        self.header = header

    def seal(self, plain: bytes, associated: bytes) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return self.header + nonce + self._aead.encrypt(nonce, plain, associated)

    def open(self, blob: bytes, associated: bytes) -> bytes:
        if not blob.startswith(self.header):
            raise UnknownFormatError
        nonce = self.nonce_of(blob)
        if len(nonce) < NONCE_BYTES:
            raise EnvelopeError
        try:
            return self._aead.decrypt(nonce, blob[len(self.header) + NONCE_BYTES :], associated)
        except InvalidTag:
            raise EnvelopeError from None

    def nonce_of(self, blob: bytes) -> bytes:
        """The nonce of ``blob``: unique per envelope, so it identifies its content."""
        return blob[len(self.header) : len(self.header) + NONCE_BYTES]
