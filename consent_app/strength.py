"""A simple passphrase strength estimate, shown to the person in words.

It only guides; the server has the final say (it also refuses common passphrases). Length
counts most, because a long phrase of ordinary words is both strong and easy to remember.
"""

from __future__ import annotations

import enum

from api_client.models import PASSPHRASE_MAX, PASSPHRASE_MIN
from consent_app.i18n import Msg


class Strength(enum.IntEnum):
    empty = 0
    too_short = 1
    weak = 2
    fair = 3
    strong = 4


def estimate(passphrase: str) -> Strength:
    if not passphrase:
        return Strength.empty
    if len(passphrase) < PASSPHRASE_MIN:
        return Strength.too_short
    distinct = len(set(passphrase.lower()))
    kinds = sum(
        (
            any(c.islower() for c in passphrase),
            any(c.isupper() for c in passphrase),
            any(c.isdigit() for c in passphrase),
            any(not c.isalnum() for c in passphrase),
        )
    )
    score = len(passphrase) + 2 * kinds + min(distinct, 12)
    if distinct <= 3:
        return Strength.weak
    if score >= 34:
        return Strength.strong
    if score >= 24:
        return Strength.fair
    return Strength.weak


def describe(strength: Strength) -> Msg | None:
    """The strength in words, with a bar so it never depends on colour."""
    if strength is Strength.empty:
        return None
    if strength is Strength.too_short:
        return Msg("[■□□□] Too short: use at least %(minimum)s characters.", minimum=PASSPHRASE_MIN)
    if strength is Strength.weak:
        return Msg("[■■□□] Weak: easy to guess. A few more words help.")
    if strength is Strength.fair:
        return Msg("[■■■□] Reasonable.")
    return Msg("[■■■■] Strong.")


def acceptable(passphrase: str) -> bool:
    return PASSPHRASE_MIN <= len(passphrase) <= PASSPHRASE_MAX
