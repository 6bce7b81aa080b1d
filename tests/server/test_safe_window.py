"""Reading the victim's safe hours, and the next safe moment in Dutch time."""

from __future__ import annotations

import datetime as dt

import pytest

from api_client.models import SafeContact, Weekday
from consent_server.safe_window import OFFICE_HOURS, SafeWindow, parse_hours


@pytest.mark.parametrize(
    ("text", "ranges"),
    [
        (None, ((0, 1440),)),
        ("", ((0, 1440),)),
        ("09:00-12:00", ((540, 720),)),
        ("9:00 to 12:00", ((540, 720),)),
        ("ma 09:30-11:00", ((570, 660),)),
        ("19.00 tot 21.00, 9-10", ((540, 600), (1140, 1260))),
        ("na 18:00", ((1080, 1440),)),
        ("before 12", ((0, 720),)),
        ("21:00-01:00", ((1260, 1440),)),
        ("only when my partner is out", OFFICE_HOURS),
        ("99:00-98:00", OFFICE_HOURS),
    ],
)
def test_safe_hours_are_read_from_the_victims_note(
    text: str | None, ranges: tuple[tuple[int, int], ...]
) -> None:
    assert parse_hours(text) == ranges


def test_a_time_skipped_by_summer_time_opens_right_after_the_gap() -> None:
    window = SafeWindow.of(SafeContact(days=[Weekday.sun], hours="02:30-04:00"))
    saturday = dt.datetime(2026, 3, 28, 12, 0, tzinfo=dt.UTC)
    # Sunday 29 March 2026: 02:00 becomes 03:00 (01:00 UTC); 02:30 does not exist.
    assert window.next_open(saturday) == dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC)


def test_inside_the_window_it_is_open_now_and_closes_at_its_end() -> None:
    window = SafeWindow.of(SafeContact(days=[Weekday.mon], hours="09:00-12:00"))
    monday_ten = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)  # 10:00 summer time
    assert window.is_open(monday_ten)
    assert window.opening(monday_ten)[1] == dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)
    assert not window.is_open(dt.datetime(2026, 6, 2, 8, 0, tzinfo=dt.UTC))
