"""OWASP's "device cookie": proof that this client logged in to this account before.

After a successful login the server hands out a token bound to the username with an HMAC
under a server key. A login that presents a valid one for its username is exempt from the
per-address and per-account lock-out (a shared address or a distributed attack cannot lock
the real person out) and is limited per token instead, so a stolen token cannot be used to
guess. The token is opaque to clients, holds no personal data, and grants no access.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import secrets

from consent_server.clock import Clock

_LABEL = b"consent device token v1\0"
_NONCE = 16
_STAMP = 8
_MAC = 32


class DeviceTokens:
    def __init__(self, key: bytes, lifetime: dt.timedelta, clock: Clock) -> None:
        self._key = key
        self.lifetime = lifetime
        self._clock = clock

    def issue(self, username_key: str) -> str:
        stamp = int(self._clock().timestamp()).to_bytes(_STAMP, "big")
        body = secrets.token_bytes(_NONCE) + stamp
        raw = body + self._mac(username_key, body)
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def verify(self, token: str | None, username_key: str) -> str | None:
        """The token's id (for its own rate limit) when it is valid for this username.

        Anything else (absent, malformed, another username's, forged, expired) is None:
        such a login is treated like one without a token.
        """
        if not token:
            return None
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (binascii.Error, ValueError):
            return None
        if len(raw) != _NONCE + _STAMP + _MAC:
            return None
        body, mac = raw[: _NONCE + _STAMP], raw[_NONCE + _STAMP :]
        if not hmac.compare_digest(mac, self._mac(username_key, body)):
            return None
        issued = dt.datetime.fromtimestamp(int.from_bytes(body[_NONCE:], "big"), dt.UTC)
        if issued + self.lifetime <= self._clock():
            return None
        return body[:_NONCE].hex()

    def _mac(self, username_key: str, body: bytes) -> bytes:
        message = _LABEL + username_key.encode() + b"\0" + body
        return hmac.new(self._key, message, hashlib.sha256).digest()


def device_key(configured: str | None, derived: bytes) -> bytes:
    """The configured key (any text, at least 32 characters), else ``derived``.

    ``derived`` comes from the data key, so every server process on one database accepts
    the tokens the others issued, also after a restart.
    """
    if configured:
        return hashlib.sha256(configured.encode()).digest()
    return derived
