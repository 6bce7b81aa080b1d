"""Remembering a login on this computer, only when the person asked for it.

Tokens go to the operating system's keyring under a neutral service name, never to a file.
When no keyring works (none installed, locked, refused), the session stays in memory only
and the app tells the person they will need to log in again next time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from consent_app.display_settings import NEUTRAL_APP_NAME
from consent_app.keyring_policy import default_backend, store_verified, usable

if TYPE_CHECKING:
    from api_client.tokens import TokenPair

SERVICE = NEUTRAL_APP_NAME
ENTRY = "session"

__all__ = ["ENTRY", "SERVICE", "RememberedSession", "SessionStore", "default_backend"]


@dataclass(frozen=True)
class RememberedSession:
    username: str
    tokens: TokenPair

    def __repr__(self) -> str:
        return "RememberedSession(...)"


class SessionStore:
    """Keyring-backed storage of one remembered session.

    ``backend`` is a keyring backend; by default the one ``keyring`` picks for this system.
    Every method swallows keyring failures and reports them as "not available", because a
    broken keyring must never stop someone from using the app.
    """

    def __init__(self, backend: Any | None = None) -> None:
        self._backend = backend

    def _keyring(self) -> Any | None:
        if self._backend is None:
            self._backend = default_backend()
        return self._backend if usable(self._backend) else None

    def save(self, username: str, tokens: TokenPair) -> bool:
        """Keep the session; False when no safe keyring could take it."""
        from keyring.errors import KeyringError

        backend = self._keyring()
        if backend is None:
            return False
        document = {
            "username": username,
            "access_token": tokens.access_token,
            "refresh_token": tokens.refresh_token,
            "expires_at": tokens.expires_at.isoformat(),
            "refresh_expires_at": tokens.refresh_expires_at.isoformat(),
        }
        stored = json.dumps(document)
        try:
            return store_verified(backend, SERVICE, ENTRY, stored)
        except (KeyringError, RuntimeError, OSError):
            return False

    def load(self) -> RememberedSession | None:
        from keyring.errors import KeyringError

        backend = self._keyring()
        if backend is None:
            return None
        try:
            stored = backend.get_password(SERVICE, ENTRY)
        except (KeyringError, RuntimeError, OSError):
            return None
        if not stored:
            return None
        try:
            document = json.loads(stored)
            from api_client.tokens import TokenPair

            tokens = TokenPair(
                access_token=document["access_token"],
                refresh_token=document["refresh_token"],
                expires_at=dt.datetime.fromisoformat(document["expires_at"]),
                refresh_expires_at=dt.datetime.fromisoformat(document["refresh_expires_at"]),
            )
            session = RememberedSession(str(document["username"]), tokens)
        except (ValueError, KeyError, TypeError):
            self.clear()
            return None
        if tokens.refresh_expired():
            self.clear()
            return None
        return session

    def clear(self) -> None:
        from keyring.errors import KeyringError

        backend = self._keyring()
        if backend is None:
            return
        with contextlib.suppress(KeyringError, RuntimeError, OSError):
            backend.delete_password(SERVICE, ENTRY)
