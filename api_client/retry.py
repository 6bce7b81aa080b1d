"""When to try a request again, and how long to wait first.

The rules, in order:

1. A status that says the request itself is wrong is never retried: 400, 401, 403, 404,
   409, 412, 422, 428. Repeating it cannot help and may lock an account or hide a conflict.
   (401 is handled separately: the client refreshes the session once, see ``_core``.)
2. ``x-should-retry: false`` from the server means no retry; ``x-should-retry: true`` means
   the server vouches that repeating is harmless, so any request may be retried.
3. Requests that are safe to repeat (GET, DELETE, and writes carrying an ``Idempotency-Key``)
   are retried after a connection failure, a timeout, and 408, 429, 500, 502, 503, 504.
4. Other requests (login, registration, token refresh, creating things) are retried only
   when the connection failed before anything was sent (connect error or connect/pool
   timeout): after that the server may have acted, and a token refresh repeated after it
   succeeded would even revoke the whole session family.

The wait before retry ``n`` (0-based) is "full jitter": a uniform random time between 0 and
``min(max_delay, initial_delay * 2**n)``. A ``Retry-After`` header (seconds or an HTTP date)
replaces that when present; if it asks for longer than ``retry_after_cap`` the client does
not wait at all but raises, so the app can tell the person when to try again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import math
import random
from collections.abc import Callable, Mapping

import httpx

NEVER_RETRY_STATUSES = frozenset({400, 401, 403, 404, 409, 412, 422, 428})
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

# Failures that happen before a single byte of the request leaves this machine.
_NOTHING_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Failures after which a repeatable request may be tried again.
_TRANSIENT = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


def jittered_backoff(
    retry_number: int,
    *,
    initial: float,
    maximum: float,
    fraction: float,
    least_share: float = 0.0,
) -> float:
    """The one exponential backoff of this project (the client's retries and the app's sync).

    The ceiling doubles from ``initial`` with every ``retry_number`` (0 for the first retry)
    up to ``maximum``; the wait is a random part of it (``fraction`` in [0, 1)), never less
    than ``least_share`` of it. 0 is "full jitter" (requests: spread out as widely as
    possible), 0.5 "equal jitter" (the sync: nobody tries again right away).
    """
    ceiling = min(maximum, initial * 2.0**retry_number)
    return ceiling * (least_share + (1 - least_share) * fraction)


def is_transient_status(status: int) -> bool:
    """An error status that says "not now" rather than "not this": 408, 429 and 5xx."""
    return status in RETRY_STATUSES or status >= 500


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """How many times to retry and how long to wait; ``random`` is injectable for tests."""

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    retry_after_cap: float = 60.0
    random: Callable[[], float] = dataclasses.field(default=random.random, repr=False)

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be 0 or more")

    def backoff(self, retry_number: int) -> float:
        """Full-jitter exponential backoff before retry ``retry_number`` (0 for the first)."""
        return jittered_backoff(
            retry_number,
            initial=self.initial_delay,
            maximum=self.max_delay,
            fraction=self.random(),
        )

    def delay_after_failure(
        self, error: httpx.TransportError, *, repeatable: bool, retry_number: int
    ) -> float | None:
        """Seconds to wait before retrying after ``error``, or None to give up."""
        if retry_number >= self.max_retries:
            return None
        if isinstance(error, _NOTHING_SENT) or (repeatable and isinstance(error, _TRANSIENT)):
            return self.backoff(retry_number)
        return None

    def delay_after_response(
        self,
        status: int,
        headers: Mapping[str, str],
        *,
        repeatable: bool,
        retry_number: int,
        now: dt.datetime | None = None,
    ) -> float | None:
        """Seconds to wait before retrying after an error status, or None to give up."""
        if retry_number >= self.max_retries or status in NEVER_RETRY_STATUSES:
            return None
        should_retry = headers.get("x-should-retry", "").strip().lower()
        if should_retry == "false":
            return None
        if should_retry != "true" and not (repeatable and status in RETRY_STATUSES):
            return None
        retry_after = parse_retry_after(headers.get("retry-after"), now=now)
        if retry_after is None:
            return self.backoff(retry_number)
        if retry_after > self.retry_after_cap:
            return None
        return retry_after


def parse_retry_after(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """Seconds from a ``Retry-After`` value (delta-seconds or an HTTP date); None if unusable.

    A date in the past means "now" (0). Negative, non-finite or malformed values are ignored.
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())
