"""Rate limits on logins and registrations, shared by every server process.

The counters live in a ``limits`` storage (:mod:`consent_server.ratelimit_store`): the
database by default, Redis or Valkey when configured. Each limit is a fixed window that
starts at its first counted event, so nobody can be locked out for longer than one window.
Whom a limit counts (a username, an address, a device token) reaches the store only as an
HMAC under a key derived from the data key, which every server of one database shares.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math

from limits import RateLimitItemPerSecond
from limits.storage import Storage
from limits.strategies import FixedWindowRateLimiter

from consent_server.ratelimit_store import Seconds


class _Keys:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, *parts: str) -> str:
        message = "\0".join(parts).encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()


class WindowLimit:
    """At most ``limit`` events per key within ``window``; ``limit <= 0`` turns it off."""

    def __init__(
        self,
        name: str,
        limit: int,
        window: dt.timedelta,
        limiter: FixedWindowRateLimiter,
        keys: _Keys,
        now: Seconds,
    ) -> None:
        self.limit = limit
        self.window = window
        self._item = RateLimitItemPerSecond(
            max(limit, 1), max(1, int(window.total_seconds())), namespace=name
        )
        self._limiter = limiter
        self._keys = keys
        self._now = now

    def retry_after(self, key: str) -> int | None:
        """Seconds until ``key`` may act again, or None when it may act now."""
        if self.limit <= 0:
            return None
        hashed = self._keys(key)
        if self._limiter.test(self._item, hashed):
            return None
        reset, _remaining = self._limiter.get_window_stats(self._item, hashed)
        return max(1, math.ceil(reset - self._now()))

    def record(self, key: str) -> None:
        if self.limit > 0:
            self._limiter.hit(self._item, self._keys(key))

    def reset(self, key: str) -> None:
        self._limiter.clear(self._item, self._keys(key))


class KnownClients:
    """(username, client) pairs that logged in successfully, remembered for ``memory``
    after the last success."""

    def __init__(self, memory: dt.timedelta, limiter: FixedWindowRateLimiter, keys: _Keys) -> None:
        self.memory = memory
        self._item = RateLimitItemPerSecond(
            1, max(1, int(memory.total_seconds())), namespace="known-client"
        )
        self._limiter = limiter
        self._keys = keys

    def remember(self, key: str) -> None:
        hashed = self._keys(key)
        self._limiter.clear(self._item, hashed)  # a new window from this success on
        self._limiter.hit(self._item, hashed)

    def knows(self, key: str) -> bool:
        return not self._limiter.test(self._item, self._keys(key))


class RateLimits:
    """The limits the server applies to logins and registrations.

    The generous per-username limit stops guessing spread over many addresses; on its own
    it would let such an attack lock the real person out. So it does not apply to a client
    the person logged in from before (within ``known_client_memory``): that client keeps
    only its own tight (username, client) limit.
    """

    def __init__(
        self,
        *,
        storage: Storage,
        now: Seconds,
        key: bytes,
        window: dt.timedelta,
        failures_per_user_and_client: int,
        failures_per_user: int,
        attempts_per_client: int,
        registrations_per_client: int,
        known_client_memory: dt.timedelta = dt.timedelta(days=30),
    ) -> None:
        limiter = FixedWindowRateLimiter(storage)
        keys = _Keys(key)

        def limit(name: str, count: int) -> WindowLimit:
            return WindowLimit(name, count, window, limiter, keys, now)

        self.known_clients = KnownClients(known_client_memory, limiter, keys)
        self.login_failures_user_client = limit(
            "failures-user-client", failures_per_user_and_client
        )
        self.login_failures_user = limit("failures-user", failures_per_user)
        self.login_attempts_client = limit("attempts-client", attempts_per_client)
        self.registrations_client = limit("registrations-client", registrations_per_client)
        # A login with a valid device token is limited by that token alone, as tightly as
        # a (username, client) pair: a stolen token allows no more guesses than an address.
        self.login_failures_device = limit("failures-device", failures_per_user_and_client)

    def login_retry_after(self, username_key: str, client: str) -> int | None:
        pair = f"{username_key}\0{client}"
        waits = [
            self.login_failures_user_client.retry_after(pair),
            self.login_attempts_client.retry_after(client),
        ]
        if not self.known_clients.knows(pair):
            waits.append(self.login_failures_user.retry_after(username_key))
        present = [w for w in waits if w is not None]
        return max(present) if present else None

    def record_login_attempt(self, client: str) -> None:
        self.login_attempts_client.record(client)

    def record_login_failure(self, username_key: str, client: str) -> None:
        self.login_failures_user_client.record(f"{username_key}\0{client}")
        self.login_failures_user.record(username_key)

    def record_login_success(self, username_key: str, client: str) -> None:
        pair = f"{username_key}\0{client}"
        self.login_failures_user_client.reset(pair)
        self.known_clients.remember(pair)

    def device_login_retry_after(self, device: str) -> int | None:
        return self.login_failures_device.retry_after(device)

    def record_device_login_failure(self, device: str) -> None:
        self.login_failures_device.record(device)

    def record_device_login_success(self, device: str) -> None:
        self.login_failures_device.reset(device)
