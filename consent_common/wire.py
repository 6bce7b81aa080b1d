"""What every wire model builds on: the base classes of request and response bodies, the
rules for text, booleans and dates people send, the roles and permissions every part refers
to, and a page of a list. The models themselves are in :mod:`consent_common.models` (which
re-exports these) and :mod:`consent_common.preferences`.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Annotated, Generic, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Strict,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$"
PASSPHRASE_MIN = 8
PASSPHRASE_MAX = 512


# Unicode's control characters (category Cc: C0, DEL and C1), as one search rather than a
# category lookup per character: every text field of every request passes here.
CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f]")


def _refuse_control_characters(value: str) -> str:
    """No control characters (C0, DEL, C1) in text people send: a NUL cannot be stored in
    PostgreSQL, and line breaks or escapes have no place in a one-line field."""
    if CONTROL_CHARACTER.search(value) is not None:
        raise PydanticCustomError("control_character", "Control characters are not allowed.")
    return value


# Every text field of a request body is Text (with its own length or pattern on top).
Text = Annotated[str, AfterValidator(_refuse_control_characters)]
Username = Annotated[Text, StringConstraints(pattern=USERNAME_PATTERN)]
Passphrase = Annotated[
    Text, StringConstraints(min_length=PASSPHRASE_MIN, max_length=PASSPHRASE_MAX)
]
# A passphrase checked against a stored hash is never stored itself and may predate the rule.
PassphraseToCheck = Annotated[str, StringConstraints(min_length=1, max_length=PASSPHRASE_MAX)]
ShortText = Annotated[Text, StringConstraints(max_length=200)]
Address = Annotated[Text, StringConstraints(max_length=300)]
LocaleCode = Annotated[Text, StringConstraints(pattern=r"^[a-z]{2}(_[A-Z]{2})?$")]
Token = Annotated[Text, StringConstraints(min_length=16, max_length=200)]


def _not_a_number(value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


# Booleans and dates people send are exact: true/false and "YYYY-MM-DD". Lax parsing would
# read 0, "no" or "off" as false and the number 0 as 1970-01-01: a guess the server must not make.
ExactBool = Annotated[bool, Strict()]
ExactDate = Annotated[dt.date, BeforeValidator(_not_a_number)]


class _Input(BaseModel):
    """Base for request bodies: unknown fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


class _Output(BaseModel):
    """Base for response bodies: tolerant of fields added by a newer server."""

    model_config = ConfigDict(extra="ignore")


class Role(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    victim = "victim"
    representative = "representative"
    staff = "staff"
    notifier = "notifier"


class Permission(str, enum.Enum):  # noqa: UP042 - str() stays the member name
    view = "view"
    edit = "edit"
    receive_notices = "receive_notices"


T = TypeVar("T")


class Page(_Output, Generic[T]):
    items: list[T]
    next_cursor: str | None = None
