"""Light checks of what the person types in the wizard, and the dates it shows.

Pure functions (no Textual), so each rule can be tested on its own. The checks are light on
purpose: they catch a typo, they do not judge anyone's address. Each returns a translated
:class:`~consent_app.i18n.Msg` to show next to the field, or None when the value is fine.
"""

from __future__ import annotations

import datetime as dt
import re

from api_client.models import ChannelKind
from consent_app.date_input import read_date
from consent_app.i18n import Msg, _, current_language
from consent_common.safe_hours import hours_readable

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE_PUNCTUATION = re.compile(r"[\s().\-/]")
MAX_ADDRESS = 300

# The channels that need an address to be useful; the app needs none, "in person" may name
# someone but does not have to.
ADDRESS_NEEDED = {ChannelKind.email, ChannelKind.phone, ChannelKind.post}


def check_email(value: str) -> Msg | None:
    if not _EMAIL.match(value.strip()):
        return Msg("This does not look like an e-mail address. Example: name@example.nl")
    return None


def check_hours(value: str) -> Msg | None:
    """Safe hours must hold at least one time the server can read, or the people who inform
    would have to guess (they then keep to office hours)."""
    if not hours_readable(value):
        return Msg("These times cannot be read. Write them like 9:00-12:00, or after 19:00.")
    return None


def check_phone(value: str) -> Msg | None:
    digits = _PHONE_PUNCTUATION.sub("", value.strip())
    if digits.startswith("+"):
        digits = digits[1:]
    if not digits.isdigit() or not 8 <= len(digits) <= 15:
        return Msg(
            "Type a phone number of 8 to 15 digits, for example 0612345678 or +31 6 12345678."
        )
    return None


def check_address(kind: ChannelKind, value: str) -> Msg | None:
    """The contact detail for one chosen channel."""
    value = value.strip()
    if len(value) > MAX_ADDRESS:
        return Msg("This is too long. Please make it shorter.")
    if not value:
        if kind in ADDRESS_NEEDED:
            return Msg("Please fill in where we can reach you this way.")
        return None
    if kind is ChannelKind.email:
        return check_email(value)
    if kind is ChannelKind.phone:
        return check_phone(value)
    return None


# --- dates -------------------------------------------------------------------------------------


def date_pattern() -> str:
    """How to type a date, in the active language (shown beside the field)."""
    return _("Day-month-year, for example %(example)s") % {"example": format_short_date(_EXAMPLE)}


_EXAMPLE = dt.date(2026, 12, 31)


def format_short_date(value: dt.date) -> str:
    """A date as typed in the active language: 31-12-2026 (nl) or 31/12/2026 (en)."""
    separator = "-" if current_language() == "nl" else "/"
    return f"{value.day:02d}{separator}{value.month:02d}{separator}{value.year:04d}"


def check_pause(text: str, today: dt.date) -> tuple[dt.date | None, Msg | None]:
    """The "not before" date, or a message saying what to fix."""
    value, problem = read_date(text)
    if value is None:
        return None, problem
    if value <= today:
        return None, Msg("This date is not in the future. Please choose a later date.")
    if value.year > today.year + 100:
        return None, Msg("This date is very far away. Please check the year.")
    return value, None
