"""Opaque bearer tokens: 256 random bits, stored only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import secrets

from consent_common.activation_code import normalise


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Tokens are high-entropy, so a fast unsalted hash is enough to make a DB leak useless."""
    return hashlib.sha256(token.encode()).hexdigest()


def code_hash(code: str) -> str:
    """Hash of an activation or invitation code in its canonical form."""
    return hashlib.sha256(b"code:" + normalise(code).encode()).hexdigest()
