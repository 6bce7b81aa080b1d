"""The safe hours a person types ("9:00 to 12:00", "09:00-12:00, 19:00-21:00", "na 18:00"),
read the same way by the server (which keeps to them) and the app (which refuses what it cannot
read, so no one's hours are silently replaced by office hours)."""

from __future__ import annotations

import re

DAY_MINUTES = 24 * 60
OFFICE_HOURS = ((9 * 60, 17 * 60),)

_TIME = r"(\d{1,2})(?:[:.h](\d{2}))?"
_RANGE = re.compile(_TIME + r"\s*(?:-|–|—|to|tot|until|t/m)\s*" + _TIME, re.IGNORECASE)
_AFTER = re.compile(r"(?:after|from|na|vanaf)\s*" + _TIME, re.IGNORECASE)
_BEFORE = re.compile(r"(?:before|until|voor|tot)\s*" + _TIME, re.IGNORECASE)


def _minutes(hour: str, minute: str | None) -> int | None:
    value = int(hour) * 60 + int(minute or 0)
    return value if int(hour) <= 24 and int(minute or 0) < 60 and value <= DAY_MINUTES else None


def read_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """The time ranges that can be read in ``text``, in minutes after midnight (maybe none).

    A range that runs past midnight ("21:00-01:00") is cut at midnight: the hours after it
    belong to another day, which may not be a safe day.
    """
    return _read(text)[0]


def _read(text: str) -> tuple[tuple[tuple[int, int], ...], str]:
    """The readable ranges, and the text with what was read taken out of it."""
    ranges: list[tuple[int, int]] = []
    rest = text
    for match in _RANGE.finditer(text):
        start, end = _minutes(match[1], match[2]), _minutes(match[3], match[4])
        if start is not None and end is not None:
            ranges.append((start, end if end > start else DAY_MINUTES))
            rest = _blank(rest, match)
    if not ranges:
        after, before = _AFTER.search(text), _BEFORE.search(text)
        if after is not None and (start := _minutes(after[1], after[2])) is not None:
            ranges.append((start, DAY_MINUTES))
            rest = _blank(rest, after)
        elif before is not None and (end := _minutes(before[1], before[2])) is not None and end:
            ranges.append((0, end))
            rest = _blank(rest, before)
    return tuple(sorted(ranges)), rest


def _blank(text: str, match: re.Match[str]) -> str:
    return text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]


def parse_hours(text: str | None) -> tuple[tuple[int, int], ...]:
    """Time ranges in minutes after midnight; all day without text, office hours if unreadable
    (the app refuses unreadable text, so this only meets text written by other clients)."""
    if text is None or not text.strip():
        return ((0, DAY_MINUTES),)
    return read_ranges(text) or OFFICE_HOURS


def hours_readable(text: str | None) -> bool:
    """Whether the safe hours the person typed say something the server can keep to, and
    nothing more that looks like a time: in "25:00 tot 12" only "tot 12" can be read, and
    keeping to that alone would not be what the person meant."""
    if text is None or not text.strip():
        return True
    ranges, rest = _read(text)
    return bool(ranges) and not any(character.isdigit() for character in rest)
