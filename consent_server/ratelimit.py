"""In-memory sliding-window rate limits (enough for the single-process reference backend)."""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections import deque

from consent_server.clock import Clock

_MAX_KEYS = 100_000


class SlidingWindowLimiter:
    """At most ``limit`` events per key within ``window``; old events fall out by themselves.

    Because every event expires, nobody can be locked out for longer than one window.
    """

    def __init__(self, limit: int, window: dt.timedelta, clock: Clock) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._events: dict[str, deque[dt.datetime]] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: str) -> int | None:
        """Seconds until ``key`` may act again, or None when it may act now."""
        if self.limit <= 0:
            return None
        now = self._clock()
        with self._lock:
            events = self._prune(key, now)
            if len(events) < self.limit:
                return None
            wait = (events[0] + self.window - now).total_seconds()
            return max(1, math.ceil(wait))

    def record(self, key: str) -> None:
        if self.limit <= 0:
            return
        now = self._clock()
        with self._lock:
            if len(self._events) >= _MAX_KEYS:
                self._sweep(now)
            self._prune(key, now).append(now)

    def reset(self, key: str) -> None:
        with self._lock:
            self._events.pop(key, None)

    def _prune(self, key: str, now: dt.datetime) -> deque[dt.datetime]:
        events = self._events.setdefault(key, deque())
        while events and events[0] + self.window <= now:
            events.popleft()
        return events

    def _sweep(self, now: dt.datetime) -> None:
        for key in list(self._events):
            if not self._prune(key, now):
                del self._events[key]


class KnownClients:
    """(username, client) pairs that logged in successfully, remembered for ``memory``.

    Bounded: when full, expired pairs go first, then the ones not seen for longest.
    """

    def __init__(self, memory: dt.timedelta, clock: Clock) -> None:
        self.memory = memory
        self._clock = clock
        self._seen: dict[str, dt.datetime] = {}
        self._lock = threading.Lock()

    def remember(self, key: str) -> None:
        now = self._clock()
        with self._lock:
            self._seen.pop(key, None)  # re-insert: the dict stays ordered by last success
            if len(self._seen) >= _MAX_KEYS:
                for old in [k for k, at in self._seen.items() if at + self.memory <= now]:
                    del self._seen[old]
                while len(self._seen) >= _MAX_KEYS:
                    del self._seen[next(iter(self._seen))]
            self._seen[key] = now

    def knows(self, key: str) -> bool:
        with self._lock:
            seen = self._seen.get(key)
        return seen is not None and seen + self.memory > self._clock()


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
        window: dt.timedelta,
        failures_per_user_and_client: int,
        failures_per_user: int,
        attempts_per_client: int,
        registrations_per_client: int,
        clock: Clock,
        known_client_memory: dt.timedelta = dt.timedelta(days=30),
    ) -> None:
        self.known_clients = KnownClients(known_client_memory, clock)
        self.login_failures_user_client = SlidingWindowLimiter(
            failures_per_user_and_client, window, clock
        )
        self.login_failures_user = SlidingWindowLimiter(failures_per_user, window, clock)
        self.login_attempts_client = SlidingWindowLimiter(attempts_per_client, window, clock)
        self.registrations_client = SlidingWindowLimiter(registrations_per_client, window, clock)
        # A login with a valid device token is limited by that token alone, as tightly as
        # a (username, client) pair: a stolen token allows no more guesses than an address.
        self.login_failures_device = SlidingWindowLimiter(
            failures_per_user_and_client, window, clock
        )

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
