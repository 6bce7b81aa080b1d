"""Safe-contact windows: the victim's safe days and hours, in Dutch time, enforced.

Days come from the preferences as weekdays (none chosen: every day). Hours are the free text
the victim typed ("9:00 to 12:00", "09:00-12:00, 19:00-21:00", "na 18:00"); the time ranges
in it are read, and when none can be read the window is office hours, 09:00 to 17:00, so an
unreadable note never means "any time, also at night". Times are wall-clock times in
Europe/Amsterdam, so a window keeps its hours across the change to and from summer time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from consent_common.models import SafeContact, Weekday

ZONE = ZoneInfo("Europe/Amsterdam")
_WEEKDAYS = list(Weekday)  # Monday first, as date.weekday() counts
_DAY_MINUTES = 24 * 60
OFFICE_HOURS = ((9 * 60, 17 * 60),)

_TIME = r"(\d{1,2})(?:[:.h](\d{2}))?"
_RANGE = re.compile(_TIME + r"\s*(?:-|–|—|to|tot|until|t/m)\s*" + _TIME, re.IGNORECASE)
_AFTER = re.compile(r"(?:after|from|na|vanaf)\s*" + _TIME, re.IGNORECASE)
_BEFORE = re.compile(r"(?:before|until|voor|tot)\s*" + _TIME, re.IGNORECASE)


def _minutes(hour: str, minute: str | None) -> int | None:
    value = int(hour) * 60 + int(minute or 0)
    return value if int(hour) <= 24 and int(minute or 0) < 60 and value <= _DAY_MINUTES else None


def parse_hours(text: str | None) -> tuple[tuple[int, int], ...]:
    """Time ranges in minutes after midnight; all day without text, office hours if unreadable.

    A range that runs past midnight ("21:00-01:00") is cut at midnight: the hours after it
    belong to another day, which may not be a safe day.
    """
    if text is None or not text.strip():
        return ((0, _DAY_MINUTES),)
    ranges: list[tuple[int, int]] = []
    for match in _RANGE.finditer(text):
        start, end = _minutes(match[1], match[2]), _minutes(match[3], match[4])
        if start is not None and end is not None:
            ranges.append((start, end if end > start else _DAY_MINUTES))
    if not ranges:
        after, before = _AFTER.search(text), _BEFORE.search(text)
        if after is not None and (start := _minutes(after[1], after[2])) is not None:
            ranges.append((start, _DAY_MINUTES))
        elif before is not None and (end := _minutes(before[1], before[2])) is not None and end:
            ranges.append((0, end))
    return tuple(sorted(ranges)) or OFFICE_HOURS


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
