"""Safe-contact windows: the victim's safe days and hours, in Dutch time, enforced.

Days come from the preferences as weekdays (none chosen: every day). Hours are the free text
the victim typed ("9:00 to 12:00", "09:00-12:00, 19:00-21:00", "na 18:00"); the time ranges
in it are read, and when none can be read the window is office hours, 09:00 to 17:00, so an
unreadable note never means "any time, also at night". Times are wall-clock times in
Europe/Amsterdam, so a window keeps its hours across the change to and from summer time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from consent_common.models import SafeContact, Weekday
from consent_common.safe_hours import OFFICE_HOURS, parse_hours

__all__ = ["OFFICE_HOURS", "ZONE", "SafeWindow", "parse_hours"]

ZONE = ZoneInfo("Europe/Amsterdam")
_WEEKDAYS = list(Weekday)  # Monday first, as date.weekday() counts


@dataclass(frozen=True)
class SafeWindow:
    days: frozenset[int]  # 0 = Monday
    ranges: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, safe: SafeContact) -> SafeWindow:
        days = frozenset(_WEEKDAYS.index(day) for day in safe.days) or frozenset(range(7))
        return cls(days=days, ranges=parse_hours(safe.hours))

    def _local(self, day: dt.date, minutes: int) -> dt.datetime:
        """A wall-clock time on ``day`` as an aware UTC moment (a time skipped by the change
        to summer time counts as the first moment after the gap)."""
        naive = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes)
        moment = naive.replace(tzinfo=ZONE)
        utc = moment.astimezone(dt.UTC)
        if utc.astimezone(ZONE).replace(tzinfo=None) == naive:
            return utc
        # In the spring gap: the first minute whose wall-clock time is at or after ``naive``.
        candidate = moment.replace(fold=1).astimezone(dt.UTC)
        while candidate.astimezone(ZONE).replace(tzinfo=None) < naive:
            candidate += dt.timedelta(minutes=1)
        return candidate

    def opening(self, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
        """The window open at ``now`` (start, end), else the next one. Within 8 days always."""
        today = now.astimezone(ZONE).date()
        for offset in range(9):
            day = today + dt.timedelta(days=offset)
            if day.weekday() not in self.days:
                continue
            for start, end in self.ranges:
                opens, closes = self._local(day, start), self._local(day, end)
                if closes > now and opens < closes:
                    return max(opens, now), closes
        raise AssertionError("a safe window always opens within a week")  # pragma: no cover

    def next_open(self, now: dt.datetime) -> dt.datetime:
        return self.opening(now)[0]

    def is_open(self, now: dt.datetime) -> bool:
        return self.opening(now)[0] == now


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight of ``day`` in Dutch time, as an aware UTC moment."""
    return dt.datetime.combine(day, dt.time(), tzinfo=ZONE).astimezone(dt.UTC)


def dutch_date(moment: dt.datetime) -> dt.date:
    """The calendar day in the Netherlands at ``moment``."""
    return moment.astimezone(ZONE).date()
