"""Passphrase hashing with argon2id, run off the event loop with bounded concurrency."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import anyio
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()  # argon2-cffi defaults: argon2id, RFC 9106 low-memory profile


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified for unknown usernames, so they take about as long as a wrong passphrase."""
    return _hasher.hash("not a real passphrase: timing cover only")


class PassphraseHasher:
    """Hash and verify passphrases in worker threads; at most ``concurrency`` at a time.

    Argon2 is deliberately slow and memory hungry; bounding it keeps a flood of logins
    from starving every other request of threads and memory.
    """

    def __init__(self, concurrency: int = 2) -> None:
        self._limiter = anyio.CapacityLimiter(concurrency)

    async def hash(self, passphrase: str) -> str:
        return await anyio.to_thread.run_sync(_hasher.hash, passphrase, limiter=self._limiter)

    async def verify(self, stored_hash: str | None, passphrase: str) -> bool:
        """True when ``passphrase`` matches; ``None`` (unknown user) costs the same and fails."""
        candidate = stored_hash if stored_hash is not None else _dummy_hash()
        ok = await anyio.to_thread.run_sync(_verify, candidate, passphrase, limiter=self._limiter)
        return ok and stored_hash is not None


def _verify(stored_hash: str, passphrase: str) -> bool:
    try:
        return _hasher.verify(stored_hash, passphrase)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def hash_now(passphrase: str) -> str:
    """Blocking hash, for the admin CLI and seeding (not for request handlers)."""
    return _hasher.hash(passphrase)


@lru_cache(maxsize=1)
def _common_passphrases() -> frozenset[str]:
    text = resources.files("consent_server.data").joinpath("common_passwords.txt").read_text()
    return frozenset(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def is_too_common(passphrase: str, username: str | None = None) -> bool:
    """Refuse well-known passphrases and the username itself, ignoring case."""
    folded = passphrase.strip().lower()
    if username is not None and folded == username.lower():
        return True
    return folded in _common_passphrases() or len(set(folded)) <= 2
