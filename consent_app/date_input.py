"""Reading a date a person typed, with a message that says what exactly is wrong.

Day-month-year with -, / or . between (the way both languages write it), or ISO. A text in
that shape whose date does not exist (31-02-2027) gets its own message: the person did type
it the right way. Pure functions, no Textual.
"""

from __future__ import annotations

import datetime as dt
import re

from consent_app.i18n import Msg

_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
OLDEST_AGE_YEARS = 130

NOT_A_DATE = Msg("Please type the date as day-month-year, as shown above.")
NO_SUCH_DATE = Msg("This date does not exist. Please check the day and the month.")
BIRTH_AFTER_TODAY = Msg("A date of birth cannot be after today. Please check the date.")
BIRTH_LONG_AGO = Msg("This date of birth is very long ago. Please check the year.")


def read_date(text: str) -> tuple[dt.date | None, Msg | None]:
    """The date, or None and the message to show."""
    text = text.strip()
    if match := _DAY_MONTH_YEAR.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None, NOT_A_DATE
    try:
        return dt.date(year, month, day), None
    except ValueError:
        return None, NO_SUCH_DATE


def parse_date(text: str) -> dt.date | None:
    return read_date(text)[0]


def check_birth_date(text: str, today: dt.date) -> tuple[dt.date | None, Msg | None]:
    """A date of birth: a real date, not after today, not impossibly long ago."""
    value, problem = read_date(text)
    if value is None:
        return None, problem
    if value > today:
        return None, BIRTH_AFTER_TODAY
    if value.year < today.year - OLDEST_AGE_YEARS:
        return None, BIRTH_LONG_AGO
    return value, None
