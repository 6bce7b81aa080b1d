"""Remembering a login on this computer, only when the person asked for it.

Tokens go to the operating system's keyring under a neutral service name, never to a file.
When no keyring works (none installed, locked, refused), the session stays in memory only
and the app tells the person they will need to log in again next time.

The device token from the server (it lets this computer log in while its address or the
account is being attacked) is kept the same way, in its own entry so that it outlives an
expired session: not a secret that grants access, but it shows this computer was used.

``json`` is imported when an entry is first written or read (:func:`_encode`, :func:`_decode`):
the app makes a store before its first frame and uses it only after
(``tests/app/test_display_settings.py`` checks ``json`` is not loaded by then).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from consent_app.display_settings import NEUTRAL_APP_NAME
from consent_app.keyring_policy import default_backend, store_verified, usable

if TYPE_CHECKING:
    from api_client.tokens import TokenPair
    from consent_app.outbox import Outbox

SERVICE = NEUTRAL_APP_NAME
ENTRY = "session"
DEVICE_ENTRY = "device"

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
        stored = _encode(document)
        try:
            return store_verified(backend, SERVICE, ENTRY, stored)
        except (KeyringError, RuntimeError, OSError):
            return False

    def save_device_token(self, username: str, token: str) -> bool:
        """Keep the device token of the remembered person; False without a safe keyring."""
        from keyring.errors import KeyringError

        backend = self._keyring()
        if backend is None:
            return False
        stored = _encode({"username": username, "token": token})
        try:
            backend.set_password(SERVICE, DEVICE_ENTRY, stored)
            return bool(backend.get_password(SERVICE, DEVICE_ENTRY) == stored)
        except (KeyringError, RuntimeError, OSError):
            return False

    def load_device_token(self) -> tuple[str, str] | None:
        """(username, device token) when one is kept, else None."""
        from keyring.errors import KeyringError

        backend = self._keyring()
        if backend is None:
            return None
        try:
            stored = backend.get_password(SERVICE, DEVICE_ENTRY)
            if not stored:
                return None
            document = _decode(stored)
            return str(document["username"]), str(document["token"])
        except (KeyringError, RuntimeError, OSError):
            return None
        except (ValueError, KeyError, TypeError):
            self._delete(DEVICE_ENTRY)
            return None

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
            document = _decode(stored)
            from api_client.tokens import TokenPair

            tokens = TokenPair(
                access_token=document["access_token"],
                refresh_token=document["refresh_token"],
                expires_at=dt.datetime.fromisoformat(document["expires_at"]),
                refresh_expires_at=dt.datetime.fromisoformat(document["refresh_expires_at"]),
            )
            session = RememberedSession(str(document["username"]), tokens)
        except (ValueError, KeyError, TypeError):
            self._delete(ENTRY)
            return None
        if tokens.refresh_expired():
            self._delete(ENTRY)  # the device token stays: the next login needs it
            return None
        return session

    def clear(self) -> None:
        """Forget the session and the device token (logging out, or not remembered)."""
        self._delete(ENTRY)
        self._delete(DEVICE_ENTRY)

    def _delete(self, entry: str) -> None:
        from keyring.errors import KeyringError

        backend = self._keyring()
        if backend is None:
            return
        with contextlib.suppress(KeyringError, RuntimeError, OSError):
            backend.delete_password(SERVICE, entry)


def _encode(document: dict[str, Any]) -> str:
    import json

    return json.dumps(document)


def _decode(stored: str) -> Any:
    """The stored document; ``ValueError`` (``json``'s error is one) when it is not JSON."""
    import json

    return json.loads(stored)


def open_default_outbox() -> Outbox:
    """The outbox in the data directory, keyed by the same keyring the session store uses."""
    from consent_app.outbox import Outbox

    return Outbox.open(keyring_backend=default_backend())
