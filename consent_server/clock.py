"""The one place the server asks what time it is, so tests can move time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The real time, timezone-aware in UTC."""
    return dt.datetime.now(dt.UTC)


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day`` (someone born on 29 February has a birthday on 1 March)."""
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - int(before_birthday)


class MovableClock:
    """A clock that stands still until told to move; for tests and benchmarks."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self.current = start or utc_now()

    def __call__(self) -> dt.datetime:
        return self.current

    def advance(self, delta: dt.timedelta | None = None, **kwargs: float) -> dt.datetime:
        """Move forward by ``delta`` or by ``timedelta(**kwargs)``; returns the new time."""
        self.current += delta if delta is not None else dt.timedelta(**kwargs)
        return self.current
